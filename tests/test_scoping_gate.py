"""The rules moved into the gate (units/scoping.py), each as every persona: the anonymous
visitor, a commune officer, a district officer (Cẩm Xuyên), provincial staff and an admin.

What the dashboard and home page show the public, which units' dashboards open, who imports
and whose import jobs are seen and confirmed; actions are `scoping.Action`s."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from imports.models import ImportJob
from tests.conftest import make_user
from units import scoping
from units.models import AdministrativeUnit, UnitLevel

PERSONAS = ["anonymous", "commune", "district", "provincial", "admin"]


@pytest.fixture
def cam_thanh(cam_xuyen):
    """A commune of Cẩm Xuyên (2023), with no unit below it."""
    return AdministrativeUnit.objects.filter(parent=cam_xuyen, level=UnitLevel.COMMUNE).order_by("pk").first()


@pytest.fixture
def people(demo, province, cam_xuyen, cam_thanh):
    return {
        "anonymous": AnonymousUser(),
        "commune": make_user("xa-test", cam_thanh),
        "district": make_user("huyen-test", cam_xuyen),
        "provincial": make_user("tinh-test", province),
        "admin": make_user("admin-test", is_staff=True, is_superuser=True),
    }


def dashboard_units(user):
    return set(AdministrativeUnit.objects.restrict(user, scoping.Action.DASHBOARD).values_list("pk", flat=True))


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_dashboard_opens_on_the_units_the_gate_allows(people, persona, province, cam_xuyen, cam_thanh):
    user = people[persona]
    units = dashboard_units(user)
    every = set(AdministrativeUnit.objects.values_list("pk", flat=True))
    expected = {
        "anonymous": set(AdministrativeUnit.objects.filter(parent__isnull=True).values_list("pk", flat=True)),
        "commune": scoping.visible_unit_ids(user),
        "district": scoping.visible_unit_ids(user),
        "provincial": scoping.visible_unit_ids(user),
        "admin": every,
    }[persona]
    assert units == expected
    # Each unit's answer agrees with the queryset (the page's links to the units above use it).
    for unit in (province, cam_xuyen, cam_thanh):
        assert scoping.may_open_dashboard(user, unit) is (unit.pk in units)
    assert (province.pk in units) is (persona in ("anonymous", "provincial", "admin"))
    assert (cam_xuyen.pk in units) is (persona in ("district", "provincial", "admin"))
    assert (cam_thanh.pk in units) is (persona != "anonymous")


@pytest.mark.parametrize("persona", PERSONAS)
def test_what_the_dashboard_shows_and_where_it_starts(people, persona, province, cam_xuyen, cam_thanh):
    user = people[persona]
    assert scoping.may_see_dashboard_detail(user) is (persona != "anonymous")
    start = {"anonymous": None, "commune": cam_thanh, "district": cam_xuyen, "provincial": province, "admin": None}
    assert scoping.dashboard_start(user) == start[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_district_dashboard_opens_only_for_those_the_gate_allows(client, people, persona, cam_xuyen):
    if persona != "anonymous":
        client.force_login(people[persona])
    response = client.get(reverse("dashboard:dashboard"), {"unit": cam_xuyen.pk})
    assert response.status_code == (200 if persona in ("district", "provincial", "admin") else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_dashboard_starts_at_the_officers_own_unit(client, people, persona, cam_xuyen, cam_thanh):
    if persona != "anonymous":
        client.force_login(people[persona])
    response = client.get(reverse("dashboard:dashboard"))
    assert response.status_code == 200
    unit = response.context["params"].unit
    expected = {"anonymous": None, "commune": cam_thanh, "district": cam_xuyen}.get(persona)
    if persona in ("provincial", "admin"):
        expected = AdministrativeUnit.objects.get(code="42", level=UnitLevel.PROVINCE)  # the only province
    assert unit == expected
    # The public sees registry numbers only (no reported column) and cannot drill down.
    assert (response.context["params"].source == "registry") is (persona == "anonymous")
    assert response.context["can_drill"] is (persona != "anonymous")


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_imports(people, persona):
    assert scoping.may_import(people[persona]) is (persona in ("provincial", "admin"))
    # A kind open to every officer (periodic reports): every officer, for their own units.
    assert scoping.may_import(people[persona], scoping.Uploaders.OFFICERS) is (persona != "anonymous")


@pytest.mark.parametrize("persona", PERSONAS)
def test_import_jobs_are_their_uploaders(people, persona):
    uploader = people["provincial"] if persona != "provincial" else people["admin"]
    others = ImportJob.objects.create(kind="models", file_name="a.csv", content=b"x", created_by=uploader)
    user = people[persona]
    mine = None
    if persona != "anonymous":
        mine = ImportJob.objects.create(kind="models", file_name="b.csv", content=b"x", created_by=user)
    seen = set(ImportJob.objects.restrict(user, scoping.Action.VIEW))
    confirmed = set(ImportJob.objects.restrict(user, scoping.Action.CHANGE))
    assert (others in seen) is (persona == "admin")
    assert (others in confirmed) is (persona == "admin")
    if mine is not None:
        assert mine in seen  # even an officer who may not import sees the jobs they started
        assert (mine in confirmed) is scoping.may_import(user)
    else:
        assert not seen and not confirmed


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_job_page_follows_the_gate(client, people, persona):
    job = ImportJob.objects.create(kind="models", file_name="a.csv", content=b"x", created_by=people["provincial"],
                                   status=ImportJob.Status.CHECKED)
    if persona != "anonymous":
        client.force_login(people[persona])
    response = client.get(reverse("imports:job_status", args=[job.pk]))
    expected = {"anonymous": 302, "provincial": 200, "admin": 200}.get(persona, 404)
    assert response.status_code == expected
    if persona == "anonymous":
        assert response.url.startswith(reverse("login"))  # Django's own login_required


def test_a_local_officer_cannot_confirm_even_their_own_job(client, people):
    user = people["district"]
    job = ImportJob.objects.create(kind="models", file_name="a.csv", content=b"x", created_by=user,
                                   status=ImportJob.Status.CHECKED)
    client.force_login(user)
    assert client.post(reverse("imports:job_confirm", args=[job.pk])).status_code == 403
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED


def test_an_action_is_an_action(people):
    """A misspelt action is an error, not a silently empty (or full) queryset."""
    with pytest.raises(ValueError):
        AdministrativeUnit.objects.restrict(people["district"], "chnage")
    assert scoping.Action("view") is scoping.Action.VIEW


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_publishes_and_who_sees_officers_pages(people, persona):
    user = people[persona]
    assert scoping.may_publish_models(user) is (persona in ("provincial", "admin"))
    assert scoping.may_see_officers_pages(user) is (persona != "anonymous")
    assert scoping.is_admin(user) is (persona == "admin")
