"""Sample periodic reports for the demo: Hà Tĩnh's 69 communes and wards of 1/7/2025, two closed
periods each (Năm 2025, 6 tháng đầu năm 2026), some on time, some late, returned or missing.

Every report made here is SAMPLE DATA: flagged `is_sample` (shown as "Dữ liệu mẫu" on every page
and export), its narrative says so, and its figures come from a seeded random generator, never
from a source. What is drawn, the texts and the demo officer are in demo_data/report_demo.toml.
The article's real figures (survey sessions, devtools/demo.py) are another source and are not
touched. Loading is idempotent: units, periods and reports that exist are left alone.
"""

import datetime
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.spreadsheet import read_table
from devtools.demo import DATA, DEMO_PASSWORD, read_toml
from models_registry.models import Field
from reports.due import due_units
from reports.models import (
    COUNT_NAMES,
    PeriodicReport,
    ReportingPeriod,
    ReportLine,
    ReportStatus,
    ReportTransition,
    TransitionAction,
)
from reports.periods import ensure_defaults, generate_periods
from units.importers import UnitListImport, unit_rows
from units.models import AdministrativeUnit, OfficerProfile, UnitLevel

SAMPLE = read_toml("report_demo.toml")


def load_report_demo(with_users: bool | None = None) -> int:
    """Load the sample reports (demo users only when DEBUG is on). Returns the reports created."""
    with transaction.atomic():
        load_units()
        ensure_defaults()
        for year in sorted({period["year"] for period in SAMPLE["periods"]}):
            generate_periods(year)
        users = load_users() if (settings.DEBUG if with_users is None else with_users) else {}
        created = 0
        for wanted in SAMPLE["periods"]:
            period = ReportingPeriod.objects.select_related("kind").get(
                year=wanted["year"], kind__code=wanted["kind"], number=1)
            created += load_period(period, users)
        return created


def load_units() -> None:
    """The communes and wards of 1/7/2025 that the article's demo does not hold (58 of 69)."""
    path = DATA / SAMPLE["units_file"]
    rows = unit_rows(read_table(path.read_bytes(), path.name))
    result = UnitListImport(rows, SAMPLE["units_valid_from"], SAMPLE["units_source"]).run()
    if result.errors:
        raise ValueError(result.errors)


def load_users() -> dict:
    """A commune officer besides the demo's users, and e-mail addresses for the reminders."""
    User = get_user_model()  # noqa: N806
    for row in SAMPLE["users"]:
        user = User.objects.filter(username=row["username"]).first()
        if user is None:
            user = User(username=row["username"], first_name=row["full_name"], email=row["email"])
            user.set_password(DEMO_PASSWORD)
            user.save()
        unit = AdministrativeUnit.objects.get(code=row["scope"], level=UnitLevel.COMMUNE,
                                              valid_from=SAMPLE["units_valid_from"])
        OfficerProfile.objects.get_or_create(user=user, defaults={"scope_unit": unit})
    for username, email in SAMPLE["emails"].items():
        User.objects.filter(username=username, email="").update(email=email)
    names = ["tinh", *[row["username"] for row in SAMPLE["users"]]]
    return {user.username: user for user in User.objects.filter(username__in=names)}


def load_period(period, users) -> int:
    """Sample reports of every unit due for `period` that has none."""
    fields = list(Field.objects.filter(is_active=True))
    have = set(PeriodicReport.objects.filter(period=period).values_list("unit_id", flat=True))
    created = 0
    for unit in due_units(period).order_by("code"):
        if unit.pk in have:
            continue
        rng = random.Random(f"{unit.code}-{period.year}-{period.kind.code}")  # noqa: S311 - sample data
        created += sample_report(period, unit, rng, fields, users)
    return created


def sample_report(period, unit, rng, fields, users) -> int:
    """One unit's sample report, in the state a seeded draw gives it: none, a draft, returned, late or
    on time (most approved). Returns 1 if a report was written."""
    shares, draw = SAMPLE["shares"], rng.random()
    if draw < shares["missing"]:
        return 0  # missing: no report at all
    status = (ReportStatus.DRAFT if draw < shares["draft"] else ReportStatus.RETURNED if draw < shares["returned"]
              else ReportStatus.APPROVED if rng.random() < shares["approved"] else ReportStatus.SUBMITTED)
    late = status != ReportStatus.DRAFT and draw < shares["late"]
    submitted_at = None if status == ReportStatus.DRAFT else moment(period, rng, late)
    officer = next((users.get(row["username"]) for row in SAMPLE["users"] if row["scope"] == unit.code), None)
    report = PeriodicReport.objects.create(
        unit=unit, period=period, status=status, submitted_at=submitted_at, is_late=late, is_sample=True,
        submitted_by=officer if submitted_at else None, created_by=officer, updated_by=officer,
        **{name: SAMPLE["marker"] + SAMPLE[name] for name in ("results", "shortcomings", "next_tasks", "proposals")},
    )
    ReportLine.objects.bulk_create([ReportLine(report=report, field=field, **sample_counts(rng)) for field in fields])
    if submitted_at:
        steps(report, rng, officer, users.get("tinh"))
    return 1


def moment(period, rng, late) -> datetime.datetime:
    """When a sample report was first submitted: by the deadline, or during the grace days."""
    days = rng.randint(1, max(period.kind.grace_days, 1)) if late else -rng.randint(0, 2)
    day = period.deadline + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9 + rng.randint(0, 7), 0)))


def sample_counts(rng) -> dict:
    in_operation = rng.randint(2, 40)
    counts = dict.fromkeys(COUNT_NAMES, 0)
    counts.update(in_operation=in_operation, newly_registered=rng.randint(0, min(5, in_operation)),
                  exemplary_collectives=rng.randint(0, 4), exemplary_individuals=rng.randint(0, 6))
    room = in_operation
    for name in ("recognised_commune", "recognised_district", "recognised_province", "recognised_central"):
        counts[name] = rng.randint(0, min(room, 3))
        room -= counts[name]
    return counts


def steps(report, rng, officer, province) -> None:
    """The workflow steps that led to the report's status, dated after its submission."""
    submitted = report.submitted_at
    rows = [ReportTransition(report=report, action=TransitionAction.SUBMIT, from_status=ReportStatus.DRAFT,
                             to_status=ReportStatus.SUBMITTED, user=officer, at=submitted)]
    later = submitted + datetime.timedelta(days=rng.randint(1, 3))
    if report.status == ReportStatus.APPROVED:
        rows.append(ReportTransition(report=report, action=TransitionAction.APPROVE, from_status=ReportStatus.SUBMITTED,
                                     to_status=ReportStatus.APPROVED, user=province, at=later))
    elif report.status == ReportStatus.RETURNED:
        rows.append(ReportTransition(report=report, action=TransitionAction.RETURN, from_status=ReportStatus.SUBMITTED,
                                     to_status=ReportStatus.RETURNED, user=province, at=later,
                                     comment=SAMPLE["marker"] + SAMPLE["return_comment"]))
    ReportTransition.objects.bulk_create(rows)
