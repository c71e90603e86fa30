"""Access scope through successions, both ways, on the demo's real Hà Tĩnh successions.

On 1/1/2025 huyện Lộc Hà was split (partial successions to TP Hà Tĩnh and Thạch Hà): its xã
Hộ Độ moved whole into TP Hà Tĩnh, its other communes into Thạch Hà (the demo has only Hộ
Độ; `loc_ha_town` adds Thị trấn Lộc Hà as the official list links it). xã Cẩm Bình and
Cẩm Vịnh moved whole from Cẩm Xuyên into TP Hà Tĩnh. On 1/7/2025 the new xã Cẩm Bình was
formed from Cẩm Bình, Cẩm Vịnh (TP Hà Tĩnh's by then), Cẩm Thành (Cẩm Xuyên) and Thạch Bình
(TP Hà Tĩnh), and phường Trần Phú from Hộ Độ and three TP Hà Tĩnh communes.
The rule is written in `units/scoping.py`.
"""

import datetime

import pytest
from django.urls import reverse

from models_registry.models import Field, HostType, MobilizationModel
from surveys.models import SurveySession
from tests.conftest import make_user, unit_2023
from tests.pages import snapshot
from units import scoping
from units.models import AdministrativeUnit, SuccessionKind, UnitLevel, UnitSuccession

JAN_2025 = datetime.date(2025, 1, 1)
JUL_2025 = datetime.date(2025, 7, 1)
OFFICERS = ["camxuyen", "tphatinh", "locha", "thachha"]

# unit key -> the officers who reach it (see, edit drafts, file records under, open its dashboard)
REACH = {
    "loc_ha": {"locha"},
    "ho_do": {"locha", "tphatinh"},  # went whole into TP Hà Tĩnh
    "ho_do_2025": {"locha", "tphatinh"},  # what Lộc Hà's Hộ Độ became; a commune of the city
    "tran_phu": {"locha", "tphatinh"},  # the 2025 phường formed from Hộ Độ and city communes
    "loc_ha_town": {"locha", "thachha"},  # went whole into Thạch Hà
    "loc_ha_town_2025": {"locha", "thachha"},
    "tp_ha_tinh": {"tphatinh"},  # only partly Lộc Hà's successor: not Lộc Hà's
    "thach_binh": {"tphatinh"},
    "cam_binh": {"camxuyen", "tphatinh"},  # went whole into TP Hà Tĩnh on 1/1/2025
    "cam_binh_2025_01": {"camxuyen", "tphatinh"},
    "cam_thanh": {"camxuyen"},  # merged into the new Cẩm Bình, but was never TP Hà Tĩnh's
    "cam_binh_2025_07": {"camxuyen", "tphatinh"},
    "thach_ha": {"thachha"},  # only partly Lộc Hà's successor: not Lộc Hà's
}


def commune(code, valid_from=None):
    return AdministrativeUnit.objects.get(level=UnitLevel.COMMUNE, code=code, valid_from=valid_from)


@pytest.fixture
def units(demo, tp_ha_tinh, thach_ha):
    loc_ha = unit_2023("448")
    town = AdministrativeUnit.objects.create(name="Thị trấn Lộc Hà", code="18568", level=UnitLevel.COMMUNE,
                                             kind="thi_tran", parent=loc_ha, valid_until=datetime.date(2024, 12, 31))
    town_2025 = AdministrativeUnit.objects.create(name="Thị trấn Lộc Hà", code="18568", level=UnitLevel.COMMUNE,
                                                  kind="thi_tran", parent=thach_ha, valid_from=JAN_2025,
                                                  valid_until=datetime.date(2025, 6, 30))
    UnitSuccession.objects.create(predecessor=town, successor=town_2025, kind=SuccessionKind.WHOLE,
                                  effective_date=JAN_2025)
    return {
        "loc_ha": loc_ha,
        "ho_do": commune("18598"),
        "ho_do_2025": commune("18598", JAN_2025),
        "tran_phu": commune("18100", JUL_2025),
        "loc_ha_town": town,
        "loc_ha_town_2025": town_2025,
        "tp_ha_tinh": tp_ha_tinh,
        "thach_binh": commune("18112"),
        "cam_binh": commune("18685"),
        "cam_binh_2025_01": commune("18685", JAN_2025),
        "cam_thanh": commune("18694"),
        "cam_binh_2025_07": commune("18685", JUL_2025),
        "thach_ha": thach_ha,
    }


@pytest.fixture
def officers(units, cam_xuyen, thach_ha):
    return {
        "camxuyen": make_user("camxuyen-scope", cam_xuyen),
        "tphatinh": make_user("tphatinh-scope", units["tp_ha_tinh"]),
        "locha": make_user("locha-scope", units["loc_ha"]),
        "thachha": make_user("thachha-scope", thach_ha),
    }


@pytest.fixture
def drafts(units):
    field = Field.objects.get(code="kinh-te")
    return {key: MobilizationModel.objects.create(name=f"Bản nháp {key}", unit=unit, field=field,
                                                  host_type=HostType.GOVERNMENT, year_started=2020)
            for key, unit in units.items()}


def cases():
    return [(officer, key) for officer in OFFICERS for key in REACH]


@pytest.mark.parametrize("officer", OFFICERS)
def test_scope_follows_whole_successions_and_never_partial_ones(officer, officers, units):
    reached = scoping.visible_unit_ids(officers[officer])
    expected = {key for key, who in REACH.items() if officer in who}
    assert {key for key, unit in units.items() if unit.pk in reached} == expected


@pytest.mark.parametrize("officer", OFFICERS)
def test_drafts_are_read_and_edited_only_in_scope(client, officer, officers, drafts):
    client.force_login(officers[officer])
    listed = {m.pk for m in client.get(reverse("models_registry:model_list"), {"q": "ban nhap"}).context["models"]}
    for key, draft in drafts.items():
        allowed = officer in REACH[key]
        assert (draft.pk in listed) == allowed, key
        assert client.get(reverse("models_registry:model_detail", args=[draft.pk])).status_code == (
            200 if allowed else 404), key
        edit = reverse("models_registry:model_edit", args=[draft.pk])
        response = client.post(edit, model_post(draft, name=f"Đã sửa {key}"))
        draft.refresh_from_db()
        assert (draft.name == f"Đã sửa {key}") == allowed, key
        assert response.status_code == (302 if allowed else 404), key


def model_post(model, **overrides):
    data = {
        "name": model.name, "field": model.field_id, "unit": model.unit_id, "kind": "collective",
        "host_type": "government", "status": "active", "year_started": "2020", "version": model.version,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(("officer", "own", "target"), [
    ("tphatinh", "thach_binh", "loc_ha"),
    ("tphatinh", "ho_do", "loc_ha_town"),
    ("tphatinh", "cam_binh", "cam_thanh"),
    ("locha", "ho_do", "tp_ha_tinh"),
    ("locha", "loc_ha", "thach_ha"),
    ("camxuyen", "cam_binh", "thach_binh"),
])
def test_moving_ones_draft_out_of_scope_is_refused(client, officer, own, target, officers, drafts, units):
    client.force_login(officers[officer])
    draft = drafts[own]
    before = snapshot()
    response = client.post(reverse("models_registry:model_edit", args=[draft.pk]),
                           model_post(draft, unit=units[target].pk))
    assert response.status_code == 200
    assert "Hãy chọn một đơn vị thuộc địa bàn mình phụ trách." in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("officer", OFFICERS)
def test_new_models_go_only_to_units_in_scope(client, officer, officers, units):
    client.force_login(officers[officer])
    field = Field.objects.get(code="kinh-te")
    for key, unit in units.items():
        # A year in which the unit existed: a model may go to a closed unit as a model of its time.
        year = unit.valid_from.year if unit.valid_from else 2020
        data = {"name": f"Mô hình mới {key}", "field": field.pk, "unit": unit.pk, "kind": "collective",
                "host_type": "government", "status": "active", "year_started": year, "version": ""}
        client.post(reverse("models_registry:model_add"), data)
        assert MobilizationModel.objects.filter(name=f"Mô hình mới {key}").exists() == (officer in REACH[key]), key


@pytest.fixture
def sessions(units):
    def session(key, day):
        return SurveySession.objects.create(unit=units[key], date=day, title=f"Khảo sát {key}",
                                            delegation="Đoàn công tác", head_name="Nguyễn Hải Nam",
                                            period_start=2020, period_end=2024)
    return {
        "loc_ha": session("loc_ha", datetime.date(2024, 5, 1)),
        "ho_do": session("ho_do", datetime.date(2024, 5, 2)),
        "tp_ha_tinh": SurveySession.objects.get(unit=units["tp_ha_tinh"]),
        "thach_binh": session("thach_binh", datetime.date(2024, 5, 3)),
        "cam_binh_2025_07": session("cam_binh_2025_07", datetime.date(2025, 8, 1)),
        "thach_ha": session("thach_ha", datetime.date(2024, 5, 4)),
    }


@pytest.mark.parametrize("officer", OFFICERS)
def test_sessions_are_read_only_in_scope(client, officer, officers, sessions):
    client.force_login(officers[officer])
    listed = {s.pk for s in client.get(reverse("surveys:session_list")).context["sessions"]}
    for key, session in sessions.items():
        allowed = officer in REACH[key]
        assert (session.pk in listed) == allowed, key
        assert client.get(reverse("surveys:session_detail", args=[session.pk])).status_code == (
            200 if allowed else 404), key
        # Sessions are the province's to change: a local officer is refused even in scope.
        assert client.get(reverse("surveys:session_edit", args=[session.pk])).status_code == (
            403 if allowed else 404), key


@pytest.mark.parametrize("officer", OFFICERS)
def test_dashboard_of_a_unit_outside_the_scope_is_404(client, officer, officers, units, sessions):
    client.force_login(officers[officer])
    for key, unit in units.items():
        response = client.get("/thong-ke/", {"unit": unit.pk})
        assert response.status_code == (200 if officer in REACH[key] else 404), key

