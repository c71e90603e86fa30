"""The registry list's table (/mo-hinh/)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.tables import NUMBER, ListTable
from models_registry.filtersets import SORTS


def sorted_by(key):
    """A column sorted as the filter form's "Sort by" sorts (`SORTS`: Vietnamese order)."""

    def order(table, queryset, is_descending):
        return queryset.order_by(*SORTS[f"-{key}" if is_descending else key][1]()), True

    return order


class MobilizationModelTable(ListTable):
    name = tables.Column(verbose_name=_("Model"), orderable=True)
    field = tables.Column(verbose_name=_("Field"), accessor="field__name")
    unit = tables.Column(verbose_name=_("Unit"))
    year = tables.Column(verbose_name=_("Since"), accessor="year_started", orderable=True, attrs=NUMBER)
    recognition = tables.Column(verbose_name=_("Recognition"), accessor="recognition_level")
    status = tables.Column(verbose_name=_("Status"), accessor="get_status_display")

    class Meta(ListTable.Meta):
        pass

    order_name = sorted_by("name")
    order_year = sorted_by("year")

    def render_name(self, record):
        tags = [(_("exemplary"), "tag good")] if record.is_exemplary else []
        if not record.is_published:  # where it is in the publishing queue: draft, awaiting approval, returned
            tags.append((record.get_review_status_display(), f"tag review-{record.review_status}"))
        return format_html(
            '<a href="{}">{}</a>{}', reverse("models_registry:model_detail", args=[record.pk]), record.name,
            format_html_join("", ' <span class="{}">{}</span>', ((css, label) for label, css in tags)),
        )

    def render_recognition(self, record):
        label = record.get_recognition_level_display()
        return f"{label} ({record.recognition_year})" if record.recognition_year else label


class ReviewQueueTable(ListTable):
    """The publishing queue ("Chờ duyệt", /mo-hinh/cho-duyet/): the models awaiting approval,
    the oldest sent first, each linked to its page's review form."""

    name = tables.Column(verbose_name=_("Model"))
    field = tables.Column(verbose_name=_("Field"), accessor="field__name")
    unit = tables.Column(verbose_name=_("Unit"))
    submitted_at = tables.Column(verbose_name=_("Sent for approval"))

    class Meta(ListTable.Meta):
        pass

    def render_name(self, record):
        return format_html('<a href="{}#review">{}</a>', reverse("models_registry:model_detail", args=[record.pk]),
                           record.name)

    def render_submitted_at(self, record):
        sent = date_format(timezone.localtime(record.submitted_at), "d/m/Y")
        sender = record.submitted_by
        if sender is None:
            return sent
        return format_html("{} · {}", sent, sender.get_full_name() or sender.username)
