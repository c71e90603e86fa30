"""The demo data reproduces the June 2023 Báo Hà Tĩnh report exactly, and loads idempotently."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from devtools.demo import load_demo
from models_registry.models import Field, MobilizationModel
from surveys.models import SurveySession
from tests.conftest import JOB_DATABASES
from units.models import AdministrativeUnit, UnitSuccession

pytestmark = pytest.mark.django_db


def counts_of(session):
    return {c.field.name: c.count for c in session.reported_counts.select_related("field")}


def test_four_fields_in_order(demo):
    assert list(Field.objects.values_list("name", flat=True)) == [
        "Kinh tế",
        "Văn hóa – xã hội",
        "Quốc phòng – an ninh",
        "Xây dựng hệ thống chính trị",
    ]


def test_cam_xuyen_session_matches_the_article(cam_xuyen):
    session = SurveySession.objects.get(unit=cam_xuyen)
    assert session.date == datetime.date(2023, 6, 5)
    assert (session.period_start, session.period_end) == (2008, 2023)
    assert session.head_name == "Trương Thanh Huyền"
    assert "Hà Thị Việt Ánh" in session.chairs
    assert counts_of(session) == {
        "Kinh tế": 1205,
        "Văn hóa – xã hội": 1427,
        "Quốc phòng – an ninh": 425,
        "Xây dựng hệ thống chính trị": 315,
    }
    assert session.counts_total() == 3372 == session.reported_total
    indicators = {i.name: (i.value_text, i.value_number) for i in session.indicators.all()}
    assert indicators["Thu nhập bình quân đầu người"] == ("50,5 triệu đồng/người/năm", Decimal("50.5"))
    assert indicators["Tỷ lệ hộ nghèo đa chiều"] == ("2,8%", Decimal("2.8"))
    assert indicators["Thu ngân sách"][0] == "trên 400 tỷ đồng"
    assert session.proposals.filter(raised_by__contains="Nguyễn Văn Thành").exists()
    assert session.recommendations.count() == 7
    assert [m.host_name for m in session.visited_models.all()] == ["Anh Trần Danh Giáp"]


def test_tp_ha_tinh_session_matches_the_article(tp_ha_tinh):
    session = SurveySession.objects.get(unit=tp_ha_tinh)
    assert session.head_name == "Nguyễn Hải Nam"
    assert "Phan Ngọc Long" in session.chairs
    assert counts_of(session) == {
        "Kinh tế": 263,
        "Văn hóa – xã hội": 420,
        "Quốc phòng – an ninh": 62,
        "Xây dựng hệ thống chính trị": 49,
    }
    assert session.counts_total() == 794 == session.reported_total
    values = set(session.indicators.values_list("value_text", flat=True))
    assert {"đô thị loại II", "10/10", "4/5", "9,86%", "64 triệu đồng/người/năm"} <= values
    assert session.proposals.count() == 3


def test_every_typical_model_of_the_article_is_there(demo):
    names = set(MobilizationModel.objects.values_list("name", flat=True))
    for expected in [
        "Sản xuất lúa, cá hữu cơ",
        "Phân loại, xử lý rác thải",
        "Ống tiền tiết kiệm",
        "Tổ bát cháo tự tâm",
        "Ngân hàng máu sống cứu người",
        "Sản xuất nông nghiệp tuần hoàn",
        "Trồng sen sinh thái, nuôi trai lấy ngọc",
        "Xứ đạo an toàn đoàn kết văn hóa",
        "Ngôi nhà xanh tiết kiệm sinh thái",
        "Tổ dân phố mẫu, ngôi nhà trí tuệ tổ dân phố Trung Lân",
    ]:
        assert expected in names
    assert MobilizationModel.objects.get(name="Trồng sen sinh thái, nuôi trai lấy ngọc").unit.name == "Xã Đồng Môn"


def test_thirteen_district_level_units_in_2023(province):
    districts = AdministrativeUnit.objects.valid_on(datetime.date(2023, 6, 5)).filter(parent=province)
    assert districts.count() == 13
    assert set(districts.values_list("code", flat=True)) >= {"436", "446", "448"}


def test_successors_of_cam_binh_2025(demo):
    new = AdministrativeUnit.objects.get(code="18685", valid_from=datetime.date(2025, 7, 1))
    assert sorted(new.predecessors.values_list("name", flat=True)) == [
        "Xã Cẩm Bình", "Xã Cẩm Thành", "Xã Cẩm Vịnh", "Xã Thạch Bình"
    ]
    # Cẩm Bình left Cẩm Xuyên for TP Hà Tĩnh on 1/1/2025: the article's "xã Cẩm Bình (Cẩm Xuyên)"
    # is the 2023 version, which the 2025 move succeeded.
    old = AdministrativeUnit.objects.get(code="18685", valid_from__isnull=True)
    assert old.parent.name == "Huyện Cẩm Xuyên"
    moved = old.successors.get()
    assert moved.parent.name == "Thành phố Hà Tĩnh"
    assert moved.successors.get() == new


def test_dai_nai_was_split_between_two_wards(demo):
    dai_nai = AdministrativeUnit.objects.get(name="Phường Đại Nài")
    links = UnitSuccession.objects.filter(predecessor=dai_nai).select_related("successor")
    assert {(link.successor.name, link.kind) for link in links} == {
        ("Phường Thành Sen", "partial"),
        ("Phường Hà Huy Tập", "partial"),
    }


def test_reused_code_names_a_different_unit_at_each_date(demo):
    def name_on(day):
        return AdministrativeUnit.objects.valid_on(day).get(code="18073").name

    assert name_on(datetime.date(2023, 6, 5)) == "Phường Nam Hà"
    assert name_on(datetime.date(2025, 8, 1)) == "Phường Thành Sen"


def snapshot():
    """Every row of every project table (change history included), as plain values."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in {"models_registry", "surveys", "auth"}:
            rows[model._meta.label] = sorted(map(repr, model.objects.values_list()))
    return rows


@JOB_DATABASES  # the snapshot reads every table of the apps, ImportProgress too
def test_load_demo_twice_changes_nothing():
    with override_settings(DEBUG=True):
        call_command("load_demo", verbosity=0)
        before = snapshot()
        call_command("load_demo", verbosity=0)
    assert snapshot() == before


def test_load_demo_repairs_a_changed_count(db):
    load_demo(with_users=False)
    session = SurveySession.objects.get(unit__code="446")
    session.reported_counts.filter(field__code="kinh-te").update(count=1)
    load_demo(with_users=False)
    assert session.counts_total() == 3372


def test_demo_users_only_when_debug(db):
    with override_settings(DEBUG=False):
        call_command("load_demo", verbosity=0)
    assert not get_user_model().objects.exists()
    with override_settings(DEBUG=True):
        call_command("load_demo", verbosity=0)
    users = get_user_model().objects.order_by("username")
    assert [u.username for u in users] == ["admin", "camxuyen", "tinh"]
    assert users.get(username="admin").is_superuser
    assert users.get(username="camxuyen").officer_profile.scope_unit.code == "446"
    assert users.get(username="tinh").check_password("danvan-demo")
