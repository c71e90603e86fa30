"""Records are found by their place: the names of their unit and the units above it, as they
were and as they are now (issue 9, item 19; `units/places.py`)."""

import datetime
import importlib

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.search import folded_search
from models_registry.importers import ModelImporter
from models_registry.models import Field, HostType, MobilizationModel
from models_registry.sheet import headers as model_headers
from surveys.models import SurveySession
from tests.conftest import unit_2023
from tests.imports_helpers import table, xlsx_bytes
from units.models import AdministrativeUnit, SuccessionKind, UnitLevel, UnitSuccession, refresh_records_of

LIST = reverse("models_registry:model_list")
JUL_2025 = datetime.date(2025, 7, 1)
CAM_XUYEN_MODELS = {
    "Sản xuất lúa, cá hữu cơ", "Phân loại, xử lý rác thải", "Ống tiền tiết kiệm", "Tổ bát cháo tự tâm",
    "Ngân hàng máu sống cứu người", "Sản xuất nông nghiệp tuần hoàn",
}


def found(client, query):
    return {m.name for m in client.get(LIST, {"q": query}).context["models"]}


def test_the_district_name_finds_the_models_of_its_communes(client, demo, cam_xuyen):
    assert found(client, "cam xuyen") == CAM_XUYEN_MODELS
    # the same models as the unit filter of huyện Cẩm Xuyên
    assert {m.name for m in client.get(LIST, {"unit": cam_xuyen.pk}).context["models"]} == CAM_XUYEN_MODELS
    assert found(client, "huyen cam xuyen lua") == {"Sản xuất lúa, cá hữu cơ"}


def test_the_names_of_today_find_the_models_of_the_old_units(client, demo):
    # xã Cẩm Vịnh (Cẩm Xuyên) moved into TP Hà Tĩnh on 1/1/2025, then into the new xã Cẩm Bình.
    assert "Phân loại, xử lý rác thải" in found(client, "cam binh")
    assert "Phân loại, xử lý rác thải" in found(client, "thanh pho ha tinh")
    # phường Thạch Quý -> phường Thành Sen; xã Thạch Hạ and Đồng Môn -> phường Trần Phú (2025)
    assert "Tổ dân phố mẫu, ngôi nhà trí tuệ tổ dân phố Trung Lân" in found(client, "thanh sen")
    assert {"Xứ đạo an toàn đoàn kết văn hóa", "Trồng sen sinh thái, nuôi trai lấy ngọc"} <= found(
        client, "phuong tran phu")


def test_sessions_are_found_by_their_place_too(demo):
    thach_binh = unit_2023("18112", UnitLevel.COMMUNE)
    session = SurveySession.objects.create(unit=thach_binh, date=datetime.date(2024, 5, 1), title="Khảo sát",
                                           delegation="Đoàn", head_name="A", period_start=2020, period_end=2024)
    for query in ("xa thach binh", "cam binh", "thanh pho ha tinh tinh ha tinh khao sat"):
        assert session in folded_search(SurveySession.objects.all(), query), query
    assert list(folded_search(SurveySession.objects.all(), "cam binh")) == [session]


def test_imported_models_carry_their_place(demo):
    headers = model_headers()
    values = dict.fromkeys(headers, "")
    values.update({headers[1]: "Mô hình nhập từ tệp", headers[2]: "Kinh tế", headers[4]: "Xã Cẩm Vịnh",
                   headers[5]: "Huyện Cẩm Xuyên", headers[6]: "Chính quyền"})
    result = ModelImporter(table(xlsx_bytes([headers, list(values.values())]))).run(dry_run=False)
    assert result.ok, result.errors
    for query in ("cam xuyen", "cam binh", "thanh pho ha tinh"):
        assert folded_search(MobilizationModel.objects.filter(name="Mô hình nhập từ tệp"), query).exists(), query


def new_cam_binh():
    return AdministrativeUnit.objects.get(code="18685", valid_from=JUL_2025)


def test_renaming_a_unit_updates_the_search_of_the_models_that_became_it(client, demo,
                                                                         django_capture_on_commit_callbacks):
    assert found(client, "cam binh moi") == set()
    unit = new_cam_binh()
    with django_capture_on_commit_callbacks(execute=True):
        unit.name = "Xã Cẩm Bình Mới"
        unit.save()
    # the 2023 models of xã Cẩm Bình and Cẩm Vịnh, which became it
    assert found(client, "cam binh moi") == {
        "Sản xuất lúa, cá hữu cơ", "Phân loại, xử lý rác thải", "Sản xuất nông nghiệp tuần hoàn"}


def test_renaming_a_district_updates_the_models_of_its_communes(client, demo, cam_xuyen,
                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cam_xuyen.name = "Huyện Cẩm Xuyên Cũ"
        cam_xuyen.save()
    assert found(client, "xuyen cu") == CAM_XUYEN_MODELS


def test_a_succession_added_or_removed_updates_the_search(client, demo, django_capture_on_commit_callbacks):
    province = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE)
    later = AdministrativeUnit.objects.create(name="Phường Sông Rác", code="99999", level=UnitLevel.COMMUNE,
                                              kind="phuong", parent=province, valid_from=datetime.date(2030, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        link = UnitSuccession.objects.create(predecessor=new_cam_binh(), successor=later, kind=SuccessionKind.WHOLE)
    assert "Sản xuất lúa, cá hữu cơ" in found(client, "song rac")
    with django_capture_on_commit_callbacks(execute=True):
        link.delete()
    assert found(client, "song rac") == set()


def test_many_changes_in_one_transaction_refresh_once(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        for unit in AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE)[:20]:
            unit.name += " X"
            unit.save()
    assert len(callbacks) == 20
    with CaptureQueriesContext(connection) as first:
        callbacks[0]()
    with CaptureQueriesContext(connection) as rest:
        for callback in callbacks[1:]:
            callback()
    assert len(first) > 0 and len(rest) == 0


def add_models(n, unit):
    field = Field.objects.get(code="kinh-te")
    MobilizationModel.objects.bulk_create(
        MobilizationModel(name=f"Mô hình {i}", unit=unit, field=field, host_type=HostType.GOVERNMENT)
        for i in range(n))


def refresh_queries(unit_ids):
    with CaptureQueriesContext(connection) as context:
        changed = refresh_records_of(unit_ids)
    return changed, len(context)


def test_the_refresh_is_not_a_query_per_model(demo):
    cam_binh = unit_2023("18685", UnitLevel.COMMUNE)
    add_models(5, cam_binh)  # bulk_create: no search text yet
    changed, queries = refresh_queries({cam_binh.pk})
    assert changed == 5
    add_models(50, cam_binh)
    changed, more_queries = refresh_queries({cam_binh.pk})
    assert changed == 50 and more_queries == queries
    assert folded_search(MobilizationModel.objects.all(), "mo hinh 42 cam xuyen").count() == 1


def state_after(app, migration):
    """The historical models a migration runs with (units were then in models_registry)."""
    return MigrationLoader(connection).project_state((app, migration)).apps


def test_the_refresh_writes_a_batch_in_one_statement(demo):
    """400 models refreshed with as many queries as 5: their search text written by one UPDATE by
    id run for each (core.bulk.update_rows). Django's bulk_update split them on SQLite (999
    parameters) and tested a CASE per row: 13 s for 10,000 models on commit, against 2."""
    cam_binh = unit_2023("18685", UnitLevel.COMMUNE)
    add_models(5, cam_binh)
    _changed, queries = refresh_queries({cam_binh.pk})
    add_models(400, cam_binh)
    changed, more_queries = refresh_queries({cam_binh.pk})
    assert changed == 400 and more_queries == queries
    assert folded_search(MobilizationModel.objects.all(), "mo hinh 399 cam xuyen").count() == 1


def test_the_data_migration_recomputes_every_existing_row(demo):
    MobilizationModel.objects.update(search_text="")
    SurveySession.objects.update(search_text="")
    importlib.import_module("models_registry.migrations.0008_search_text_place_names").refresh_models(
        state_after("models_registry", "0008_search_text_place_names"), None)
    importlib.import_module("surveys.migrations.0004_search_text_place_names").refresh_sessions(
        state_after("surveys", "0004_search_text_place_names"), None)
    assert {m.name for m in folded_search(MobilizationModel.objects.all(), "cam xuyen")} == CAM_XUYEN_MODELS
    assert folded_search(SurveySession.objects.all(), "huyen cam xuyen").count() == 1
    assert all(m.search_text == m.folded_text() for m in MobilizationModel.objects.all())
