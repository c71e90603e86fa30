"""The unit picker offers today's units first and shows the validity of the others; a model
goes to a unit valid today, or, a model of the past, to one of the year it started (issue 9,
item 14). The browser half is in test_unit_picker_browser.py."""

import datetime

import pytest
from django.urls import reverse

from models_registry.models import Field, MobilizationModel
from tests.conftest import unit_2023
from tests.pages import snapshot
from units.models import AdministrativeUnit, UnitLevel

SEARCH = reverse("models_registry:unit_search")
ADD = reverse("models_registry:model_add")


def results(client, q, action="assign"):
    return client.get(SEARCH, {"action": action, "q": q}).json()["results"]


@pytest.mark.parametrize("action", ["assign", "view"])
def test_todays_units_come_first_then_the_closed_ones_with_their_validity(client, provincial, action):
    client.force_login(provincial)
    found = results(client, "cam binh", action)
    assert [(r["text"], r["valid_today"]) for r in found] == [
        ("Xã Cẩm Bình — Tỉnh Hà Tĩnh", True),
        ("Xã Cẩm Bình — Huyện Cẩm Xuyên (đến 31/12/2024)", False),
        ("Xã Cẩm Bình — Thành phố Hà Tĩnh (01/01/2025 – 30/06/2025)", False),
    ]


def test_a_unit_of_the_future_says_when_it_begins(client, provincial, province):
    AdministrativeUnit.objects.create(name="Phường Cẩm Bình Mới", code="99998", level=UnitLevel.COMMUNE,
                                      kind="phuong", parent=province, valid_from=datetime.date(2099, 1, 1))
    client.force_login(provincial)
    assert results(client, "cam binh moi") == [
        {"id": AdministrativeUnit.objects.get(code="99998").pk, "text": "Phường Cẩm Bình Mới — Tỉnh Hà Tĩnh "
         "(từ 01/01/2099)", "valid_today": False}]


def test_the_form_list_without_javascript_is_in_the_same_order(client, camxuyen):
    client.force_login(camxuyen)
    labels = [label for _value, label in client.get(ADD).context["form"].fields["unit"].choices][1:]
    today = [label for label in labels if not label.endswith(")")]
    assert labels[:len(today)] == today and "Xã Cẩm Bình — Tỉnh Hà Tĩnh" in today
    assert "Huyện Cẩm Xuyên — Tỉnh Hà Tĩnh (đến 30/06/2025)" in labels[len(today):]


def model_post(unit, **overrides):
    data = {"name": "Mô hình thử", "field": Field.objects.get(code="kinh-te").pk, "unit": unit.pk,
            "kind": "collective", "host_type": "government", "status": "active", "version": ""}
    data.update(overrides)
    return data


def unit_error(response):
    return " ".join(response.context["form"].errors.get("unit", []))


def cam_binh_2023():
    return unit_2023("18685", UnitLevel.COMMUNE)


@pytest.mark.parametrize(("unit", "year", "message"), [
    (cam_binh_2023, "", "Xã Cẩm Bình (Huyện Cẩm Xuyên) đã sáp nhập vào Xã Cẩm Bình từ ngày 01/07/2025: hãy chọn "
                        "đơn vị hiện nay (nếu là mô hình từ trước, hãy nhập năm bắt đầu)."),
    (cam_binh_2023, "2025", "Xã Cẩm Bình (Huyện Cẩm Xuyên) đã sáp nhập vào Xã Cẩm Bình từ ngày 01/07/2025 và không "
                            "tồn tại trong năm 2025 (năm bắt đầu mô hình): hãy chọn đơn vị hiện nay hoặc đơn vị của "
                            "năm đó."),
    (lambda: unit_2023("18082", UnitLevel.COMMUNE), "",  # split between two 2025 wards
     "Phường Đại Nài (Thành phố Hà Tĩnh) đã sáp nhập vào Phường Hà Huy Tập, Phường Thành Sen từ ngày 01/07/2025"),
    (lambda: unit_2023("446"), "", "Huyện Cẩm Xuyên (Tỉnh Hà Tĩnh) không còn tồn tại từ ngày 01/07/2025: hãy chọn "
                                   "đơn vị hiện nay (nếu là mô hình từ trước, hãy nhập năm bắt đầu)."),
    (lambda: unit_2023("446"), "2026", "Huyện Cẩm Xuyên (Tỉnh Hà Tĩnh) không còn tồn tại từ ngày 01/07/2025 và "
                                       "không tồn tại trong năm 2026"),
])
def test_a_new_model_in_a_closed_unit_is_refused_naming_todays_units(client, provincial, unit, year, message):
    client.force_login(provincial)
    before = snapshot()
    response = client.post(ADD, model_post(unit(), year_started=year, rationale="giữ lại"))
    assert response.status_code == 200
    assert message in unit_error(response)
    assert "giữ lại" in response.content.decode()
    assert snapshot() == before


def test_a_unit_not_yet_valid_is_refused(client, provincial, province):
    later = AdministrativeUnit.objects.create(name="Phường Tương Lai", code="99997", level=UnitLevel.COMMUNE,
                                              kind="phuong", parent=province, valid_from=datetime.date(2099, 1, 1))
    client.force_login(provincial)
    response = client.post(ADD, model_post(later))
    assert unit_error(response) == (
        "Phường Tương Lai (Tỉnh Hà Tĩnh) chỉ có hiệu lực từ ngày 01/01/2099: hãy chọn đơn vị hiện nay.")


@pytest.mark.parametrize(("unit", "year"), [
    (lambda: AdministrativeUnit.objects.get(code="18685", valid_from=datetime.date(2025, 7, 1)), ""),  # today's
    (cam_binh_2023, "2019"),  # a model of the past, in the unit of its year
    (lambda: AdministrativeUnit.objects.get(code="18685", valid_from=datetime.date(2025, 1, 1)), "2025"),
])
def test_a_unit_of_today_or_of_the_year_the_model_started_is_accepted(client, provincial, unit, year):
    client.force_login(provincial)
    response = client.post(ADD, model_post(unit(), year_started=year))
    assert response.status_code == 302, unit_error(response)
    assert MobilizationModel.objects.get(name="Mô hình thử").unit == unit()


def test_an_old_model_keeps_its_unit_but_cannot_move_to_a_closed_one(client, provincial):
    model = MobilizationModel.objects.get(name="Sản xuất lúa, cá hữu cơ")  # xã Cẩm Bình 2023, no year started
    url = reverse("models_registry:model_edit", args=[model.pk])
    client.force_login(provincial)
    data = model_post(model.unit, name="Sản xuất lúa, cá hữu cơ Cẩm Bình", host_type=model.host_type,
                      version=model.version, is_published="on", is_exemplary="on")
    assert client.post(url, data).status_code == 302  # its unit unchanged: no check
    model.refresh_from_db()
    response = client.post(url, {**data, "unit": unit_2023("18691", UnitLevel.COMMUNE).pk, "version": model.version})
    assert "Xã Cẩm Vịnh (Huyện Cẩm Xuyên) đã sáp nhập vào Xã Cẩm Bình" in unit_error(response)
    response = client.post(url, {**data, "year_started": "2030", "version": model.version})
    assert "không tồn tại trong năm 2030" in unit_error(response)
