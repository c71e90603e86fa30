"""Survey and evaluation sessions (buổi khảo sát, đánh giá) and what they record."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.inputs import (
    MAX_COUNT,
    MAX_DATE,
    MAX_YEAR,
    MIN_DATE,
    MIN_YEAR,
    count_message,
    count_validators,
    date_message,
    date_validators,
    year_message,
    year_validators,
)
from core.models import AuditedModel
from models_registry.models import Field, MobilizationModel
from units import places, scoping
from units.models import AdministrativeUnit


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    FINAL = "final", _("final")


class SurveySessionQuerySet(models.QuerySet):
    def restrict(self, user, action=scoping.Action.VIEW):
        return scoping.restrict_sessions(self, user, action)


@places.searched_by_place("title", "head_name")
class SurveySession(AuditedModel):
    """A visit of a steering committee's delegation that evaluates the movement in one
    unit over a period, as reported (e.g. Cẩm Xuyên, 5/6/2023, period 2008–2023)."""

    date = models.DateField(_("date"), validators=date_validators())
    title = models.CharField(_("title"), max_length=300)
    delegation = models.CharField(
        _("delegation"), max_length=300, help_text=_("The steering body whose delegation surveyed.")
    )
    head_name = models.CharField(_("head of delegation"), max_length=150)
    head_title = models.CharField(_("title of the head"), max_length=200, blank=True)
    chairs = models.TextField(
        _("chairs of the meeting"), blank=True, help_text=_("One per line: title and name.")
    )
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("surveyed unit"), on_delete=models.PROTECT, related_name="survey_sessions"
    )
    period_start = models.PositiveSmallIntegerField(_("period start (year)"), validators=year_validators())
    period_end = models.PositiveSmallIntegerField(_("period end (year)"), validators=year_validators())
    reported_total = models.PositiveIntegerField(
        _("reported total"),
        null=True,
        blank=True,
        validators=count_validators(),
        help_text=_("Total number of models as reported; must equal the sum of the counts by field."),
    )
    source = models.CharField(_("source"), max_length=500, blank=True, help_text=_("E.g. a newspaper URL."))
    summary = models.TextField(_("summary"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SessionStatus.choices,
        default=SessionStatus.DRAFT,
        help_text=_(
            "A draft is not counted in the statistics. Choose “final” (or finalise the figures from the "
            "session's page) once the counts are complete."
        ),
    )
    visited_models = models.ManyToManyField(
        MobilizationModel, verbose_name=_("visited models"), blank=True, related_name="visiting_sessions"
    )
    search_text = models.TextField(_("search text"), editable=False, default="")

    history = HistoricalRecords(m2m_fields=[visited_models])
    objects = SurveySessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey session")
        verbose_name_plural = _("survey sessions")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["unit", "period_end"], name="session_unit_period_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=F("period_end")),
                name="session_period_ordered",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__gte=MIN_YEAR, period_end__lte=MAX_YEAR), name="session_period_range",
                violation_error_message=year_message(),
            ),
            models.CheckConstraint(
                condition=Q(date__gte=MIN_DATE, date__lte=MAX_DATE), name="session_date_range",
                violation_error_message=date_message(),
            ),
            models.CheckConstraint(
                condition=Q(reported_total__isnull=True) | Q(reported_total__gte=0, reported_total__lte=MAX_COUNT),
                name="session_reported_total_range",
                violation_error_message=count_message(),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.search_text = places.record_text(self, None, AdministrativeUnit.objects)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("surveys:session_detail", args=[self.pk])

    def counts_total(self) -> int:
        return self.reported_counts.aggregate(total=Sum("count"))["total"] or 0

    def total_mismatch(self, counts_sum: int) -> str:
        """The one check that the optional reported total is the sum of the counts by field
        (the page, the admin, the import and finalising all ask here): "" when it is, or when
        no total was reported; else the problem in words, both numbers and the difference."""
        reported = self.reported_total
        if reported is None or reported == counts_sum:
            return ""
        return _(
            "the reported total (%(reported)s) is not the sum of the counts by field (%(sum)s): "
            "the difference is %(difference)s"
        ) % {
            "reported": number_format(reported, force_grouping=True),
            "sum": number_format(counts_sum, force_grouping=True),
            "difference": number_format(reported - counts_sum, force_grouping=True),
        }

    def finalise_problems(self) -> list[str]:
        """Why the figures cannot be finalised yet: a count missing for an active field, a
        reported total that is not their sum. Empty: the session is complete."""
        problems = []
        counted = self.reported_counts.values_list("field_id", flat=True)
        missing = [field.name for field in Field.objects.filter(is_active=True).exclude(pk__in=counted)]
        if missing:
            problems.append(_("no count yet for %(fields)s") % {"fields": ", ".join(missing)})
        if mismatch := self.total_mismatch(self.counts_total()):
            problems.append(mismatch)
        return problems

    def clean(self):
        super().clean()
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period cannot end before it starts.")
        if self.unit_id and self.date and not self.unit.is_valid_on(self.date):
            errors["unit"] = _("%(unit)s did not exist on %(date)s: choose the unit valid on the session date.") % {
                "unit": self.unit.name,
                "date": self.date.strftime("%d/%m/%Y"),
            }
        if errors:
            raise ValidationError(errors)


class ReportedCount(models.Model):
    """How many models the surveyed unit reported in one field over the session's period."""

    session = models.ForeignKey(
        SurveySession, verbose_name=_("survey session"), on_delete=models.CASCADE, related_name="reported_counts"
    )
    field = models.ForeignKey(Field, verbose_name=_("field"), on_delete=models.PROTECT, related_name="reported_counts")
    count = models.PositiveIntegerField(_("number of models"), validators=count_validators())

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reported count")
        verbose_name_plural = _("reported counts")
        ordering = ["field__order", "field__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "field"],
                name="count_unique_per_session_field",
                violation_error_message=_("This field already has a count in this session."),
            ),
            models.CheckConstraint(
                condition=Q(count__gte=0, count__lte=MAX_COUNT), name="count_range",
                violation_error_message=count_message(),
            ),
        ]

    def __str__(self):
        return f"{self.field}: {self.count}"


class Indicator(models.Model):
    """A socio-economic indicator as reported: a number, a ratio ("10/10") or words
    ("đô thị loại II"). `value_text` keeps it as said; `value_number` when it is one."""

    session = models.ForeignKey(
        SurveySession, verbose_name=_("survey session"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("indicator"), max_length=300)
    value_text = models.CharField(_("value as reported"), max_length=200)
    value_number = models.DecimalField(_("numeric value"), max_digits=18, decimal_places=4, null=True, blank=True)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, validators=year_validators())
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("socio-economic indicator")
        verbose_name_plural = _("socio-economic indicators")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR), name="indicator_year_range",
                violation_error_message=year_message(),
            ),
        ]

    def __str__(self):
        return f"{self.name}: {self.value_text}"


class Proposal(models.Model):
    """A proposal (kiến nghị, đề xuất) raised by the locality or by delegates."""

    session = models.ForeignKey(
        SurveySession, verbose_name=_("survey session"), on_delete=models.CASCADE, related_name="proposals"
    )
    raised_by = models.CharField(_("raised by"), max_length=300, blank=True)
    text = models.TextField(_("proposal"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text[:80]


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")


class RecommendationQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        return scoping.restrict_recommendations(self, user, action)

    def overdue(self, today):
        """Not done, and due before `today`."""
        return self.filter(due_date__lt=today).exclude(follow_up_status=FollowUpStatus.DONE)


DUE_BEFORE_SESSION = _("The due date cannot be before the session (%(date)s).")


class Recommendation(models.Model):
    """A conclusion or request of the head of delegation, to be followed up by the unit it is
    addressed to (`responsible_unit`), whose officers update its status and add progress notes."""

    session = models.ForeignKey(
        SurveySession, verbose_name=_("survey session"), on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField(_("conclusion or request"))
    responsible = models.CharField(
        _("responsible unit or organisation"), max_length=300, blank=True,
        help_text=_("As the conclusion names it, e.g. Huyện ủy Cẩm Xuyên."),
    )
    responsible_unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("responsible unit (follows up)"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="recommendations",
        help_text=_("The officers of this unit update the status and add progress notes."),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True, validators=date_validators())
    follow_up_status = models.CharField(
        _("follow-up status"), max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("conclusion and request")
        verbose_name_plural = _("conclusions and requests")
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["responsible_unit", "due_date"], name="recommendation_unit_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__isnull=True) | Q(due_date__gte=MIN_DATE, due_date__lte=MAX_DATE),
                name="recommendation_due_date_range",
                violation_error_message=date_message(),
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return reverse("surveys:follow_up_detail", args=[self.pk])

    @property
    def responsible_name(self) -> str:
        """The responsible as the conclusion names it, else the unit's name."""
        if self.responsible:
            return self.responsible
        return self.responsible_unit.name if self.responsible_unit_id else ""

    def is_overdue(self, today) -> bool:
        return bool(self.due_date and self.due_date < today and self.follow_up_status != FollowUpStatus.DONE)

    def clean(self):
        super().clean()
        session = self.session if Recommendation.session.is_cached(self) else None
        if self.due_date and session is not None and session.date and self.due_date < session.date:
            raise ValidationError({"due_date": DUE_BEFORE_SESSION % {"date": session.date.strftime("%d/%m/%Y")}})


class ProgressNote(models.Model):
    """A dated note on how a request is being carried out, with the status it was given then.
    Notes are only added, never edited: together they are the request's follow-up history."""

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("conclusion and request"), on_delete=models.CASCADE,
        related_name="progress_notes",
    )
    text = models.TextField(_("progress note"))
    status = models.CharField(_("follow-up status"), max_length=12, choices=FollowUpStatus.choices)
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="progress_note_not_empty"),
        ]

    def __str__(self):
        return self.text[:80]


class ReminderStep(models.TextChoices):
    BEFORE = "before", _("before the due date")
    OVERDUE = "overdue", _("after the due date")


class Reminder(models.Model):
    """That the reminder of one step was sent for a request: each step is sent once (the unique
    constraint is what a sender claims, so two senders at once send it once)."""

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("conclusion and request"), on_delete=models.CASCADE, related_name="reminders"
    )
    step = models.CharField(_("step"), max_length=10, choices=ReminderStep.choices)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "step"], name="recommendation_reminder_once"),
        ]

    def __str__(self):
        return f"{self.recommendation_id}: {self.step}"
