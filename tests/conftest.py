"""Shared fixtures: the demo province and the personas every view is tested as.

Personas (healthchecks' alice/bob/charlie, for us): `admin` (superuser), `provincial`
(officer scoped to Tỉnh Hà Tĩnh), `camxuyen` (officer scoped to huyện Cẩm Xuyên),
`thachha` (officer of another district, huyện Thạch Hà), `xacambinh` (a commune officer: the
2025 xã Cẩm Bình), `commune` (officer of thị trấn Cẩm Xuyên, a commune of Cẩm Xuyên), and the
anonymous visitor (pytest-django's `client`).
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connections

from devtools.demo import load_demo
from tests.browser import chromium, page  # noqa: F401  (fixtures: one shared Chromium for all browser tests)
from tests.redis_cache import redis_cache  # noqa: F401  (fixture: this run's part of the test Redis)
from tests.task_worker import Workers
from units.models import AdministrativeUnit, OfficerProfile, UnitLevel

PASSWORD = "danvan-test-password"
# Tests that run import jobs: their progress goes through the "progress" database connection.
JOB_DATABASES = pytest.mark.django_db(databases=["default", "progress"])


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's, then: every connection closed before the test databases are dropped. On
    PostgreSQL "progress" is a second connection to the one test database, which Django's teardown
    does not close (it closes the alias that created the database), so DROP DATABASE would fail."""
    yield
    with django_db_blocker.unblock():
        connections.close_all()


@pytest.fixture
def immediate_tasks(settings):
    """Queued tasks run at once, inside the request (django-tasks' immediate backend), so that a
    test sees an upload checked when the request returns. The real path, a task worker process,
    is tested in tests/test_worker.py."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def workers():
    """Task worker processes on the test database (tests/task_worker.py), stopped after the test.
    For transactional tests only: a worker sees committed rows only."""
    started = Workers()
    yield started
    started.stop_all()


@pytest.fixture
def demo(db):
    """The demo data (units, fields, models, the article's two sessions), no demo users."""
    load_demo(with_users=False)


def unit_2023(code, level=UnitLevel.DISTRICT):
    return AdministrativeUnit.objects.filter(code=code, level=level, valid_from__isnull=True).get()


@pytest.fixture
def province(demo):
    return AdministrativeUnit.objects.get(code="42", level=UnitLevel.PROVINCE)


@pytest.fixture
def cam_xuyen(demo):
    return unit_2023("446")


@pytest.fixture
def thach_ha(demo):
    return unit_2023("445")


@pytest.fixture
def tp_ha_tinh(demo):
    return unit_2023("436")


def make_user(username, scope_unit=None, **flags):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **flags)
    if scope_unit is not None:
        OfficerProfile.objects.create(user=user, scope_unit=scope_unit)
    return user


@pytest.fixture
def admin_user(demo):
    return make_user("admin-test", is_staff=True, is_superuser=True)


@pytest.fixture
def provincial(province):
    return make_user("tinh-test", province)


@pytest.fixture
def camxuyen(cam_xuyen):
    return make_user("camxuyen-test", cam_xuyen)


@pytest.fixture
def thachha(thach_ha):
    return make_user("thachha-test", thach_ha)


@pytest.fixture
def cam_binh_2025(demo):
    """Xã Cẩm Bình of the two-tier government (1/7/2025), successor of Cẩm Xuyên's and TP Hà Tĩnh's communes."""
    return AdministrativeUnit.objects.get(code="18685", valid_from=datetime.date(2025, 7, 1))


@pytest.fixture
def xacambinh(cam_binh_2025):
    """A commune officer: scoped to the 2025 xã Cẩm Bình."""
    return make_user("xacambinh-test", cam_binh_2025)


@pytest.fixture
def commune(cam_xuyen):
    """A commune officer of 2023: scoped to thị trấn Cẩm Xuyên."""
    return make_user("thitran-test", unit_2023("18673", UnitLevel.COMMUNE))
