"""Shared fixtures: the demo province and the personas every view is tested as.

Personas (healthchecks' alice/bob/charlie, for us): `admin` (superuser), `provincial`
(officer scoped to Tỉnh Hà Tĩnh), `camxuyen` (officer scoped to huyện Cẩm Xuyên),
`thachha` (officer of another district, huyện Thạch Hà), `commune` (officer of thị trấn Cẩm
Xuyên, a commune of Cẩm Xuyên), and the anonymous visitor (pytest-django's `client`).
"""

import pytest
from django.contrib.auth import get_user_model

from devtools.demo import load_demo
from tests.browser import chromium, page  # noqa: F401  (fixtures: one shared Chromium for all browser tests)
from units.models import AdministrativeUnit, OfficerProfile, UnitLevel

PASSWORD = "danvan-test-password"


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
def commune(cam_xuyen):
    return make_user("thitran-test", unit_2023("18673", UnitLevel.COMMUNE))
