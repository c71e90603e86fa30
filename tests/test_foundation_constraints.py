"""Invariants live in the database: rows that bypass every form are still refused."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from models_registry.models import MobilizationModel
from surveys.models import ReportedCount, SurveySession
from units.models import AdministrativeUnit, UnitLevel, UnitSuccession

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.fixture
def session(cam_xuyen):
    return SurveySession.objects.get(unit=cam_xuyen)


def test_negative_count_is_refused(session):
    count = session.reported_counts.first()
    count.count = -1
    refused(count.save)


def test_second_count_for_the_same_field_is_refused(session):
    existing = session.reported_counts.first()
    refused(lambda: ReportedCount.objects.create(session=session, field=existing.field, count=1))


def test_period_ending_before_it_starts_is_refused(session):
    session.period_start, session.period_end = 2023, 2008
    refused(session.save)


def test_unit_valid_until_before_valid_from_is_refused(db):
    refused(
        lambda: AdministrativeUnit.objects.create(
            name="X", code="99999", level=UnitLevel.COMMUNE, kind="xa",
            valid_from=datetime.date(2025, 7, 1), valid_until=datetime.date(2025, 1, 1),
        )
    )


def test_unit_code_cannot_be_used_twice_at_the_same_time(demo):
    # 18073 is phường Nam Hà until 30/6/2025 and phường Thành Sen from 1/7/2025: fine.
    # A third unit with that code overlapping either period is not.
    assert AdministrativeUnit.objects.filter(code="18073").count() == 2
    refused(
        lambda: AdministrativeUnit.objects.create(
            name="Phường Giả", code="18073", level=UnitLevel.COMMUNE, kind="phuong",
            valid_from=datetime.date(2025, 6, 1),
        )
    )


def test_unit_code_may_be_reused_after_the_first_unit_closed(demo):
    AdministrativeUnit.objects.filter(code="18073", valid_until__isnull=True).update(
        valid_until=datetime.date(2030, 12, 31)
    )
    AdministrativeUnit.objects.create(
        name="Phường Mới", code="18073", level=UnitLevel.COMMUNE, kind="phuong", valid_from=datetime.date(2031, 1, 1)
    )


def test_unit_code_overlap_is_refused_on_update_too(demo):
    nam_ha = AdministrativeUnit.objects.get(name="Phường Nam Hà")
    nam_ha.valid_until = datetime.date(2025, 12, 31)  # would overlap phường Thành Sen
    refused(nam_ha.save)


def test_unit_cannot_succeed_itself(cam_xuyen):
    refused(lambda: UnitSuccession.objects.create(predecessor=cam_xuyen, successor=cam_xuyen, kind="whole"))


def test_model_recognised_before_it_started_is_refused(demo):
    model = MobilizationModel.objects.first()
    model.year_started, model.recognition_year = 2020, 2019
    refused(model.save)


def test_model_year_out_of_range_is_refused(demo):
    model = MobilizationModel.objects.first()
    model.year_started = 1800
    refused(model.save)
