"""No saved change is lost: every write path (site forms, admin, imports) claims the version it
started from through core/versioning.py, and a stale write is refused, never applied."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import versioning
from imports.models import ImportJob
from models_registry import sheet
from models_registry.importers import ModelImporter
from models_registry.models import Field, MobilizationModel
from surveys import importers as count_sheet
from surveys.importers import CountImporter
from surveys.models import SurveySession
from tests.conftest import JOB_DATABASES
from tests.imports_helpers import exported, table, xlsx_bytes

pytestmark = pytest.mark.django_db

STALE = "Người khác đã lưu bản ghi này"
STALE_MODEL_ROW = "Mô hình đã được người khác sửa sau khi kiểm tra: tải lại và kiểm tra lại tệp"
STALE_SESSION_ROW = "Buổi khảo sát đã được người khác sửa sau khi kiểm tra: tải lại và kiểm tra lại tệp"
MODEL_NAME = "Ngân hàng máu sống cứu người"
MODEL_KEYS = [key for key, _header, _kind, _required in sheet.MODEL_COLUMNS]
HEAD_NAME = [key for key, _header, _required in count_sheet.SESSION_COLUMNS].index("head_name")


# The one function ----------------------------------------------------------------------------

def test_claim_many_bumps_rows_of_different_versions_in_one_update(demo):
    a, b, c = MobilizationModel.objects.order_by("pk")[:3]
    MobilizationModel.objects.filter(pk=b.pk).update(version=7)
    with CaptureQueriesContext(connection) as queries:
        assert versioning.claim_many(MobilizationModel, {a.pk: 1, b.pk: 7, c.pk: 1}) == []
    assert len(queries) == 3  # SAVEPOINT, the one UPDATE, RELEASE SAVEPOINT
    versions = dict(MobilizationModel.objects.filter(pk__in=[a.pk, b.pk, c.pk]).values_list("pk", "version"))
    assert versions == {a.pk: 2, b.pk: 8, c.pk: 2}


def test_claim_many_names_the_stale_rows_and_claims_none(demo):
    a, b, c = MobilizationModel.objects.order_by("pk")[:3]
    MobilizationModel.objects.filter(pk=b.pk).update(version=2)  # someone saved b
    assert versioning.claim_many(MobilizationModel, {a.pk: 1, b.pk: 1, c.pk: 1}) == [b.pk]
    versions = dict(MobilizationModel.objects.filter(pk__in=[a.pk, b.pk, c.pk]).values_list("pk", "version"))
    assert versions == {a.pk: 1, b.pk: 2, c.pk: 1}  # nothing claimed, b not bumped further


# Admin -----------------------------------------------------------------------------------------

@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def post_data(response):
    """What the admin page in `response` would post unchanged: its form and its inline forms."""
    context = response.context
    forms = [context["adminform"].form]
    for inline in context.get("inline_admin_formsets", []):
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            key = form.add_prefix(name)
            if isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = "on" if value is True else str(value)
    return data


def test_admin_save_of_a_page_opened_before_another_save_is_refused(admin_client, demo):
    model = MobilizationModel.objects.get(name=MODEL_NAME)
    first = post_data(admin_client.get(change_url(model)))
    second = post_data(admin_client.get(change_url(model)))  # opened at the same time
    first["name"], second["name"] = "Ngân hàng máu (lần 1)", "Ngân hàng máu (lần 2)"
    assert admin_client.post(change_url(model), first).status_code == 302
    response = admin_client.post(change_url(model), second)
    page = response.content.decode()
    assert response.status_code == 200 and STALE in page
    assert "Ngân hàng máu (lần 2)" in page  # what the admin typed is kept on the page
    model.refresh_from_db()
    assert (model.name, model.version) == ("Ngân hàng máu (lần 1)", 2)


def test_admin_save_after_an_officer_saved_on_the_site_is_refused(admin_client, client, provincial, demo):
    from django.test import Client

    model = MobilizationModel.objects.get(name=MODEL_NAME)
    stale = post_data(admin_client.get(change_url(model)))
    officer = Client()
    officer.force_login(provincial)
    site_form = {"name": "Đổi bởi cán bộ", "field": model.field_id, "unit": model.unit_id, "kind": model.kind,
                 "host_type": model.host_type, "status": model.status, "version": model.version}
    assert officer.post(reverse("models_registry:model_edit", args=[model.pk]), site_form).status_code == 302
    stale["host_name"] = "Sửa trong trang quản trị"
    assert STALE in admin_client.post(change_url(model), stale).content.decode()
    model.refresh_from_db()
    assert (model.name, model.host_name, model.version) == ("Đổi bởi cán bộ", "", 2)


def test_admin_session_save_with_its_counts_is_refused_when_stale(admin_client, cam_xuyen):
    session = SurveySession.objects.get(unit=cam_xuyen)
    first = post_data(admin_client.get(change_url(session)))
    second = post_data(admin_client.get(change_url(session)))
    first["head_title"], second["head_title"] = "Lần 1", "Lần 2"
    assert admin_client.post(change_url(session), first).status_code == 302
    assert STALE in admin_client.post(change_url(session), second).content.decode()
    session.refresh_from_db()
    assert (session.head_title, session.version) == ("Lần 1", 2)


def test_an_admin_page_shown_again_for_an_error_did_not_use_up_its_version(admin_client, cam_xuyen):
    session = SurveySession.objects.get(unit=cam_xuyen)
    data = post_data(admin_client.get(change_url(session)))
    wrong = {**data, "reported_total": "3000"}  # the counts add up to 3.372: refused by the inline's check
    assert admin_client.post(change_url(session), wrong).status_code == 200
    session.refresh_from_db()
    assert session.version == 1
    data["head_title"] = "Sửa lại đúng"  # the same page, corrected, saves
    assert admin_client.post(change_url(session), data).status_code == 302
    session.refresh_from_db()
    assert (session.head_title, session.version, session.updated_by.username) == ("Sửa lại đúng", 2, "admin-test")


def test_admin_revert_to_an_old_version_claims_the_current_one(admin_client, demo):
    model = MobilizationModel.objects.get(name=MODEL_NAME)
    admin_client.post(change_url(model), {**post_data(admin_client.get(change_url(model))), "name": "Tên mới"})
    oldest = model.history.order_by("history_id").first()
    url = reverse("admin:models_registry_mobilizationmodel_simple_history", args=[model.pk, oldest.history_id])
    data = post_data(admin_client.get(url))
    assert data["version"] == "2"  # the current version, not the old record's 1
    assert admin_client.post(url, data).status_code == 302
    model.refresh_from_db()
    assert (model.name, model.version) == (MODEL_NAME, 3)  # reverted, and the version moved on, not back


# Imports ---------------------------------------------------------------------------------------

def model_file(models, **changes):
    """An export of `models` with `changes` (column key → value) made to every row."""
    headers = sheet.headers()
    rows = [list(r) for _line, r in table(exported("xlsx", headers, sheet.export_rows(models))).rows]
    for row in rows:
        for key, value in changes.items():
            row[MODEL_KEYS.index(key)] = value
    return xlsx_bytes([headers, *rows])


def officer_saves(model, **values):
    """An officer's save on the site: claims the version like the form does."""
    model.refresh_from_db()
    assert versioning.claim(MobilizationModel, model.pk, model.version)
    for key, value in values.items():
        setattr(model, key, value)
    model.version += 1
    model.save()


def test_import_refused_when_an_officer_saved_between_its_plan_and_its_write(demo, admin_user):
    model = MobilizationModel.objects.get(name=MODEL_NAME)
    others = MobilizationModel.objects.filter(pk__in=[model.pk, *MobilizationModel.objects.exclude(
        pk=model.pk).values_list("pk", flat=True)[:3]])
    importer = ModelImporter(table(model_file(others, year_started=2011)), user=admin_user, reason="r")

    def officer_saves_when_the_plan_is_done(done, total):
        if done == total:
            officer_saves(model, host_name="Cán bộ vừa sửa")

    result = importer.run(dry_run=False, progress=officer_saves_when_the_plan_is_done)
    assert not result.written
    [(line, message)] = result.errors
    assert message == f"dòng {line}: {STALE_MODEL_ROW[0].lower()}{STALE_MODEL_ROW[1:]}"
    model.refresh_from_db()
    assert (model.host_name, model.version, model.year_started) == ("Cán bộ vừa sửa", 2, None)
    assert not MobilizationModel.objects.filter(year_started=2011).exists()  # all or nothing


@JOB_DATABASES
def test_import_confirmed_after_an_officer_saved_since_the_preview_is_refused(client, provincial, immediate_tasks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    model = MobilizationModel.objects.get(name=MODEL_NAME)
    content = model_file(MobilizationModel.objects.filter(pk=model.pk), year_started=2011)
    client.force_login(provincial)
    client.post(reverse("imports:upload", args=["models"]), {"models-file": SimpleUploadedFile("a.xlsx", content)})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.CHECKED  # the preview: 1 to update
    officer_saves(model, host_name="Cán bộ vừa sửa")
    client.post(reverse("imports:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.REFUSED
    assert job.result["errors"] == [[2, f"dòng 2: {STALE_MODEL_ROW[0].lower()}{STALE_MODEL_ROW[1:]}"]]
    model.refresh_from_db()
    assert (model.host_name, model.year_started, model.version) == ("Cán bộ vừa sửa", None, 2)
    assert STALE_MODEL_ROW.lower() in client.get(reverse("imports:job", args=[job.pk])).content.decode().lower()


def test_bulk_import_claims_versions_with_one_update_per_batch(demo, admin_user):
    field = Field.objects.get(code="kinh-te")
    unit = MobilizationModel.objects.get(name=MODEL_NAME).unit
    MobilizationModel.objects.bulk_create([
        MobilizationModel(name=f"Mô hình {i}", field=field, unit=unit, host_type="government", version=1 + i % 3)
        for i in range(1200)
    ])
    models = MobilizationModel.objects.filter(name__startswith="Mô hình ")
    importer = ModelImporter(table(model_file(models, year_started=2011)), user=admin_user, reason="r")
    with CaptureQueriesContext(connection) as queries:
        result = importer.run(dry_run=False)
    assert result.written and result.updated == 1200
    claims = [q for q in queries if q["sql"].startswith("UPDATE") and "IN (VALUES" in q["sql"]]
    assert len(claims) == 3  # 1200 rows of three different versions, batches of 500
    assert sorted(set(models.values_list("version", flat=True))) == [2, 3, 4]  # each one bumped, none set back


def test_counts_import_refused_when_the_session_was_saved_after_the_plan(demo, admin_user, cam_xuyen):
    session = SurveySession.objects.get(unit=cam_xuyen)
    fields = count_sheet.active_fields()
    rows = [list(r) for r in count_sheet.export_rows(SurveySession.objects.filter(pk=session.pk), fields)]
    rows[0][HEAD_NAME] = "Khác"
    importer = CountImporter(table(xlsx_bytes([count_sheet.headers(fields), *rows])), user=admin_user, reason="r")

    def officer_saves_session(done, total):
        if done == total:
            assert versioning.claim(SurveySession, session.pk, 1)
            SurveySession.objects.filter(pk=session.pk).update(summary="Cán bộ vừa sửa")

    result = importer.run(dry_run=False, progress=officer_saves_session)
    assert not result.written
    assert result.errors == [(2, f"dòng 2: {STALE_SESSION_ROW[0].lower()}{STALE_SESSION_ROW[1:]}")]
    session.refresh_from_db()
    assert (session.summary, session.version, session.head_name) == ("Cán bộ vừa sửa", 2, "Trương Thanh Huyền")


def test_counts_import_still_bumps_the_version(demo, admin_user, cam_xuyen):
    session = SurveySession.objects.get(unit=cam_xuyen)
    fields = count_sheet.active_fields()
    rows = [list(r) for r in count_sheet.export_rows(SurveySession.objects.filter(pk=session.pk), fields)]
    rows[0][HEAD_NAME] = "Trưởng đoàn mới"
    result = CountImporter(table(xlsx_bytes([count_sheet.headers(fields), *rows])), user=admin_user,
                           reason="r").run(dry_run=False)
    assert result.written
    session.refresh_from_db()
    assert (session.head_name, session.version, session.updated_by) == ("Trưởng đoàn mới", 2, admin_user)
