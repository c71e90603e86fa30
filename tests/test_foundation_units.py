"""Units over time: validity, succession, and sessions that must use a unit valid on their date."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from surveys.models import SurveySession
from units import scoping
from units.models import AdministrativeUnit, UnitLevel

pytestmark = pytest.mark.django_db


def new_session(unit, day):
    return SurveySession(
        date=day, title="Khảo sát", delegation="Ban Chỉ đạo", head_name="A", unit=unit,
        period_start=2020, period_end=2025,
    )


def test_session_dated_after_the_unit_closed_is_refused(cam_xuyen):
    session = new_session(cam_xuyen, datetime.date(2025, 8, 1))  # districts ended on 30/6/2025
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "unit" in error.value.message_dict
    assert "30/06/2025" not in error.value.message_dict["unit"][0]  # says the session date
    assert "01/08/2025" in error.value.message_dict["unit"][0]


def test_session_on_the_last_valid_day_is_accepted(cam_xuyen):
    new_session(cam_xuyen, datetime.date(2025, 6, 30)).full_clean()


def test_session_before_a_new_unit_existed_is_refused(demo):
    thanh_sen = AdministrativeUnit.objects.get(name="Phường Thành Sen")
    with pytest.raises(ValidationError):
        new_session(thanh_sen, datetime.date(2025, 6, 30)).full_clean()


def test_overlapping_code_is_explained_in_the_form(demo):
    unit = AdministrativeUnit(name="Phường Giả", code="18073", level=UnitLevel.COMMUNE, kind="phuong")
    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert "code" in error.value.message_dict


def test_valid_on_and_current(demo):
    on_2023 = AdministrativeUnit.objects.valid_on(datetime.date(2023, 6, 5))
    assert on_2023.filter(name="Huyện Lộc Hà").exists()
    assert not on_2023.filter(name="Phường Thành Sen").exists()
    current = AdministrativeUnit.objects.current()
    assert current.filter(level=UnitLevel.DISTRICT).count() == 0
    assert current.filter(level=UnitLevel.COMMUNE).count() == 11  # the demo's 2025 successors


def test_scope_of_old_cam_xuyen_follows_its_communes_into_2025(camxuyen):
    names = set(
        AdministrativeUnit.objects.filter(pk__in=scoping.visible_unit_ids(camxuyen)).values_list("name", "valid_from")
    )
    assert ("Xã Cẩm Bình", datetime.date(2025, 7, 1)) in names  # successor of its commune
    assert ("Xã Cẩm Bình", datetime.date(2025, 1, 1)) in names  # moved to TP Hà Tĩnh, still its history
    assert not any(name == "Xã Thạch Bình" for name, _ in names)  # TP Hà Tĩnh's, merged into the same successor
    assert not any(name == "Thành phố Hà Tĩnh" for name, _ in names)
