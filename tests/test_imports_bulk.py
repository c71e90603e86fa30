"""Imports write in bulk: a fixed number of queries per batch however many rows (pinned here, so
that a query per row comes back as a failure), and the same rows and history a save of each
row would record (issue 10: "make the write path fast")."""

import math

import pytest
from django.db import connection

from models_registry import sheet
from models_registry.importers import ModelImporter
from models_registry.models import MobilizationModel
from surveys import importers as counts_sheet
from surveys.importers import CountImporter
from surveys.models import ReportedCount, SurveySession
from tests.imports_helpers import exported, table, xlsx_bytes
from units.models import AdministrativeUnit

HEADERS = sheet.headers()


def model_rows(count, unit="Huyện Cẩm Xuyên", code="446"):
    rows = []
    for number in range(count):
        values = dict.fromkeys(HEADERS, "")
        values.update({"Tên mô hình": f"Mô hình số {number}", "Lĩnh vực": "Kinh tế", "Mã đơn vị": code,
                       "Đơn vị": unit, "Loại chủ thể thực hiện": "Hội Phụ nữ", "Năm bắt đầu": 2010 + number % 10,
                       "Tình trạng và lý do": f"Lý do {number}"})
        rows.append(list(values.values()))
    return xlsx_bytes([HEADERS, *rows])


def inserts(model, rows):
    """The INSERT statements Django's bulk_create makes for `rows` objects in batches of 500 (on
    SQLite as many rows as 999 parameters allow)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    per_statement = min(500, connection.ops.bulk_batch_size(fields, [None] * rows))
    return math.ceil(rows / per_statement)


def model_import_queries(rows):
    """What `run(dry_run=False)` of `rows` new models asks the database, by an administrator."""
    return (
        3  # prepare: the units, the fields, the models the user may change
        + 2  # the savepoint of the write, and its release
        + 2  # the place names of the rows' units: their successions, then the units and their parents
        + inserts(MobilizationModel, rows)  # the models
        + 2 * math.ceil(rows / 500)  # per 500 models: their history records, their many-to-many snapshots
    )


@pytest.mark.parametrize("rows", [50, 500])
def test_an_import_of_new_models_makes_a_fixed_number_of_queries(demo, admin_user, django_assert_num_queries, rows):
    importer = ModelImporter(table(model_rows(rows)), user=admin_user, reason="r")
    with django_assert_num_queries(model_import_queries(rows)):
        result = importer.run(dry_run=False)
    assert result.created == rows and result.written
    # The dry run asks only what the rows are matched against, whatever their number.
    with django_assert_num_queries(3):
        assert ModelImporter(table(model_rows(rows)), user=admin_user).run(dry_run=True).unchanged == rows


def test_an_import_of_changed_models_makes_a_fixed_number_of_queries(demo, admin_user, django_assert_num_queries):
    ModelImporter(table(model_rows(120)), user=admin_user, reason="r").run(dry_run=False)
    imported = MobilizationModel.objects.filter(name__startswith="Mô hình số")
    content = exported("xlsx", HEADERS, sheet.export_rows(imported))
    rows = [list(row) for _line, row in table(content).rows]
    for row in rows:
        row[HEADERS.index("Năm bắt đầu")] = 2020
    importer = ModelImporter(table(xlsx_bytes([HEADERS, *rows])), user=admin_user, reason="r2")
    with django_assert_num_queries(
        3  # prepare: units, fields, the models the user may change
        + 2  # the savepoint of the write, and its release
        + 3  # claim the versions of the 120 models: one UPDATE per 500, in a savepoint of its own
        + 2  # the place names of their units
        + 1  # the models: one UPDATE by id, run for each (executemany), per 500
        + 2  # their history records and many-to-many snapshots, per 500
    ):
        assert importer.run(dry_run=False).updated == 120
    assert set(imported.values_list("year_started", "version")) == {(2020, 2)}


def session_rows(count):
    headers = counts_sheet.headers()
    rows = []
    for number in range(count):
        rows.append(["", f"{1 + number % 28:02d}/0{1 + number % 9}/2023", "445", "Huyện Thạch Hà", "",
                     f"Khảo sát số {number}", "Đoàn công tác", "Nguyễn Văn A", 2008, 2023, 10, 4, 3, 2, 1])
    return xlsx_bytes([headers, *rows])


@pytest.mark.parametrize("sessions", [5, 50])
def test_an_import_of_counts_makes_a_fixed_number_of_queries(demo, admin_user, django_assert_num_queries, sessions):
    importer = CountImporter(table(session_rows(sessions)), user=admin_user, reason="r")
    with django_assert_num_queries(
        3  # prepare: the units, the sessions the user may change, their counts (the fields: read before)
        + 2  # the savepoint of the write, and its release
        + 2  # the place names of the sessions' units
        + inserts(SurveySession, sessions)  # the sessions
        + 2  # their history records and many-to-many snapshots
        + inserts(ReportedCount, 4 * sessions)  # their counts
        + 1  # the counts' history records (no many-to-many field)
    ):
        result = importer.run(dry_run=False)
    assert result.created == sessions and result.written
    assert ReportedCount.objects.filter(session__title__startswith="Khảo sát số").count() == 4 * sessions


def history_of(obj):
    """The latest historical record of `obj` as stored: its tracked values and its stamps."""
    record = obj.history.first()
    tracked = {field.attname: getattr(record, field.attname) for field in type(record).tracked_fields}
    return record, tracked


def stored(obj):
    obj = type(obj).objects.get(pk=obj.pk)
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def test_an_imported_change_is_recorded_as_a_save_records_it(demo, admin_user):
    """Who, why, what kind, every tracked value as stored, and the snapshot of the units the model
    was replicated in (simple-history's bulk helpers kept none: a revert lost them)."""
    model = MobilizationModel.objects.get(name="Ống tiền tiết kiệm")
    replicated = list(AdministrativeUnit.objects.filter(code__in=["436", "445"]))
    model.replicated_in.set(replicated)
    rows = [list(row) for _line, row in table(exported("xlsx", HEADERS, sheet.export_rows(
        MobilizationModel.objects.filter(pk=model.pk)))).rows]
    rows[0][HEADERS.index("Năm bắt đầu")] = 2012
    ModelImporter(table(xlsx_bytes([HEADERS, *rows])), user=admin_user, reason="Nhập tệp a.xlsx #3").run(False)
    record, tracked = history_of(model)
    assert (record.history_type, record.history_user, record.history_change_reason) == ("~", admin_user,
                                                                                       "Nhập tệp a.xlsx #3")
    assert tracked == stored(model) and tracked["year_started"] == 2012 and tracked["version"] == 2
    assert set(record.replicated_in.values_list("administrativeunit", flat=True)) == {u.pk for u in replicated}
    assert record.diff_against(record.prev_record).changed_fields == ["year_started"]


def test_an_imported_model_is_recorded_as_created_with_its_values(demo, admin_user):
    ModelImporter(table(model_rows(3)), user=admin_user, reason="r").run(dry_run=False)
    for model in MobilizationModel.objects.filter(name__startswith="Mô hình số"):
        record, tracked = history_of(model)
        assert (record.history_type, record.history_user, record.history_change_reason) == ("+", admin_user, "r")
        assert tracked == stored(model) and model.history.count() == 1
        assert model.search_text.startswith("mo hinh so") and "cam xuyen" in model.search_text


def test_counts_alone_changing_record_the_counts_and_not_the_session(demo, admin_user):
    """As saving each would: the session gets its new version and author but no history entry of
    its own (its fields did not change); each changed count gets one; an unchanged count none."""
    session = SurveySession.objects.get(unit__code="446")
    entries, count_entries = session.history.count(), ReportedCount.history.count()
    headers = counts_sheet.headers()
    row = list(next(counts_sheet.export_rows(SurveySession.objects.filter(pk=session.pk))))
    row[headers.index("Kinh tế")] -= 5
    row[headers.index("Văn hóa – xã hội")] += 5
    CountImporter(table(xlsx_bytes([headers, row])), user=admin_user, reason="r").run(dry_run=False)
    session.refresh_from_db()
    assert (session.version, session.updated_by, session.history.count()) == (2, admin_user, entries)
    changed = ReportedCount.history.filter(history_change_reason="r")
    assert ReportedCount.history.count() == count_entries + 2 == count_entries + changed.count()
    assert {(r.field.code, r.history_type, r.history_user) for r in changed} == {
        ("kinh-te", "~", admin_user), ("van-hoa-xa-hoi", "~", admin_user)}
    row[headers.index("Tiêu đề")] = "Khảo sát lại"  # now the session's own field: an entry of its own
    CountImporter(table(xlsx_bytes([headers, row])), user=admin_user, reason="r2").run(dry_run=False)
    record, tracked = history_of(session)
    assert (record.history_type, record.history_change_reason, tracked) == ("~", "r2", stored(session))
    assert tracked["title"] == "Khảo sát lại" and tracked["version"] == 3
