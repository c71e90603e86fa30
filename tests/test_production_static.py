"""The deployed site's static files: `collectstatic` with the production storage, then the pages.

Production runs with DEBUG off and WhiteNoise's CompressedManifestStaticFilesStorage, which
refuses to finish `collectstatic` if a file refers to one that is missing (Chart.js's source map
did) and then fails every page that names a static file. The suite otherwise runs with the
plain development storage, so this is the one place that would see such a break.
"""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from models_registry.models import MobilizationModel
from surveys.models import SurveySession

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
HASHED_CSS = re.compile(r'href="(/static/css/danvan\.[0-9a-f]{12}\.css)"')


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """Static files collected once, as in production, into a temporary STATIC_ROOT."""
    static_root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=static_root, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", "--noinput", verbosity=0)
    assert (static_root / "staticfiles.json").exists()
    return static_root


@pytest.fixture
def production_static(settings, collected):
    """Pages rendered with DEBUG off and the production storage over the collected files."""
    settings.DEBUG = False
    settings.STATIC_ROOT = collected
    settings.STORAGES = PRODUCTION_STORAGES


def get_page(client, url):
    response = client.get(url, secure=True)
    assert response.status_code == 200, url
    return response.content.decode()


def assert_served_hashed_css(client, html):
    """The page names the hashed stylesheet, and WhiteNoise serves it (compressed if asked)."""
    url = HASHED_CSS.search(html).group(1)
    response = client.get(url, secure=True, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/mo-hinh/", "MODEL", "/thong-ke/", "/dang-nhap/"])
def test_public_pages_use_hashed_static_files(production_static, demo, url):
    if url == "MODEL":
        url = f"/mo-hinh/{MobilizationModel.objects.filter(is_published=True).first().pk}/"
    client = Client()
    html = get_page(client, url)
    assert_served_hashed_css(client, html)
    assert "/static/js/picker.js" not in html
    assert re.search(r"/static/js/picker\.[0-9a-f]{12}\.js", html)


@pytest.mark.django_db
def test_officer_pages_use_hashed_static_files(production_static, provincial):
    client = Client()
    client.force_login(provincial)
    session = SurveySession.objects.first()
    for url in ["/khao-sat/", f"/khao-sat/{session.pk}/", "/nhap-xuat/", "/thong-ke/"]:
        assert_served_hashed_css(client, get_page(client, url))
    dashboard = get_page(client, "/thong-ke/")
    assert re.search(r"/static/vendor/chartjs/chart\.umd\.min\.[0-9a-f]{12}\.js", dashboard)


@pytest.mark.django_db
def test_admin_login_uses_hashed_static_files(production_static):
    html = get_page(Client(), "/admin/login/")
    assert re.search(r"/static/admin/css/base\.[0-9a-f]{12}\.css", html)


def test_vendored_chartjs_names_no_missing_file():
    """No `sourceMappingURL` left in the vendored file: its map is not shipped (see VERSION)."""
    chart = settings.BASE_DIR / "static" / "vendor" / "chartjs" / "chart.umd.min.js"
    assert "sourceMappingURL" not in chart.read_text()
