"""Periodic reports, the model layer: the calendar of NĐ 09/2019, period generation, and the rules
the database itself enforces (named constraints), on SQLite and PostgreSQL alike."""

import datetime

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from models_registry.models import Field
from reports.models import (
    Holiday,
    PeriodicReport,
    PeriodLevel,
    ReportingKind,
    ReportingLevelRule,
    ReportingPeriod,
    ReportLine,
    ReportStatus,
    ReportTransition,
    SentReminder,
    levels_on,
)
from reports.periods import add_working_days, ensure_defaults, generate_periods, period_dates
from tests.reports_data import period_of

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def kinds(db):
    ensure_defaults()
    return {kind.code: kind for kind in ReportingKind.objects.all()}


def refused(create, constraint):
    """`create` is refused by the database, by the constraint named `constraint`."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        create()
    if connection.vendor == "postgresql":  # SQLite names only some constraints in its message
        assert constraint in str(error.value)


def test_default_cutoffs_follow_decree_09_2019(kinds):
    assert period_dates(kinds["6-thang"], 2026, 1) == (D(2025, 12, 15), D(2026, 6, 14))
    assert period_dates(kinds["nam"], 2026, 1) == (D(2025, 12, 15), D(2026, 12, 14))


def test_cutoff_day_31_gives_calendar_periods_and_short_months_end_on_their_last_day(kinds):
    quarterly = ReportingKind.objects.create(name="Quý", code="quy", period_months=3, periods_per_year=4,
                                             cutoff_day=31)
    assert period_dates(quarterly, 2026, 1) == (D(2026, 1, 1), D(2026, 3, 31))
    assert period_dates(quarterly, 2026, 2) == (D(2026, 4, 1), D(2026, 6, 30))
    monthly = ReportingKind.objects.create(name="Tháng", code="thang", period_months=1, periods_per_year=12,
                                           cutoff_day=30)
    assert period_dates(monthly, 2026, 3) == (D(2026, 3, 1), D(2026, 3, 30))  # after 28/2, before 30/3
    assert period_dates(monthly, 2026, 2) == (D(2026, 1, 31), D(2026, 2, 28))


def test_deadline_counts_working_days_skipping_weekends_and_holidays():
    friday = D(2026, 8, 28)
    assert add_working_days(friday, 2, set()) == D(2026, 9, 1)  # Monday 31/8, Tuesday 1/9
    assert add_working_days(friday, 2, {D(2026, 9, 1), D(2026, 9, 2)}) == D(2026, 9, 3)  # Quốc khánh
    assert add_working_days(friday, 0, set()) == friday


def test_generated_periods_carry_dates_label_and_the_level_in_force_at_their_cutoff(kinds):
    Holiday.objects.create(date=D(2025, 6, 16), name="Ngày nghỉ thử")
    created = generate_periods(2025)
    assert len(created) == 2
    half = ReportingPeriod.objects.get(kind=kinds["6-thang"], year=2025)
    # Cut-off Saturday 14/6/2025; Monday 16/6 is a holiday here: Tuesday 17, Wednesday 18.
    assert (half.start, half.cutoff, half.deadline, half.closes_on) == (
        D(2024, 12, 15), D(2025, 6, 14), D(2025, 6, 18), D(2025, 6, 23))
    year = ReportingPeriod.objects.get(kind=kinds["nam"], year=2025)
    assert half.level_codes() == ["district"]  # 14/6/2025: before the two-tier government
    assert year.level_codes() == ["commune"]  # 14/12/2025: the communes and wards report
    with translation.override("vi"):
        assert (half.label, year.label) == ("6 tháng đầu năm 2025", "Năm 2025")


def test_generation_is_idempotent_and_leaves_edited_periods_alone(kinds):
    generate_periods(2026)
    half = ReportingPeriod.objects.get(kind=kinds["6-thang"], year=2026)
    half.deadline = D(2026, 6, 19)
    half.save()
    assert generate_periods(2026) == []
    half.refresh_from_db()
    assert half.deadline == D(2026, 6, 19) and ReportingPeriod.objects.count() == 2


def test_command_generates_several_years(kinds, capsys):
    call_command("generate_report_periods", "2027", "2028")
    assert set(ReportingPeriod.objects.values_list("year", flat=True)) == {2027, 2028}
    assert capsys.readouterr().out == "Năm 2027: đã tạo 2 kỳ báo cáo.\nNăm 2028: đã tạo 2 kỳ báo cáo.\n"
    call_command("generate_report_periods", "2027")
    assert capsys.readouterr().out == "Năm 2027: đã tạo 0 kỳ báo cáo.\n"


def test_levels_follow_the_rules_an_administrator_keeps(kinds):
    assert levels_on(D(2025, 6, 30)) == ["district"] and levels_on(D(2025, 7, 1)) == ["commune"]
    # A province that also has its communes report before 2025: two levels from one day.
    ReportingLevelRule.objects.create(valid_from=D(2024, 1, 1), level="commune")
    ReportingLevelRule.objects.create(valid_from=D(2024, 1, 1), level="district")
    assert sorted(levels_on(D(2024, 6, 14))) == ["commune", "district"]
    assert levels_on(D(2023, 6, 14)) == ["district"]


def test_quarter_and_month_labels(kinds):
    quarterly = ReportingKind.objects.create(name="Quý", code="quy", period_months=3, periods_per_year=4)
    monthly = ReportingKind.objects.create(name="Tháng", code="thang", period_months=1, periods_per_year=12)
    generate_periods(2026, [quarterly, monthly])
    with translation.override("vi"):
        assert ReportingPeriod.objects.get(kind=quarterly, number=2).label == "Quý II năm 2026"
        assert ReportingPeriod.objects.get(kind=monthly, number=5).label == "Tháng 5 năm 2026"


# --- what the database refuses, whoever writes ------------------------------------------------


def test_kind_constraints(kinds):
    refused(lambda: ReportingKind.objects.create(name="X", code="x", period_months=5),
            "reportingkind_months_divide_year")
    refused(lambda: ReportingKind.objects.create(name="Y", code="y", period_months=6, periods_per_year=3),
            "reportingkind_periods_fit_year")
    refused(lambda: ReportingKind.objects.create(name="Z", code="z", period_months=12, cutoff_day=32),
            "reportingkind_cutoff_day_range")
    refused(lambda: ReportingKind.objects.create(name="W", code="w", period_months=12, grace_days=91),
            "reportingkind_grace_range")


def test_period_constraints(kinds):
    kind = kinds["nam"]
    dates = {"start": D(2025, 12, 15), "cutoff": D(2026, 12, 14), "deadline": D(2026, 12, 16),
             "closes_on": D(2026, 12, 21)}
    ReportingPeriod.objects.create(kind=kind, year=2026, **dates)
    refused(lambda: ReportingPeriod.objects.create(kind=kind, year=2026, **dates), "period_unique_per_kind_year")
    refused(lambda: ReportingPeriod.objects.create(kind=kind, year=2027, **{**dates, "start": D(2027, 1, 1)}),
            "period_start_before_cutoff")
    refused(lambda: ReportingPeriod.objects.create(kind=kind, year=2027, **{**dates, "deadline": D(2026, 12, 1)}),
            "period_cutoff_before_deadline")
    refused(lambda: ReportingPeriod.objects.create(kind=kind, year=2027, **{**dates, "closes_on": D(2026, 12, 15)}),
            "period_deadline_before_close")
    refused(lambda: ReportingLevelRule.objects.create(valid_from=D(2025, 7, 1), level="commune"),
            "reportinglevel_unique_per_day")
    refused(lambda: ReportingLevelRule.objects.create(valid_from=D(2030, 1, 1), level="province"),
            "reportinglevel_not_province")


@pytest.fixture
def report(demo, kinds, cam_xuyen):
    period = period_of(2025, "6-thang")
    return PeriodicReport.objects.create(unit=cam_xuyen, period=period)


def test_one_report_per_unit_and_period(report):
    refused(lambda: PeriodicReport.objects.create(unit=report.unit, period=report.period),
            "report_unique_per_unit_period")


def test_status_and_submission_date_go_together(report):
    report.status = ReportStatus.SUBMITTED
    refused(report.save, "report_submitted_has_date")
    report.status, report.is_late = ReportStatus.DRAFT, True
    refused(report.save, "report_late_only_if_submitted")
    report.status, report.is_late = "lost", False
    refused(report.save, "report_status_valid")


def test_line_constraints(report):
    field = Field.objects.first()
    ReportLine.objects.create(report=report, field=field, in_operation=5, recognised_province=5)
    refused(lambda: ReportLine.objects.create(report=report, field=field), "reportline_unique_per_field")
    other = Field.objects.exclude(pk=field.pk).first()
    refused(lambda: ReportLine.objects.create(report=report, field=other, in_operation=3, recognised_commune=2,
                                              recognised_central=2), "reportline_recognised_within_operation")
    refused(lambda: ReportLine.objects.create(report=report, field=other, exemplary_individuals=1_000_001),
            "reportline_exemplary_individuals_range")
    refused(lambda: ReportLine.objects.create(report=report, field=other, newly_registered=-1),
            "reportline_newly_registered_range")


def test_a_return_needs_its_comment(report):
    refused(lambda: ReportTransition.objects.create(report=report, action="return", from_status="submitted",
                                                    to_status="returned"), "transition_explained")
    ReportTransition.objects.create(report=report, action="approve", from_status="submitted", to_status="approved")


def test_a_reminder_is_recorded_once_per_step(report):
    SentReminder.objects.create(period=report.period, unit=report.unit, step="before")
    refused(lambda: SentReminder.objects.create(period=report.period, unit=report.unit, step="before"),
            "reminder_once_per_step")
    SentReminder.objects.create(period=report.period, unit=report.unit, step="after")
    SentReminder.objects.create(period=report.period, unit=report.unit, step="before", kind="summary")


def test_period_level_is_never_the_province(report):
    refused(lambda: PeriodLevel.objects.create(period=report.period, level="province"), "periodlevel_not_province")
