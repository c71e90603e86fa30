"""Random input to every page of the application (issue 9, item 5): no value a request can carry
is a 500, and a refused request saves nothing.

Every URL name of the application's URLconf (the admin's aside: Django's own pages, behind the
same NUL middleware) must have an entry in PAGES, so a new page fails here until it is fuzzed.
Each page's parameters are read from the page itself (the names of its form's inputs), so a new
field or filter is fuzzed without touching this file. Hypothesis draws a persona (anonymous,
local officer, provincial officer, admin) and values (huge and negative integers, NUL, unicode
digits, long strings, dates such as 01/01/0001, empty, several values for one name) over a
valid baseline, so that the deeper checks (totals, scopes, formsets) are reached too.
Deterministic (derandomize) and bounded, for CI on SQLite and PostgreSQL.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.messages import constants, get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from imports.models import ImportJob
from models_registry.models import MobilizationModel
from reports.models import PeriodicReport, ReportingPeriod
from surveys.models import SurveySession
from tests.conftest import PASSWORD
from tests.pages import snapshot
from tests.reports_data import period_around_today, report_post
from tests.test_pages_registry import model_post
from tests.test_pages_surveys import edit_post, session_post
from units.models import AdministrativeUnit

PERSONAS = ["anonymous", "camxuyen", "provincial", "admin_user"]
EXAMPLES = 8  # per page and database: the edge cases below always run besides

BIG = "100000000000000000000"
EDGE = [
    "", " ", "0", "-1", "1", "2023", "9223372036854775807", "9223372036854775808", "-9223372036854775809", BIG,
    str(10**15), "1e20", "NaN", "inf", "1.5", "3.372", "50,5", "0001-01-01", "01/01/0001", "31/12/9999",
    "9999-12-31", "31/02/2025", "15/10/2025", "\x00", "a\x00b", "²⁰¹⁵", "١٢٣", "Đồng Môn", "%", "_", "\\",
    "<script>alert(1)</script>", "' OR 1=1 --", "\u202e", "\ufeff1", "x" * 5000,
]
TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)
VALUE = st.one_of(
    st.sampled_from(EDGE),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    TEXT,
    st.dates(min_value=datetime.date(1, 1, 1)).map(lambda day: day.strftime("%d/%m/%Y")),
)
VALUES = st.one_of(VALUE, st.lists(VALUE, min_size=2, max_size=3))
UPLOAD = st.builds(
    lambda stem, ext, content: SimpleUploadedFile(f"{stem}.{ext}", content),
    st.sampled_from(["mo-hinh", "số liệu", "a" * 300, "x\x00y", "..", "-"]),
    st.sampled_from(["xlsx", "csv", "txt", ""]),
    st.one_of(st.binary(max_size=200), st.sampled_from([b"", b"\x00" * 50, "ID,Tên\n1,\x00\n".encode()])),
)
PK = st.one_of(st.integers(min_value=0, max_value=2**70), st.just(2**63 - 1), st.just(2**63))
KIND = st.one_of(st.sampled_from(["models", "counts", "xlsx", "csv"]), TEXT.filter(lambda s: s and "/" not in s))


@dataclass
class World:
    """The rows the pages are fuzzed against (the demo data plus one import job)."""

    model: MobilizationModel
    session: SurveySession
    job: ImportJob
    period: ReportingPeriod  # open for entry, reported by the 2025 communes
    unit: AdministrativeUnit  # one of them: the 2025 xã Cẩm Bình
    report_post: dict  # its report form as the page offers it
    submitted: AdministrativeUnit  # another one, whose report the district officer submitted


@dataclass
class Page:
    """How to fuzz one URL name: its method, its path arguments (a strategy per argument,
    given the world), where its parameter names are read from, and a valid baseline."""

    method: str = "get"
    path_args: Callable[[World], dict] = lambda world: {}
    fields_from: Callable[[World, dict], str] | None = None  # a GET URL whose inputs are the parameters
    baseline: Callable[[World, dict], dict] = lambda world, kwargs: {}
    extra: tuple[str, ...] = ()
    prefix: Callable[[dict], str] = field(default=lambda kwargs: "")


def own(url_name):
    """fields_from: the page itself (GET), with the same arguments."""
    return lambda world, kwargs: reverse(url_name, kwargs=kwargs)


def model_pk(world):
    return {"pk": st.one_of(st.just(world.model.pk), PK)}


def session_pk(world):
    return {"pk": st.one_of(st.just(world.session.pk), PK)}


def job_pk(world):
    return {"pk": st.one_of(st.just(world.job.pk), PK)}


def session_baseline(world, kwargs):
    session = SurveySession.objects.filter(pk=kwargs.get("pk")).first()
    return edit_post(session) if session else session_post(world.session.unit)


def follow_up_args(world):
    recommendation = world.session.recommendations.first()
    return {"pk": st.one_of(st.just(recommendation.pk), PK)}


def report_args(world):
    return {"period_pk": st.one_of(st.just(world.period.pk), PK), "unit_pk": st.one_of(st.just(world.unit.pk), PK)}


def review_args(world):
    return {"period_pk": st.one_of(st.just(world.period.pk), PK),
            "unit_pk": st.one_of(st.just(world.submitted.pk), PK)}


def review_baseline(world, kwargs):
    version = PeriodicReport.objects.get(period=world.period, unit=world.submitted).version
    return {"version": str(version), "comment": "Bổ sung số liệu", "until": "01/01/2099"}


def report_page(world, kwargs):
    return reverse("reports:report", args=[world.period.pk, world.unit.pk])


REVIEW = ("version", "comment", "until")


def upload_args(world):
    return {"kind": st.one_of(st.sampled_from(["models", "counts", "reports"]), KIND)}


PAGES = {
    "home": Page(extra=("q", "page")),
    "login": Page("post", fields_from=lambda world, kwargs: reverse("login"), extra=("next",),
                  baseline=lambda world, kwargs: {"username": "tinh-test", "password": PASSWORD}),
    "logout": Page("post", extra=("next",)),
    "models_registry:model_list": Page(fields_from=own("models_registry:model_list"), extra=("page", "sort", "q")),
    "models_registry:model_add": Page("post", fields_from=own("models_registry:model_add"),
                                      baseline=lambda world, kwargs: model_post(world.model.unit)),
    "models_registry:model_search": Page(extra=("q", "action")),
    "models_registry:unit_search": Page(extra=("q", "action")),
    "models_registry:model_detail": Page(path_args=model_pk, extra=("q",)),
    "models_registry:model_edit": Page(
        "post", path_args=model_pk, fields_from=lambda world, kwargs: reverse("models_registry:model_add"),
        baseline=lambda world, kwargs: model_post(world.model.unit, version=str(world.model.version)),
    ),
    "surveys:session_list": Page(fields_from=own("surveys:session_list"), extra=("page",)),
    "surveys:session_add": Page("post", fields_from=own("surveys:session_add"), baseline=session_baseline),
    "surveys:session_detail": Page(path_args=session_pk),
    "surveys:session_edit": Page(
        "post", path_args=session_pk,
        fields_from=lambda world, kwargs: reverse("surveys:session_edit", args=[world.session.pk]),
        baseline=session_baseline,
    ),
    "surveys:session_finalise": Page("post", path_args=session_pk),
    "surveys:follow_up_list": Page(fields_from=own("surveys:follow_up_list"), extra=("page", "format")),
    "surveys:follow_up_detail": Page(
        "post", path_args=follow_up_args, fields_from=own("surveys:follow_up_detail"),
        baseline=lambda world, kwargs: {"status": "in_progress", "note": "Đã triển khai"},
    ),
    "dashboard:dashboard": Page(fields_from=own("dashboard:dashboard"), extra=("format", "unit", "page")),
    "reports:report_list": Page(fields_from=own("reports:report_list"), extra=("page", "format")),
    "reports:completeness": Page(fields_from=own("reports:completeness"), extra=("format", "page")),
    "reports:consolidated_report": Page(fields_from=own("reports:completeness"), extra=("period", "area", "level")),
    "reports:report": Page("post", path_args=report_args, fields_from=report_page,
                           baseline=lambda world, kwargs: dict(world.report_post)),
    "reports:report_approve": Page("post", path_args=review_args, extra=REVIEW, baseline=review_baseline),
    "reports:report_return": Page("post", path_args=review_args, extra=REVIEW, baseline=review_baseline),
    "reports:report_reopen": Page("post", path_args=review_args, extra=REVIEW, baseline=review_baseline),
    "reports:report_extend": Page("post", path_args=review_args, extra=REVIEW, baseline=review_baseline),
    "imports:index": Page(),
    "imports:upload": Page("post", path_args=upload_args, fields_from=lambda world, kwargs: reverse("imports:index")),
    "imports:job": Page(path_args=job_pk),
    "imports:job_status": Page(path_args=job_pk),
    "imports:job_confirm": Page("post", path_args=job_pk),
    "imports:job_retry": Page("post", path_args=job_pk),
    "imports:template": Page(path_args=lambda world: {"kind": KIND, "fmt": KIND}),
    "imports:export": Page(path_args=lambda world: {"kind": KIND, "fmt": KIND}),
    "models_registry:model_submit": Page("post", path_args=model_pk),
    "models_registry:model_review": Page("post", path_args=model_pk, extra=("action", "comment"),
                                         baseline=lambda world, kwargs: {"action": "return", "comment": "Bổ sung"}),
    "models_registry:review_queue": Page(extra=("page",)),
    "notifications_read": Page("post"),
    "documents:session_report": Page(path_args=session_pk),
    "documents:registration_sheet": Page(path_args=model_pk),
}


def application_url_names(resolver=None, namespace=""):
    """Every named URL of the application (Django's admin aside)."""
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= application_url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_page_of_the_application_is_fuzzed():
    assert set(PAGES) == application_url_names()


INPUT_NAME = re.compile(r"<(?:input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"")


def parameter_names(client, page, world, kwargs):
    """The names of the inputs of the page's form (read as the admin, who sees every field)."""
    names = set(page.extra)
    if page.fields_from is not None:
        body = client.get(page.fields_from(world, kwargs)).content.decode()
        names |= {name for name in INPUT_NAME.findall(body) if "__prefix__" not in name}
    names.discard("csrfmiddlewaretoken")
    return sorted(names)


def saved_something(response) -> bool:
    """A form page's success: a redirect without an error message."""
    if response.status_code not in (301, 302, 303):
        return False
    return not any(m.level >= constants.ERROR for m in get_messages(response.wsgi_request))


def state():
    return snapshot(), sorted(ImportJob.objects.values_list("pk", "status"))


@pytest.fixture
def fast_passwords(settings):
    """The personas' passwords hashed quickly: the login page is fuzzed like any other."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(fast_passwords, demo, admin_user, provincial, camxuyen, cam_binh_2025):
    session = SurveySession.objects.get(reported_total=3372)
    job = ImportJob.objects.create(kind="models", file_name="mo-hinh.csv", content=b"x", created_by=admin_user,
                                   status=ImportJob.Status.CHECKED)
    period = period_around_today()
    admin, district = Client(), Client()
    admin.force_login(admin_user)
    district.force_login(camxuyen)
    submitted = AdministrativeUnit.objects.get(code="18673", valid_from=cam_binh_2025.valid_from)
    district.post(reverse("reports:report", args=[period.pk, submitted.pk]),
                  report_post(district, period, submitted, "submit"))
    return World(model=MobilizationModel.objects.filter(unit=session.unit).first(), session=session, job=job,
                 period=period, unit=cam_binh_2025, report_post=report_post(admin, period, cam_binh_2025, "submit"),
                 submitted=submitted)


def test_random_input_is_never_a_500_and_a_refusal_saves_nothing(request, world):
    """One test for all pages, so the demo data is loaded once (each example is rolled back)."""
    admin = Client()
    admin.force_login(request.getfixturevalue("admin_user"))
    users = {persona: request.getfixturevalue(persona) for persona in PERSONAS if persona != "anonymous"}
    for url_name in sorted(PAGES):
        try:
            fuzz_page(url_name, world, admin, users)
        except Exception as error:
            error.add_note(f"page: {url_name}")
            raise


def fuzz_page(url_name, world, admin, users):
    page = PAGES[url_name]
    args = page.path_args(world)
    path_kwargs = st.fixed_dictionaries(args) if args else st.just({})
    names = parameter_names(admin, page, world, {name: _real(world, url_name, name) for name in args})
    values = st.dictionaries(st.sampled_from(names), st.one_of(VALUES, UPLOAD) if page.method == "post" else VALUES,
                             max_size=6) if names else st.just({})
    uniform = st.sampled_from([BIG, "\x00", "01/01/0001", "31/12/9999", str(10**15), "-1", "x" * 5000, ""])

    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(persona=st.sampled_from(PERSONAS), kwargs=path_kwargs, changes=values,
           everywhere=st.one_of(st.none(), uniform))
    @example(persona="admin_user", kwargs={}, changes={}, everywhere=BIG)
    @example(persona="provincial", kwargs={}, changes={}, everywhere="01/01/0001")
    @example(persona="camxuyen", kwargs={}, changes={}, everywhere="\x00")
    @example(persona="anonymous", kwargs={}, changes={}, everywhere=str(10**15))
    def fuzz(persona, kwargs, changes, everywhere):
        kwargs = {name: kwargs.get(name, _real(world, url_name, name)) for name in args}
        data = page.baseline(world, kwargs)
        if everywhere is not None:
            data.update(dict.fromkeys(names, everywhere))
        data.update(changes)
        client = Client()
        if persona != "anonymous":
            client.force_login(users[persona])
        url = reverse(url_name, kwargs=kwargs)
        with transaction.atomic():
            before = state()
            response = client.post(url, data) if page.method == "post" else client.get(url, data)
            assert response.status_code < 500, (url, data)
            if page.method == "get" or not saved_something(response):
                assert state() == before, (url, data, response.status_code)
            transaction.set_rollback(True)  # each example starts from the same data

    fuzz()


def _real(world, url_name, name):
    """The path argument of an existing row, for the examples that do not draw one."""
    if url_name == "surveys:follow_up_detail":
        return world.session.recommendations.first().pk
    if name in ("kind", "fmt"):
        return {"kind": "models", "fmt": "csv"}[name]
    if name == "period_pk":
        return world.period.pk
    if name == "unit_pk":
        return world.unit.pk if url_name == "reports:report" else world.submitted.pk
    if url_name.startswith("models_registry:") or url_name == "documents:registration_sheet":
        return world.model.pk
    if url_name.startswith("imports:"):
        return world.job.pk
    return world.session.pk
