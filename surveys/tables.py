"""The survey sessions list's table (/khao-sat/) and the follow-up list's (/theo-doi/)."""

import django_tables2 as tables
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
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


class RecommendationTable(ListTable):
    """The follow-up list (/theo-doi/): a request, its session (a link for those who may see the
    session), who follows it up, its due date (overdue flagged against `today`), its status (with
    the link to update it, for those who may) and its progress notes."""

    text = tables.Column(verbose_name=_("Conclusion or request"))
    session = tables.Column(verbose_name=_("Survey session"))
    responsible = tables.Column(verbose_name=_("Responsible"), accessor="responsible_name", default="—")
    due_date = tables.Column(verbose_name=_("Due date"), default="—", attrs={"td": {"class": "nowrap"}})
    status = tables.Column(verbose_name=_("Status"), accessor="follow_up_status")
    notes = tables.Column(verbose_name=_("Progress notes"), accessor="pk")

    class Meta(ListTable.Meta):
        row_attrs = {"id": lambda record: f"rec-{record.pk}"}  # a request's row, for links and tests

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def render_text(self, record):
        return format_html('<a href="{}">{}</a>', reverse("surveys:follow_up_detail", args=[record.pk]),
                           Truncator(record.text).words(30))

    def render_session(self, record):
        session = record.session
        title = (format_html('<a href="{}">{}</a>', reverse("surveys:session_detail", args=[session.pk]), session.title)
                 if record.session_visible else session.title)
        return format_html('{} <span class="muted">({})</span>', title, date_format(session.date, "d/m/Y"))

    def render_due_date(self, record):
        if record.due_date is None:
            return "—"
        overdue = ""
        if record.is_overdue(self.today):
            overdue = format_html(' <span class="tag warn">{}</span>', _("overdue"))
        return format_html("{}{}", date_format(record.due_date, "d/m/Y"), overdue)

    def render_status(self, record):
        update = format_html(' · <a href="{}#follow-up">{}</a>', reverse("surveys:follow_up_detail", args=[record.pk]),
                             _("Update")) if record.may_update else ""
        return format_html('<span class="status status-{}">{}</span>{}', record.follow_up_status,
                           record.get_follow_up_status_display(), update)

    def render_notes(self, record):
        notes = record.progress_notes.all()
        if not notes:
            return format_html('<span class="muted">{}</span>', "—")
        return format_html_join("", '<p class="small"><span class="muted">{}{}:</span> {}</p>', (
            (date_format(timezone.localtime(note.created_at), "d/m/Y"),
             f" · {note.created_by.get_full_name() or note.created_by.username}" if note.created_by else "",
             Truncator(note.text).words(25))
            for note in notes
        ))
