"""Periodic reports (sơ kết 6 tháng, tổng kết năm): every unit reports its models by field for a
period; the province approves, returns or reopens; completeness and reminders follow.

The calendar (kinds, periods, who reports) is data an administrator keeps, with the defaults of
Nghị định 09/2019/NĐ-CP Điều 12 (docs/reports.md).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.inputs import MAX_COUNT, MAX_DATE, MIN_DATE, count_message, count_validators, year_validators
from core.models import AuditedModel
from models_registry.models import Field
from units import scoping
from units.models import AdministrativeUnit, UnitLevel

# Months a period of a kind may last: they divide the year, so its periods tile it.
PERIOD_MONTHS = [(1, _("one month")), (3, _("three months")), (6, _("six months")), (12, _("one year"))]
ROMAN = ["I", "II", "III", "IV"]


def bounded(low, high):
    return [MinValueValidator(low), MaxValueValidator(high)]


class ReportingKind(models.Model):
    """A kind of periodic report ("6 tháng", "Năm") and its calendar rules.

    A period of a kind covers `period_months` months and ends on its cut-off day of its last
    month; it starts the day after the cut-off of the month before its first month. With the
    defaults (cut-off day 14) a six-month period runs 15/12 of the previous year → 14/6 and a
    year 15/12 → 14/12 (NĐ 09/2019 Điều 12); cut-off day 31 gives calendar periods. A Party body
    sets its own rules: they are rows, not code."""

    name = models.CharField(_("name"), max_length=100, unique=True, help_text=_("E.g. 6 tháng, Năm."))
    code = models.SlugField(_("code"), max_length=30, unique=True)
    period_months = models.PositiveSmallIntegerField(_("months per period"), choices=PERIOD_MONTHS)
    periods_per_year = models.PositiveSmallIntegerField(
        _("periods per year"), default=1, validators=bounded(1, 12),
        help_text=_("Counted from the start of the year: 1 for the six-month report of NĐ 09/2019, whose second "
                    "half is covered by the year's report."),
    )
    cutoff_day = models.PositiveSmallIntegerField(
        _("cut-off day"), default=14, validators=bounded(1, 31),
        help_text=_("Figures are counted up to this day of the period's last month (31: its last day)."),
    )
    deadline_working_days = models.PositiveSmallIntegerField(
        _("working days to submit"), default=2, validators=bounded(0, 60),
        help_text=_("The deadline is this many working days after the cut-off (Saturdays, Sundays and the "
                    "recorded holidays are not working days)."),
    )
    grace_days = models.PositiveSmallIntegerField(
        _("grace days"), default=5, validators=bounded(0, 90),
        help_text=_("Days after the deadline during which a late report is still accepted; then entry closes."),
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        _("reminder days before the deadline"), default=3, validators=bounded(0, 30),
        help_text=_("Units that have not submitted are reminded this many days before the deadline, and the "
                    "day after it."),
    )
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Periods are generated for active kinds."))
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("kind of periodic report")
        verbose_name_plural = _("kinds of periodic report")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(period_months__in=[m for m, _label in PERIOD_MONTHS]),
                                   name="reportingkind_months_divide_year"),
            models.CheckConstraint(
                condition=Q(periods_per_year__gte=1)
                & Q(LessThanOrEqual(F("period_months") * F("periods_per_year"), 12)),
                name="reportingkind_periods_fit_year",
                violation_error_message=_("The periods of one year cannot cover more than twelve months."),
            ),
            models.CheckConstraint(condition=Q(cutoff_day__gte=1, cutoff_day__lte=31),
                                   name="reportingkind_cutoff_day_range"),
            models.CheckConstraint(condition=Q(deadline_working_days__lte=60), name="reportingkind_deadline_range"),
            models.CheckConstraint(condition=Q(grace_days__lte=90), name="reportingkind_grace_range"),
            models.CheckConstraint(condition=Q(reminder_days_before__lte=30), name="reportingkind_reminder_range"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.period_months and self.periods_per_year and self.period_months * self.periods_per_year > 12:
            raise ValidationError({"periods_per_year": _(
                "The periods of one year cannot cover more than twelve months.")})


class ReportingLevelRule(models.Model):
    """Which level of units reports, from a day on: the rules with the latest `valid_from` not after
    a period's cut-off give its levels. Defaults: the districts until 30/6/2025, the communes and
    wards from 1/7/2025 (two-tier local government)."""

    valid_from = models.DateField(_("valid from"), validators=[MinValueValidator(MIN_DATE),
                                                                MaxValueValidator(MAX_DATE)])
    level = models.CharField(_("reporting level"), max_length=10, choices=UnitLevel.choices)

    class Meta:
        verbose_name = _("reporting level")
        verbose_name_plural = _("reporting levels")
        ordering = ["valid_from", "level"]
        constraints = [
            models.UniqueConstraint(fields=["valid_from", "level"], name="reportinglevel_unique_per_day",
                                    violation_error_message=_("This level already reports from this day.")),
            models.CheckConstraint(condition=~Q(level=UnitLevel.PROVINCE), name="reportinglevel_not_province",
                                   violation_error_message=_("The province approves the reports; it does not "
                                                             "report to itself.")),
        ]

    def __str__(self):
        return f"{self.get_level_display()} ({self.valid_from:%d/%m/%Y})"


def levels_on(day: datetime.date) -> list[str]:
    """The reporting levels in force on `day` (one query)."""
    rules = ReportingLevelRule.objects.filter(valid_from__lte=day)
    latest = rules.order_by("-valid_from").values("valid_from")[:1]
    return list(rules.filter(valid_from=models.Subquery(latest)).values_list("level", flat=True))


class Holiday(models.Model):
    """A public holiday that is not a working day (Tết, 30/4, 1/5, 2/9…): deadlines skip it."""

    date = models.DateField(_("date"), unique=True, validators=[MinValueValidator(MIN_DATE),
                                                                 MaxValueValidator(MAX_DATE)])
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date"]

    def __str__(self):
        return f"{self.name} ({self.date:%d/%m/%Y})"


class ReportingPeriod(models.Model):
    """One period of a kind ("6 tháng đầu năm 2026"): its dates and which levels report for it.

    Generated from the kind's rules (`reports.calendar.generate_periods`), then its own data: an
    administrator may move a deadline without touching other years."""

    kind = models.ForeignKey(ReportingKind, verbose_name=_("kind of report"), on_delete=models.PROTECT,
                             related_name="periods")
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators())
    number = models.PositiveSmallIntegerField(_("number in the year"), default=1, validators=bounded(1, 12))
    start = models.DateField(_("first day"))
    cutoff = models.DateField(_("cut-off day"), help_text=_("Figures are counted up to this day."))
    deadline = models.DateField(_("deadline"), help_text=_("A report submitted after this day is late."))
    closes_on = models.DateField(
        _("entry closes after"),
        help_text=_("The last day figures can be entered (the deadline and the grace days); after it, only where "
                    "the province reopens entry."),
    )

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-cutoff", "kind__order", "kind__name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "number"], name="period_unique_per_kind_year",
                                    violation_error_message=_("This period already exists.")),
            models.CheckConstraint(condition=Q(start__lte=F("cutoff")), name="period_start_before_cutoff",
                                   violation_error_message=_("The cut-off day cannot be before the first day.")),
            models.CheckConstraint(condition=Q(cutoff__lte=F("deadline")), name="period_cutoff_before_deadline",
                                   violation_error_message=_("The deadline cannot be before the cut-off day.")),
            models.CheckConstraint(condition=Q(deadline__lte=F("closes_on")), name="period_deadline_before_close",
                                   violation_error_message=_("Entry cannot close before the deadline.")),
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=12), name="period_number_range"),
            models.CheckConstraint(condition=Q(start__gte=MIN_DATE, closes_on__lte=MAX_DATE),
                                   name="period_dates_range"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """"6 tháng đầu năm 2026", "Năm 2026", "Quý II năm 2026", "Tháng 5 năm 2026"."""
        months = self.kind.period_months
        values = {"year": self.year, "number": self.number}
        if months == 12:
            return gettext("Year %(year)s") % values
        if months == 6:
            half = gettext("First six months of %(year)s") if self.number == 1 else gettext(
                "Last six months of %(year)s")
            return half % values
        if months == 3:
            return gettext("Quarter %(roman)s of %(year)s") % {**values, "roman": ROMAN[self.number - 1]}
        return gettext("Month %(number)s of %(year)s") % values

    def clean(self):
        super().clean()
        for first, second, message in [
            ("start", "cutoff", _("The cut-off day cannot be before the first day.")),
            ("cutoff", "deadline", _("The deadline cannot be before the cut-off day.")),
            ("deadline", "closes_on", _("Entry cannot close before the deadline.")),
        ]:
            if getattr(self, first) and getattr(self, second) and getattr(self, second) < getattr(self, first):
                raise ValidationError({second: message})

    def level_codes(self) -> list[str]:
        """The levels that report for this period (the prefetched `levels`, else one query)."""
        return [row.level for row in self.levels.all()]


class PeriodLevel(models.Model):
    """A level of units that reports for a period (copied from the rules when it is generated)."""

    period = models.ForeignKey(ReportingPeriod, verbose_name=_("reporting period"), on_delete=models.CASCADE,
                               related_name="levels")
    level = models.CharField(_("reporting level"), max_length=10, choices=UnitLevel.choices)

    class Meta:
        verbose_name = _("reporting level of the period")
        verbose_name_plural = _("reporting levels of the period")
        ordering = ["level"]
        constraints = [
            models.UniqueConstraint(fields=["period", "level"], name="periodlevel_unique",
                                    violation_error_message=_("This level already reports for this period.")),
            models.CheckConstraint(condition=~Q(level=UnitLevel.PROVINCE), name="periodlevel_not_province"),
        ]

    def __str__(self):
        return self.get_level_display()


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned")


# Statuses of a report that has been submitted at least once.
SUBMITTED_STATUSES = [ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.RETURNED]
# Statuses in which the unit may still write its figures.
EDITABLE_STATUSES = [ReportStatus.DRAFT, ReportStatus.RETURNED]


class PeriodicReportQuerySet(models.QuerySet):
    def restrict(self, user, action=scoping.Action.VIEW):
        return scoping.restrict_reports(self, user, action)


class PeriodicReport(AuditedModel):
    """One unit's report for one period: counts by field (`ReportLine`) and the narrative a report
    carries. Draft → submitted (the unit) → approved, or returned with a comment (the province); an
    approved report is locked until the province reopens it. Every step is in `transitions`."""

    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="periodic_reports")
    period = models.ForeignKey(ReportingPeriod, verbose_name=_("reporting period"), on_delete=models.PROTECT,
                               related_name="reports")
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    submitted_at = models.DateTimeField(
        _("submitted at"), null=True, blank=True,
        help_text=_("When the report was first submitted: on time or late is decided by this."),
    )
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"),
                                     on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    is_late = models.BooleanField(_("late"), default=False)
    entry_open_until = models.DateField(
        _("entry reopened until"), null=True, blank=True,
        help_text=_("Set by the province: the unit may enter and submit until this day, after the period closed."),
    )
    results = models.TextField(_("results"), blank=True)
    shortcomings = models.TextField(_("shortcomings and causes"), blank=True)
    next_tasks = models.TextField(_("tasks for the coming period"), blank=True)
    proposals = models.TextField(_("proposals and recommendations"), blank=True)
    is_sample = models.BooleanField(
        _("sample data"), default=False, editable=False,
        help_text=_("Made up for the demonstration: never a unit's real figures."),
    )

    history = HistoricalRecords()
    objects = PeriodicReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        ordering = ["period", "unit__name"]
        indexes = [models.Index(fields=["period", "status"], name="report_period_status_idx")]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="report_unique_per_unit_period",
                                    violation_error_message=_("This unit already has a report for this period.")),
            models.CheckConstraint(condition=Q(status__in=ReportStatus.values), name="report_status_valid"),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.DRAFT, submitted_at__isnull=True)
                | Q(status__in=SUBMITTED_STATUSES, submitted_at__isnull=False),
                name="report_submitted_has_date",
            ),
            models.CheckConstraint(condition=Q(is_late=False) | Q(submitted_at__isnull=False),
                                   name="report_late_only_if_submitted"),
        ]

    def __str__(self):
        return f"{self.unit.name} — {self.period}"

    def get_absolute_url(self):
        return reverse("reports:report", args=[self.period_id, self.unit_id])

    @property
    def is_locked(self) -> bool:
        return self.status not in EDITABLE_STATUSES


class ReportLine(models.Model):
    """A report's counts for one field (lĩnh vực). Recognitions count the models in operation at
    the cut-off by the level that recognised them, so they cannot add up to more; exemplary
    collectives and individuals (điển hình) are counted on their own, as provinces report them."""

    report = models.ForeignKey(PeriodicReport, verbose_name=_("periodic report"), on_delete=models.CASCADE,
                               related_name="lines")
    field = models.ForeignKey(Field, verbose_name=_("field"), on_delete=models.PROTECT, related_name="report_lines")
    in_operation = models.PositiveIntegerField(_("models in operation at the cut-off"), default=0,
                                               validators=count_validators())
    newly_registered = models.PositiveIntegerField(_("newly registered in the period"), default=0,
                                                   validators=count_validators())
    recognised_commune = models.PositiveIntegerField(_("recognised by the commune"), default=0,
                                                     validators=count_validators())
    recognised_district = models.PositiveIntegerField(_("recognised by the district"), default=0,
                                                      validators=count_validators())
    recognised_province = models.PositiveIntegerField(_("recognised by the province"), default=0,
                                                      validators=count_validators())
    recognised_central = models.PositiveIntegerField(_("recognised by the central level"), default=0,
                                                     validators=count_validators())
    exemplary_collectives = models.PositiveIntegerField(_("exemplary collectives"), default=0,
                                                        validators=count_validators())
    exemplary_individuals = models.PositiveIntegerField(_("exemplary individuals"), default=0,
                                                        validators=count_validators())

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report line")
        verbose_name_plural = _("report lines")
        ordering = ["field__order", "field__name"]
        constraints = [
            models.UniqueConstraint(fields=["report", "field"], name="reportline_unique_per_field",
                                    violation_error_message=_("This field already has a line in this report.")),
            *[
                models.CheckConstraint(condition=Q(**{f"{name}__gte": 0, f"{name}__lte": MAX_COUNT}),
                                       name=f"reportline_{name}_range", violation_error_message=count_message())
                for name in ("in_operation", "newly_registered", "recognised_commune", "recognised_district",
                             "recognised_province", "recognised_central", "exemplary_collectives",
                             "exemplary_individuals")
            ],
            models.CheckConstraint(
                condition=Q(in_operation__gte=F("recognised_commune") + F("recognised_district")
                            + F("recognised_province") + F("recognised_central")),
                name="reportline_recognised_within_operation",
                violation_error_message=_("The models recognised cannot be more than the models in operation."),
            ),
        ]

    def __str__(self):
        return f"{self.report} — {self.field}"

    @property
    def recognised(self) -> int:
        return self.recognised_commune + self.recognised_district + self.recognised_province + self.recognised_central


# The counts of a line, in the order of the report form and of exports.
COUNT_NAMES = [
    "in_operation", "newly_registered", "recognised_commune", "recognised_district", "recognised_province",
    "recognised_central", "exemplary_collectives", "exemplary_individuals",
]
RECOGNISED_NAMES = COUNT_NAMES[2:6]


class TransitionAction(models.TextChoices):
    SUBMIT = "submit", _("submitted")
    APPROVE = "approve", _("approved")
    RETURN = "return", _("returned for correction")
    REOPEN = "reopen", _("reopened")
    EXTEND = "extend", _("entry reopened")


# Actions that need a comment or a reason.
EXPLAINED_ACTIONS = [TransitionAction.RETURN, TransitionAction.REOPEN, TransitionAction.EXTEND]


class ReportTransition(models.Model):
    """One step of a report's workflow: who did what when, and why (a return's comment, a
    reopening's reason)."""

    report = models.ForeignKey(PeriodicReport, verbose_name=_("periodic report"), on_delete=models.CASCADE,
                               related_name="transitions")
    action = models.CharField(_("action"), max_length=10, choices=TransitionAction.choices)
    from_status = models.CharField(_("from status"), max_length=10, choices=ReportStatus.choices)
    to_status = models.CharField(_("to status"), max_length=10, choices=ReportStatus.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True,
                             related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.TextField(_("comment or reason"), blank=True)

    class Meta:
        verbose_name = _("report workflow step")
        verbose_name_plural = _("report workflow steps")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=TransitionAction.values), name="transition_action_valid"),
            models.CheckConstraint(condition=~Q(action__in=EXPLAINED_ACTIONS) | ~Q(comment=""),
                                   name="transition_explained",
                                   violation_error_message=_("A return or a reopening needs its reason.")),
        ]

    def __str__(self):
        return f"{self.report}: {self.get_action_display()}"


class ReminderStep(models.TextChoices):
    BEFORE = "before", _("before the deadline")
    AFTER = "after", _("the day after the deadline")


class ReminderKind(models.TextChoices):
    UNIT = "unit", _("to the unit's officers")
    SUMMARY = "summary", _("summary to the province")


class SentReminder(models.Model):
    """A reminder that was sent: one per period, unit and step (and one summary per province and
    step), so that running the reminders again sends nothing twice."""

    period = models.ForeignKey(ReportingPeriod, verbose_name=_("reporting period"), on_delete=models.CASCADE,
                               related_name="reminders")
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("unit"), on_delete=models.CASCADE,
                             related_name="+", help_text=_("The unit reminded, or the province summarised."))
    step = models.CharField(_("step"), max_length=10, choices=ReminderStep.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices, default=ReminderKind.UNIT)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit", "step", "kind"], name="reminder_once_per_step",
                                    violation_error_message=_("This reminder was already sent.")),
            models.CheckConstraint(condition=Q(step__in=ReminderStep.values), name="reminder_step_valid"),
            models.CheckConstraint(condition=Q(kind__in=ReminderKind.values), name="reminder_kind_valid"),
        ]

    def __str__(self):
        return f"{self.period} — {self.unit.name} ({self.get_step_display()})"
