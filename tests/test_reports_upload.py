"""Local officers upload their own units' periodic reports under /nhap-xuat/ (issue 11).

Each registered kind declares who uploads it (`ImportKind.uploaders`, decided by `scoping.may_import`):
"reports" is every officer's, each for the units of their scope; the other kinds stay the
province's and the admins'. As each persona — a commune officer (the 2025 xã Cẩm Bình), a
district officer of the old structure (huyện Cẩm Xuyên, whose scope reaches the 2025 communes it
became), the provincial officer, an admin, the public: the page offers exactly the kinds they may
upload; the template, the dry run and the confirmation work for them; a row of a unit outside
their scope refuses the whole file in Vietnamese, nothing written. Random files (hypothesis) never
write outside the uploader's scope and write all rows or none."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imports import registry
from imports.models import ImportJob
from reports import importers as sheet
from reports.importers import ReportImporter
from reports.models import PeriodicReport, ReportLine, ReportStatus
from tests.conftest import JOB_DATABASES
from tests.imports_helpers import csv_bytes, table, xlsx_bytes
from tests.reports_data import period_around_today
from units import scoping
from units.models import AdministrativeUnit

pytestmark = JOB_DATABASES

PERSONAS = ["anonymous", "xacambinh", "camxuyen", "provincial", "admin_user"]
LOCAL = ["xacambinh", "camxuyen"]
# For each local officer, a 2025 unit that reports for the period but is outside their scope.
OUTSIDE = {"xacambinh": ("18673", "Xã Cẩm Xuyên"), "camxuyen": ("18073", "Phường Thành Sen")}


@pytest.fixture(autouse=True)
def inline_jobs(immediate_tasks):
    """Run import jobs in the request (a worker process would not see the test's transaction)."""


@pytest.fixture
def period(demo):
    return period_around_today()


def user_of(request, persona):
    return AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)


def logged_in(client, request, persona):
    user = user_of(request, persona)
    if persona != "anonymous":
        client.force_login(user)
    return user


def row(period, code="18685", name="Xã Cẩm Bình", field="Kinh tế", in_operation=10, recognised_commune=3):
    return [str(period), code, name, "", field, in_operation, 2, recognised_commune, 0, 1, 0, 1, 2]


def upload(client, rows, kind="reports"):
    content = csv_bytes([sheet.headers()[:13], *rows])
    return client.post(reverse("imports:upload", args=[kind]),
                       {f"{kind}-file": SimpleUploadedFile("bao-cao.csv", content, "text/csv")})


def lines():
    return sorted(ReportLine.objects.values_list("report__unit__code", "field__name", "in_operation"))


def province_kinds():
    return [kind.value for kind in registry.kinds() if kind.uploaders is scoping.Uploaders.PROVINCE]


def test_every_kind_but_reports_stays_the_provinces():
    assert registry.get("reports").uploaders is scoping.Uploaders.OFFICERS
    assert province_kinds() and "reports" not in province_kinds()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_gate_answers_per_kind(request, persona, demo):
    user = user_of(request, persona)
    officers = scoping.may_import(user, scoping.Uploaders.OFFICERS)
    province = scoping.may_import(user, scoping.Uploaders.PROVINCE)
    assert officers is (persona != "anonymous")
    assert province is (persona in ("provincial", "admin_user"))
    assert scoping.may_import(user) is province  # the default: the province's


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_page_offers_the_kinds_each_persona_may_upload(client, request, persona, period):
    logged_in(client, request, persona)
    response = client.get(reverse("imports:index"))
    assert response.status_code == 200
    offered = [kind.value for kind, _form in response.context.get("uploads", [])]
    expected = {"anonymous": [], "xacambinh": ["reports"], "camxuyen": ["reports"]}.get(
        persona, [kind.value for kind in registry.kinds()])
    assert offered == expected
    page = response.content.decode()
    assert ('id="upload-reports"' in page) is (persona != "anonymous")
    assert ('id="upload-models"' in page) is (persona in ("provincial", "admin_user"))
    if persona in LOCAL:
        assert "Chỉ nhận các dòng của đơn vị bạn phụ trách" in page
        assert reverse("imports:template", args=["reports", "xlsx"]) in page


@pytest.mark.parametrize("persona", LOCAL)
def test_a_local_officer_may_not_upload_the_provinces_kinds(client, request, persona, period):
    logged_in(client, request, persona)
    for kind in province_kinds():
        assert upload(client, [row(period)], kind=kind).status_code == 403, kind
    assert not ImportJob.objects.exists()


def test_the_public_is_sent_to_log_in(client, period):
    response = upload(client, [row(period)])
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("persona", LOCAL)
def test_a_local_officer_checks_then_confirms_their_units_reports(client, request, persona, period):
    user = logged_in(client, request, persona)
    template = client.get(reverse("imports:template", args=["reports", "csv"]))
    assert template.status_code == 200 and "Kỳ báo cáo" in template.content.decode("utf-8-sig")
    response = upload(client, [row(period), row(period, field="Văn hóa – xã hội", in_operation=4)])
    page = client.get(response.url).content.decode()
    assert "Nhập ngay" in page and lines() == []  # the dry run writes nothing
    job = ImportJob.objects.get()
    assert client.post(reverse("imports:job_confirm", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert lines() == [("18685", "Kinh tế", 10), ("18685", "Văn hóa – xã hội", 4)]
    report = PeriodicReport.objects.get()
    assert (report.status, report.created_by, report.submitted_at) == (ReportStatus.DRAFT, user, None)


@pytest.mark.parametrize("persona", LOCAL)
def test_a_row_of_another_unit_refuses_the_whole_file(client, request, persona, period):
    logged_in(client, request, persona)
    code, name = OUTSIDE[persona]
    assert AdministrativeUnit.objects.filter(code=code, valid_from__isnull=False).exists()
    response = upload(client, [row(period), row(period, code=code, name=name)])
    page = client.get(response.url).content.decode()
    assert f"dòng 3: {name} nằm ngoài phạm vi đơn vị bạn phụ trách" in page
    assert "Nhập ngay" not in page
    job = ImportJob.objects.get()
    client.post(reverse("imports:job_confirm", args=[job.pk]))  # a checked file only
    job.refresh_from_db()
    assert job.status == ImportJob.Status.REFUSED
    assert lines() == [] and not PeriodicReport.objects.exists()


@pytest.mark.parametrize("persona", ["provincial", "admin_user"])
def test_the_province_still_uploads_any_units_reports(client, request, persona, period):
    logged_in(client, request, persona)
    upload(client, [row(period), row(period, code="18073", name="Phường Thành Sen")])
    job = ImportJob.objects.get()
    client.post(reverse("imports:job_confirm", args=[job.pk]))
    assert [code for code, _field, _n in lines()] == ["18073", "18685"]


def test_a_local_officer_confirms_their_reports_job_not_a_province_kinds(request, camxuyen):
    mine = {kind: ImportJob.objects.create(kind=kind, file_name="a.csv", content=b"x", created_by=camxuyen,
                                           status=ImportJob.Status.CHECKED) for kind in ["reports", "models"]}
    confirmable = set(ImportJob.objects.restrict(camxuyen, scoping.Action.CHANGE))
    assert confirmable == {mine["reports"]}
    assert set(ImportJob.objects.restrict(camxuyen, scoping.Action.VIEW)) == set(mine.values())


def test_another_officers_job_is_not_found(client, xacambinh, camxuyen, period):
    client.force_login(xacambinh)
    upload(client, [row(period)])
    job = ImportJob.objects.get()
    client.force_login(camxuyen)
    assert client.get(reverse("imports:job", args=[job.pk])).status_code == 404
    assert client.post(reverse("imports:job_confirm", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED and lines() == []


# Random files of the commune officer: every unit due for the period (some outside the scope),
# counts from good to absurd. Whatever the file, either every row is written, all inside the
# officer's scope, or nothing is and each refusal names its line in Vietnamese.
UNITS = ["18685", "18673", "18073", "18676", "99999"]
COUNT = st.one_of(st.integers(min_value=-5, max_value=40), st.sampled_from(["", "nhiều", "1,5", "10000000"]))
ROW = st.tuples(st.sampled_from(UNITS), st.sampled_from(["Kinh tế", "Văn hóa – xã hội", "Lĩnh vực lạ"]),
                COUNT, COUNT)


@pytest.mark.parametrize("persona", LOCAL)
def test_random_files_write_all_rows_in_scope_or_nothing(request, persona, period):
    user = request.getfixturevalue(persona)
    scope = scoping.visible_unit_ids(user)

    @settings(max_examples=25, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(rows=st.lists(ROW, min_size=1, max_size=5))
    def check(rows):
        content = xlsx_bytes([sheet.headers()[:13], *[
            row(period, code=code, name="", field=field, in_operation=in_operation, recognised_commune=recognised)
            for code, field, in_operation, recognised in rows]])
        with transaction.atomic():
            result = ReportImporter(table(content), user=user, reason="tệp").run(dry_run=False)
            written = set(PeriodicReport.objects.values_list("unit_id", flat=True))
            if result.errors:
                assert not result.written and not written and not ReportLine.objects.exists()
                assert all(message.startswith(f"dòng {line}: ") for line, message in result.errors)
            else:
                assert result.written and written and written <= scope
            transaction.set_rollback(True)

    check()


def test_the_import_page_of_a_local_officer_does_a_fixed_number_of_queries(client, xacambinh, period,
                                                                           django_assert_num_queries):
    client.force_login(xacambinh)
    for name in ("a.csv", "b.csv", "c.csv"):
        ImportJob.objects.create(kind="reports", file_name=name, content=b"x", created_by=xacambinh)
    client.get(reverse("imports:index"))
    # session, user (with officer profile and scope unit: units.backends), the user's recent jobs, the
    # governing body (the page's header): the kinds offered are the gate's answer for the role, no query.
    with django_assert_num_queries(4):
        assert client.get(reverse("imports:index")).status_code == 200
