"""Importing registry models: dry run, all-or-nothing, round trip, matching, history."""

import io

import pytest
from django.core.management import CommandError, call_command

from models_registry import sheet
from models_registry.importers import ModelImporter
from models_registry.models import MobilizationModel
from tests.imports_helpers import csv_bytes, exported, table, xlsx_bytes

HEADERS = sheet.headers()


def row(name="Mô hình mới", field="Kinh tế", code="446", unit="Huyện Cẩm Xuyên", parent="", host="Chính quyền",
        **extra):
    values = dict(zip(HEADERS, [""] * len(HEADERS), strict=True))
    values.update({HEADERS[1]: name, HEADERS[2]: field, HEADERS[3]: code, HEADERS[4]: unit, HEADERS[5]: parent,
                   HEADERS[6]: host})
    values.update(extra)
    return list(values.values())


def snapshot():
    return sorted(MobilizationModel.objects.values_list(
        "pk", "name", "field_id", "unit_id", "host_type", "host_name", "kind", "is_exemplary", "is_published",
        "status", "version", "year_started", "rationale",
    ))


def first_two_ids():
    return list(MobilizationModel.objects.order_by("pk").values_list("pk", flat=True)[:2])


def history_count():
    return MobilizationModel.history.count()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_changes_nothing(demo, tmp_path, fmt):
    path = tmp_path / f"mo-hinh.{fmt}"
    call_command("export_models", str(path), stderr=io.StringIO())
    before, entries = snapshot(), history_count()
    out = io.StringIO()
    call_command("import_models", str(path), stdout=out, stderr=io.StringIO())
    assert "0 dòng đã được tạo mới, 0 dòng cập nhật, 13 dòng giữ nguyên" in out.getvalue()
    assert snapshot() == before
    assert history_count() == entries  # no history entry when nothing changed


def test_dry_run_reports_creates_updates_and_unchanged_and_writes_nothing(demo, tmp_path):
    content = exported("csv", HEADERS, sheet.export_rows(MobilizationModel.objects.filter(pk__in=first_two_ids())))
    rows = table(content, "a.csv").rows
    changed = list(rows[1][1])
    changed[HEADERS.index("Năm bắt đầu")] = 2010
    path = tmp_path / "thu.csv"
    path.write_bytes(csv_bytes([HEADERS, rows[0][1], changed, row()]))
    before = snapshot()
    out = io.StringIO()
    call_command("import_models", str(path), "--dry-run", stdout=out, stderr=io.StringIO())
    assert "1 dòng sẽ được tạo mới, 1 dòng cập nhật, 1 dòng giữ nguyên" in out.getvalue()
    assert snapshot() == before


def test_one_bad_row_imports_nothing_and_names_the_row(demo, tmp_path):
    path = tmp_path / "loi.xlsx"
    path.write_bytes(xlsx_bytes([HEADERS, row("Một"), row("Hai", field="Lĩnh vực lạ"), row("Ba")]))
    errors = io.StringIO()
    with pytest.raises(CommandError, match="1 dòng lỗi"):
        call_command("import_models", str(path), stderr=errors)
    assert "dòng 3" in errors.getvalue() and "Lĩnh vực lạ" in errors.getvalue()
    assert not MobilizationModel.objects.filter(name__in=["Một", "Ba"]).exists()


def test_failure_in_the_middle_of_writing_leaves_the_database_unchanged(demo, monkeypatch):
    content = xlsx_bytes([HEADERS] + [row(f"Mô hình {i}") for i in range(1200)])
    before, entries = snapshot(), history_count()
    calls = []
    real_save = ModelImporter.save_batch

    def failing_save(self, batch, create):
        calls.append(len(batch))
        if len(calls) == 2:
            raise RuntimeError("injected failure")
        real_save(self, batch, create)

    monkeypatch.setattr(ModelImporter, "save_batch", failing_save)
    with pytest.raises(RuntimeError, match="injected"):
        ModelImporter(table(content)).run(dry_run=False)
    assert calls == [500, 500]  # the first batch was written before the failure...
    assert snapshot() == before  # ...and rolled back with it
    assert history_count() == entries


def test_units_and_fields_match_by_name_ignoring_accents_and_case(demo):
    content = xlsx_bytes([HEADERS, row(field="van hoa - xa hoi", code="", unit="cam xuyen",
                                       host="hoi nguoi cao tuoi")])
    result = ModelImporter(table(content)).run(dry_run=True)
    [(line, message)] = result.errors
    assert line == 2
    assert message.startswith("dòng 2: cột “Loại chủ thể thực hiện”: “hoi nguoi cao tuoi” không thuộc các giá trị: ")
    # "cam xuyen" alone fits the district, the township and the 2025 commune: the kind tells them apart.
    content = xlsx_bytes([HEADERS, row(field="van hoa - xa hoi", code="", unit="huyen cam xuyen",
                                       host="hoi lien hiep phu nu")])
    importer = ModelImporter(table(content))
    plans, errors = importer.plan()
    assert errors == []
    model = plans[0].payload
    assert (model.unit.code, model.field.code, model.host_type) == ("446", "van-hoa-xa-hoi", "women")


def test_a_name_that_fits_several_units_is_an_error_not_a_guess(demo):
    # Three versions of xã Cẩm Bình exist (2023 in Cẩm Xuyên, 2025 in TP Hà Tĩnh, the merged 2025 commune).
    result = ModelImporter(table(xlsx_bytes([HEADERS, row(code="", unit="Xã Cẩm Bình")]))).run()
    assert len(result.errors) == 1 and "nhiều đơn vị" in result.errors[0][1]
    result = ModelImporter(table(xlsx_bytes([HEADERS, row(code="", unit="Xã Cẩm Bình",
                                                          parent="Huyện Cẩm Xuyên")]))).run()
    assert result.ok
    result = ModelImporter(table(xlsx_bytes([HEADERS, row(code="", unit="Xã Không Có")]))).run()
    assert "không tìm thấy" in result.errors[0][1]


def test_import_records_history_with_user_and_the_import_as_reason(demo, admin_user):
    content = xlsx_bytes([HEADERS, row("Mô hình A"), row("Mô hình B")])
    ModelImporter(table(content), user=admin_user, reason="Nhập tệp a.xlsx #7").run(dry_run=False)
    records = MobilizationModel.history.filter(history_change_reason="Nhập tệp a.xlsx #7")
    assert sorted(records.values_list("name", "history_type", "history_user")) == [
        ("Mô hình A", "+", admin_user.pk), ("Mô hình B", "+", admin_user.pk)]
    # The same file again: nothing changes, no new history entry.
    result = ModelImporter(table(content), user=admin_user, reason="Nhập tệp a.xlsx #8").run(dry_run=False)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert not MobilizationModel.history.filter(history_change_reason="Nhập tệp a.xlsx #8").exists()


def test_update_bumps_version_and_records_before_and_after(demo, admin_user):
    model = MobilizationModel.objects.get(name="Ống tiền tiết kiệm")
    content = exported("xlsx", HEADERS, sheet.export_rows(MobilizationModel.objects.filter(pk=model.pk)))
    rows = [list(r) for _line, r in table(content).rows]
    rows[0][HEADERS.index("Năm bắt đầu")] = 2012
    ModelImporter(table(xlsx_bytes([HEADERS, *rows])), user=admin_user, reason="r").run(dry_run=False)
    model.refresh_from_db()
    assert (model.year_started, model.version, model.updated_by) == (2012, 2, admin_user)
    latest = model.history.first()
    assert latest.history_user == admin_user and latest.diff_against(latest.prev_record).changed_fields == [
        "year_started"]


def test_provincial_officer_cannot_import_outside_the_province_scope(demo, camxuyen, tp_ha_tinh):
    result = ModelImporter(table(xlsx_bytes([HEADERS, row(code="436", unit="Thành phố Hà Tĩnh")])),
                           user=camxuyen).run()
    assert "ngoài phạm vi" in result.errors[0][1]


def test_command_line_records_the_given_user_and_the_file(demo, admin_user, tmp_path):
    path = tmp_path / "mo-hinh.csv"
    path.write_bytes(csv_bytes([HEADERS, row("Mô hình dòng lệnh")]))
    call_command("import_models", str(path), "--user", admin_user.username, stdout=io.StringIO(),
                 stderr=io.StringIO())
    record = MobilizationModel.objects.get(name="Mô hình dòng lệnh").history.get()
    assert record.history_user == admin_user
    assert record.history_change_reason == "Nhập tệp mo-hinh.csv (dòng lệnh)"
    with pytest.raises(CommandError, match="nobody"):
        call_command("import_models", str(path), "--user", "nobody", stderr=io.StringIO())
