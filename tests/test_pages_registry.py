"""The registry's pages (/mo-hinh/) as each persona: who sees, searches, creates, edits what."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from models_registry.models import Field, HostType, MobilizationModel
from tests.conftest import unit_2023
from tests.pages import PERSONAS, client_for, queries_for, snapshot
from units.models import AdministrativeUnit, UnitLevel

LIST = reverse("models_registry:model_list")
ADD = reverse("models_registry:model_add")


def make_model(name, unit, **values):
    values.setdefault("field", Field.objects.get(code="kinh-te"))
    values.setdefault("host_type", HostType.GOVERNMENT)
    return MobilizationModel.objects.create(name=name, unit=unit, **values)


@pytest.fixture
def drafts(demo):
    """Unpublished models: one in the 2025 xã Cẩm Bình (successor of Cẩm Xuyên communes and
    of Thạch Bình), one in the 2023 xã Thạch Bình of TP Hà Tĩnh."""
    new_cam_binh = AdministrativeUnit.objects.get(code="18685", valid_from=datetime.date(2025, 7, 1))
    thach_binh = unit_2023("18112", UnitLevel.COMMUNE)
    return {
        "cam_binh_2025": make_model("Cánh đồng mẫu lớn Cẩm Bình", new_cam_binh),
        "thach_binh": make_model("Khu dân cư kiểu mẫu Thạch Bình", thach_binh),
    }


# persona -> which drafts they see (published models are everyone's)
SEES_DRAFTS = {
    "anonymous": set(),
    "camxuyen": {"cam_binh_2025"},
    "thachha": set(),
    "provincial": {"cam_binh_2025", "thach_binh"},
    "admin_user": {"cam_binh_2025", "thach_binh"},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_shows_published_models_and_the_drafts_in_scope(request, persona, drafts):
    response = client_for(request, persona).get(LIST)
    assert response.status_code == 200
    shown = {m.pk for m in response.context["models"]}
    for key, draft in drafts.items():
        assert (draft.pk in shown) == (key in SEES_DRAFTS[persona]), key
    assert response.context["paginator"].count == 13 + len(SEES_DRAFTS[persona])
    assert f"Tìm thấy {13 + len(SEES_DRAFTS[persona])} mô hình" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_detail_of_a_draft_is_404_outside_scope(request, persona, drafts):
    client = client_for(request, persona)
    for key, draft in drafts.items():
        response = client.get(reverse("models_registry:model_detail", args=[draft.pk]))
        assert response.status_code == (200 if key in SEES_DRAFTS[persona] else 404), key


@pytest.mark.parametrize("persona", PERSONAS)
def test_search_ignores_accents_and_stays_in_scope(request, persona, drafts):
    client = client_for(request, persona)
    found = {m.name for m in client.get(LIST, {"q": "CANH DONG mau"}).context["models"]}
    assert found == ({"Cánh đồng mẫu lớn Cẩm Bình"} if "cam_binh_2025" in SEES_DRAFTS[persona] else set())
    found = {m.name for m in client.get(LIST, {"q": "thach binh"}).context["models"]}
    assert ("Khu dân cư kiểu mẫu Thạch Bình" in found) == ("thach_binh" in SEES_DRAFTS[persona])
    # The unit's name is searched too: "dong mon" finds the model of xã Đồng Môn.
    found = {m.name for m in client.get(LIST, {"q": "dong mon"}).context["models"]}
    assert "Trồng sen sinh thái, nuôi trai lấy ngọc" in found


def test_filters_field_unit_subtree_and_exemplary(client, drafts, cam_xuyen):
    response = client.get(LIST, {"unit": cam_xuyen.pk})
    assert {m.unit.name for m in response.context["models"]} <= {
        "Huyện Cẩm Xuyên", "Xã Cẩm Bình", "Xã Cẩm Vịnh", "Thị trấn Cẩm Xuyên"
    }
    assert response.context["paginator"].count == 6
    field = Field.objects.get(code="quoc-phong-an-ninh")
    assert [m.name for m in client.get(LIST, {"field": field.pk}).context["models"]] == [
        "Tổ liên gia an toàn tự quản về an ninh trật tự"
    ]
    MobilizationModel.objects.filter(name__startswith="Tổ").update(is_exemplary=False)
    assert client.get(LIST, {"exemplary": "1"}).context["paginator"].count == 13 - 3


def test_list_sorts_in_vietnamese_order(client, demo, cam_xuyen):
    for name in ["Zz Đào", "Zz Dung", "Zz Ăn", "Zz Ân", "Zz An", "Zz Ba", "Zz Ơn", "Zz Ôn", "Zz On"]:
        make_model(name, cam_xuyen, is_published=True)
    names = [m.name for m in client.get(LIST, {"q": "zz"}).context["models"]]
    assert names == ["Zz An", "Zz Ăn", "Zz Ân", "Zz Ba", "Zz Dung", "Zz Đào", "Zz On", "Zz Ôn", "Zz Ơn"]
    names = [m.name for m in client.get(LIST, {"q": "zz", "sort": "-name"}).context["models"]]
    assert names[:3] == ["Zz Ơn", "Zz Ôn", "Zz On"]


CREATE_ALLOWED = {"anonymous": 302, "camxuyen": 200, "thachha": 200, "provincial": 200, "admin_user": 200}


@pytest.mark.parametrize("persona", PERSONAS)
def test_create_page_is_for_officers(request, persona, demo):
    response = client_for(request, persona).get(ADD)
    assert response.status_code == CREATE_ALLOWED[persona]
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("login"))


# persona -> status of the edit page of (Cẩm Xuyên draft, published Cẩm Xuyên model, Thạch Bình draft)
EDIT_STATUS = {
    "anonymous": (302, 302, 302),
    "camxuyen": (200, 403, 404),
    "thachha": (404, 403, 404),
    "provincial": (200, 200, 200),
    "admin_user": (200, 200, 200),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_edit_page_404_outside_scope_403_when_only_visible(request, persona, drafts, cam_xuyen):
    published = MobilizationModel.objects.get(name="Ngân hàng máu sống cứu người")
    client = client_for(request, persona)
    statuses = tuple(
        client.get(reverse("models_registry:model_edit", args=[obj.pk])).status_code
        for obj in (drafts["cam_binh_2025"], published, drafts["thach_binh"])
    )
    assert statuses == EDIT_STATUS[persona]


def model_post(unit, **overrides):
    data = {
        "name": "Dòng họ khuyến học", "field": Field.objects.get(code="van-hoa-xa-hoi").pk, "unit": unit.pk,
        "kind": "collective", "host_type": "residential", "status": "active", "year_started": "2019",
        "rationale": "Nhiều gia đình khó khăn", "version": "",
    }
    data.update(overrides)
    return data


def test_local_officer_creates_a_draft_in_their_district(client, camxuyen, cam_xuyen, tp_ha_tinh):
    client.force_login(camxuyen)
    commune = unit_2023("18715", UnitLevel.COMMUNE)  # Xã Cẩm Duệ
    response = client.post(ADD, model_post(commune, is_published="on", replicated_in=[tp_ha_tinh.pk]))
    model = MobilizationModel.objects.get(name="Dòng họ khuyến học")
    assert list(model.replicated_in.all()) == [tp_ha_tinh]  # it may have spread anywhere
    assert response.status_code == 302 and response["Location"] == reverse("models_registry:model_detail",
                                                                            args=[model.pk])
    assert (model.unit, model.created_by, model.updated_by, model.is_published) == (commune, camxuyen, camxuyen,
                                                                                     False)


def test_local_officer_cannot_file_a_model_outside_their_scope(client, camxuyen, tp_ha_tinh):
    client.force_login(camxuyen)
    before = snapshot()
    response = client.post(ADD, model_post(tp_ha_tinh))
    assert response.status_code == 200
    assert "Hãy chọn một đơn vị thuộc địa bàn mình phụ trách." in response.content.decode()
    assert snapshot() == before


def test_over_long_name_and_html_in_names(client, provincial, cam_xuyen):
    client.force_login(provincial)
    before = snapshot()
    response = client.post(ADD, model_post(cam_xuyen, name="x" * 301, rationale="giữ lại nội dung này"))
    body = response.content.decode()
    assert "tối đa 300 kí tự" in body and "giữ lại nội dung này" in body
    assert snapshot() == before
    client.post(ADD, model_post(cam_xuyen, name="<script>alert(1)</script> Mô hình"))
    model = MobilizationModel.objects.get(name__startswith="<script>")
    body = client.get(reverse("models_registry:model_detail", args=[model.pk])).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt; Mô hình" in body


def test_second_of_two_concurrent_edits_is_refused(client, provincial, cam_xuyen):
    client.force_login(provincial)
    model = MobilizationModel.objects.get(name="Ngân hàng máu sống cứu người")
    url = reverse("models_registry:model_edit", args=[model.pk])
    first = model_post(cam_xuyen, name="Ngân hàng máu sống", version=model.version)
    second = model_post(cam_xuyen, name="Ngân hàng máu cứu người", version=model.version)
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert "Người khác đã lưu bản ghi này" in response.content.decode()
    model.refresh_from_db()
    assert (model.name, model.version) == ("Ngân hàng máu sống", 2)
    assert model.history.count() == 2  # created by the demo, changed once


def add_models(unit, n):
    for i in range(n):
        make_model(f"Mô hình thêm {i}", unit, is_published=True, is_exemplary=True)


def test_list_query_count_does_not_grow(client, provincial, cam_xuyen, django_assert_num_queries):
    client.force_login(provincial)
    # session, user with officer profile and scope unit; the data version and the scope (a first
    # view): province subtree, whole successions into it, whole successions out of it; count; the
    # data version again and the fields for the filter form (no filter chosen: kept once rendered),
    # page of models with field and unit (the unit filter sends only the chosen unit: none, no
    # query); the governing body's name today (header)
    expected = 11
    queries_for(client, LIST, django_assert_num_queries, expected)
    add_models(cam_xuyen, 30)
    queries_for(client, LIST, django_assert_num_queries, expected)
    queries_for(client, LIST + "?page=2", django_assert_num_queries, expected)


def test_the_filters_choices_come_in_one_plain_query(client, provincial):
    """The field filter's few choices: one SELECT, not a PostgreSQL server-side cursor (Django's
    default for a select's choices: DECLARE, FETCH and CLOSE, three round trips)."""
    if connection.vendor != "postgresql":
        pytest.skip("server-side cursors are PostgreSQL's")
    client.force_login(provincial)
    with CaptureQueriesContext(connection) as context:
        assert client.get(LIST).status_code == 200
    statements = [q["sql"] for q in context.captured_queries]
    assert not [sql for sql in statements if sql.startswith("DECLARE")], statements
    assert sum('FROM "models_registry_field"' in sql for sql in statements) == 1


def test_anonymous_list_and_home_query_counts(client, cam_xuyen, django_assert_num_queries):
    # count, the data version and the fields for the filter form (a first view: see
    # test_dashboard_cache.py), page of models with field and unit; the governing body's name today
    # (header, on every page)
    queries_for(client, LIST, django_assert_num_queries, 5)
    # the gallery, with field and unit; the active fields, the data version and the counts by
    # field (summary; each time the first view after a write: see test_dashboard_cache.py); the name
    queries_for(client, "/", django_assert_num_queries, 5)
    add_models(cam_xuyen, 30)
    queries_for(client, LIST, django_assert_num_queries, 5)
    # with a unit chosen (the filter form rendered afresh, without the data version), plus: the
    # chosen unit (form validation), the data version and its scope over time (subtree; whole
    # successions into it in one step, out of it in two) and the chosen unit again for the picker's
    # one option
    queries_for(client, f"{LIST}?unit={cam_xuyen.pk}", django_assert_num_queries, 4 + 1 + 1 + 4 + 1)
    queries_for(client, "/", django_assert_num_queries, 5)


def test_detail_query_count_does_not_grow(client, provincial, cam_xuyen, django_assert_num_queries):
    client.force_login(provincial)
    model = MobilizationModel.objects.get(name="Sản xuất nông nghiệp tuần hoàn")
    url = reverse("models_registry:model_detail", args=[model.pk])
    # session, user with officer profile and scope unit, the data version and the scope (3, as in
    # the list), the model with field, unit, parent and authors, may-change check, may-review check
    # (the publishing queue), replicated in, visiting sessions; the change history, and the fields
    # and units it names (one query each, however many rows); the governing body's name today (header)
    expected = 12 + 3
    queries_for(client, url, django_assert_num_queries, expected)
    model.replicated_in.set(AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE)[:10])
    for unit in AdministrativeUnit.objects.filter(parent=cam_xuyen)[:3]:
        model.unit = unit
        model.save()
    queries_for(client, url, django_assert_num_queries, expected)


# persona -> (may a search for "cam binh" to file a record under offer the 2025 xã Cẩm Bình, and xã Thạch Bình)
PICKER = {
    "anonymous": (False, False),
    "camxuyen": (True, False),
    "thachha": (False, False),
    "provincial": (True, True),
    "admin_user": (True, True),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_unit_picker_offers_only_units_in_scope(request, persona, demo):
    client = client_for(request, persona)
    url = reverse("models_registry:unit_search")
    texts = [r["text"] for r in client.get(url, {"action": "assign", "q": "CAM binh"}).json()["results"]]
    assert ("Xã Cẩm Bình — Tỉnh Hà Tĩnh" in texts) == PICKER[persona][0]
    texts = [r["text"] for r in client.get(url, {"action": "assign", "q": "thach binh"}).json()["results"]]
    assert any(t.startswith("Xã Thạch Bình") for t in texts) == PICKER[persona][1]
    # Looking units up (filters) is open to everyone.
    assert client.get(url, {"q": "thach binh"}).json()["results"]


def test_model_picker_finds_only_visible_models(client, drafts, camxuyen):
    url = reverse("models_registry:model_search")
    assert client.get(url, {"q": "canh dong"}).json()["results"] == []
    client.force_login(camxuyen)
    assert [r["text"] for r in client.get(url, {"q": "canh dong"}).json()["results"]] == [
        "Cánh đồng mẫu lớn Cẩm Bình"
    ]


def test_search_words_may_come_in_any_order_everywhere(client, admin_user, demo):
    """The registry, the pickers and the admin share one search: every folded word, any order."""
    client.force_login(admin_user)
    listing = client.get(reverse("models_registry:model_list"), {"q": "mau ngan hang"}).content.decode()
    assert "Ngân hàng máu sống cứu người" in listing
    units = client.get(reverse("models_registry:unit_search"), {"q": "binh cam"}).json()["results"]
    assert units and all("Cẩm Bình" in unit["text"] for unit in units)
    models = client.get(reverse("models_registry:model_search"), {"q": "tiet kiem ong"}).json()["results"]
    assert [m["text"] for m in models] == ["Ống tiền tiết kiệm"]


def test_admin_view_on_site_opens_the_application_page(demo):
    model = MobilizationModel.objects.get(name="Ống tiền tiết kiệm")
    assert model.get_absolute_url() == reverse("models_registry:model_detail", args=[model.pk])
