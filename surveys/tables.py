"""The survey sessions list's table (/khao-sat/)."""

import django_tables2 as tables
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import NUMBER, ListTable


class SurveySessionTable(ListTable):
    date = tables.DateColumn(verbose_name=_("Date"), format="d/m/Y", orderable=True, order_by=("date", "pk"))
    title = tables.Column(verbose_name=_("Session"))
    unit = tables.Column(verbose_name=_("Surveyed unit"))
    period = tables.Column(
        verbose_name=_("Period"), accessor="period_end", orderable=True, order_by=("period_end", "period_start", "pk"),
        attrs={"td": {"class": "nowrap"}},
    )
    counts_sum = tables.Column(verbose_name=_("Models reported"), attrs=NUMBER, default=0)
    status = tables.Column(verbose_name=_("Status"), accessor="get_status_display")

    class Meta(ListTable.Meta):
        pass

    def render_title(self, record):
        return format_html('<a href="{}">{}</a>', reverse("surveys:session_detail", args=[record.pk]), record.title)

    def render_period(self, record):
        return f"{record.period_start}–{record.period_end}"

    def render_counts_sum(self, value):
        return intcomma(value)
