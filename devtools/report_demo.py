"""Sample periodic reports for the demo: Hà Tĩnh's 69 communes and wards of 1/7/2025, two closed
periods each (Năm 2025, 6 tháng đầu năm 2026), some on time, some late, returned or missing.

Every report made here is SAMPLE DATA: flagged `is_sample` (shown as "Dữ liệu mẫu" on every page
and export), its narrative says so, and its figures come from a seeded random generator, never
from a source. The article's real figures (survey sessions, devtools/demo.py) are another source
and are not touched. Loading is idempotent: units, periods and reports that exist are left alone.
"""

import datetime
import random
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.spreadsheet import read_table
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

# The official list of 1/7/2025 (NSO): the demo's 11 successor communes and wards and the 58 others.
UNITS_2025 = Path(__file__).resolve().parent / "demo_data" / "units_2025_07_01.csv"
TWO_TIER = datetime.date(2025, 7, 1)
# (year, kind code): the two periods with sample reports; the years' other periods are generated too.
PERIODS = [(2025, "nam"), (2026, "6-thang")]
SAMPLE = "[Dữ liệu mẫu] "
DEMO_PASSWORD = "danvan-demo"  # noqa: S105 - demo users exist only when DEBUG is on
USERS = [  # username, full name, scope unit (code, valid from; None: the province), e-mail
    ("xacambinh", "Cán bộ Ủy ban MTTQ xã Cẩm Bình", ("18685", TWO_TIER), "xacambinh@example.invalid"),
]
EMAILS = {"tinh": "tinh@example.invalid", "camxuyen": "camxuyen@example.invalid"}


def load_report_demo(with_users: bool | None = None) -> int:
    """Load the sample reports (demo users only when DEBUG is on). Returns the reports created."""
    with transaction.atomic():
        load_units()
        ensure_defaults()
        for year in sorted({year for year, _kind in PERIODS}):
            generate_periods(year)
        users = load_users() if (settings.DEBUG if with_users is None else with_users) else {}
        created = 0
        for year, kind in PERIODS:
            period = ReportingPeriod.objects.select_related("kind").get(year=year, kind__code=kind, number=1)
            created += load_period(period, users)
        return created


def load_units() -> None:
    """The communes and wards of 1/7/2025 that the article's demo does not hold (58 of 69)."""
    rows = unit_rows(read_table(UNITS_2025.read_bytes(), UNITS_2025.name))
    result = UnitListImport(rows, TWO_TIER, "Danh sách đơn vị hành chính từ 01/07/2025 (NSO)").run()
    if result.errors:
        raise ValueError(result.errors)


def load_users() -> dict:
    """A commune officer besides the demo's users, and e-mail addresses for the reminders."""
    User = get_user_model()  # noqa: N806
    for username, full_name, (code, valid_from), email in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, first_name=full_name, email=email)
            user.set_password(DEMO_PASSWORD)
            user.save()
        unit = AdministrativeUnit.objects.get(code=code, level=UnitLevel.COMMUNE, valid_from=valid_from)
        OfficerProfile.objects.get_or_create(user=user, defaults={"scope_unit": unit})
    for username, email in EMAILS.items():
        User.objects.filter(username=username, email="").update(email=email)
    return {user.username: user for user in User.objects.filter(username__in=["tinh", *[u[0] for u in USERS]])}


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
    draw = rng.random()
    if draw < 0.10:
        return 0  # missing: no report at all
    status = (ReportStatus.DRAFT if draw < 0.16 else ReportStatus.RETURNED if draw < 0.24
              else ReportStatus.APPROVED if rng.random() < 0.8 else ReportStatus.SUBMITTED)
    late = status != ReportStatus.DRAFT and draw < 0.38
    submitted_at = None if status == ReportStatus.DRAFT else moment(period, rng, late)
    officer = users.get("xacambinh") if unit.code == "18685" else None
    report = PeriodicReport.objects.create(
        unit=unit, period=period, status=status, submitted_at=submitted_at, is_late=late, is_sample=True,
        submitted_by=officer if submitted_at else None, created_by=officer, updated_by=officer,
        results=f"{SAMPLE}Duy trì và nhân rộng các mô hình “Dân vận khéo” trên các lĩnh vực (số liệu minh họa).",
        shortcomings=f"{SAMPLE}Một số mô hình chưa có tính bền vững (số liệu minh họa).",
        next_tasks=f"{SAMPLE}Tiếp tục rà soát, đăng ký mô hình mới (số liệu minh họa).",
        proposals=f"{SAMPLE}Đề nghị tập huấn cho cán bộ phụ trách (số liệu minh họa).",
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
                                     comment=f"{SAMPLE}Đề nghị bổ sung số liệu lĩnh vực Kinh tế."))
    ReportTransition.objects.bulk_create(rows)
