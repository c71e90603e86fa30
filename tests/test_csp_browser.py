"""No page of ours, nor of the admin, breaks the Content-Security-Policy in a real browser.

`tests/browser.py`'s `page` fixture fails any browser test whose pages log a CSP violation; here
each main page is visited on purpose, and a page with inline script and style shows that the
check sees violations at all.
"""

import pytest
from django.http import HttpResponse
from django.urls import include, path
from playwright.sync_api import expect

from models_registry.models import MobilizationModel
from surveys.models import SurveySession
from tests.browser import log_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def inline_page(request):
    return HttpResponse(
        "<!DOCTYPE html><html><body><p id='styled' style='color: rgb(255, 0, 0)'>x</p>"
        "<script>window.inlineRan = true;</script></body></html>"
    )


urlpatterns = [path("csp-probe/", inline_page), path("", include("danvan.urls"))]


def visit_without_violation(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert page.csp_violations == [], url


def test_a_page_with_inline_script_and_style_is_blocked_and_seen(page, settings):
    settings.ROOT_URLCONF = __name__
    with (
        page.expect_console_message(lambda message: "script-src" in message.text),
        page.expect_console_message(lambda message: "style-src" in message.text),
    ):
        page.goto("/csp-probe/")
    assert page.evaluate("window.inlineRan") is None  # the inline script did not run
    assert page.evaluate("getComputedStyle(document.getElementById('styled')).color") != "rgb(255, 0, 0)"
    violations = " ".join(page.csp_violations)
    assert "script-src" in violations and "style-src" in violations
    page.csp_violations.clear()  # seen on purpose: the fixture must not fail this test


def test_public_pages(page, demo):
    model = MobilizationModel.objects.filter(is_published=True).first()
    for url in ["/", "/mo-hinh/", f"/mo-hinh/{model.pk}/", "/thong-ke/", "/dang-nhap/", "/khong-co-trang-nay/"]:
        visit_without_violation(page, url)
    expect(page.locator("h1")).to_have_text("Không tìm thấy trang")


def test_officer_pages(page, provincial):
    log_in(page, provincial.username, PASSWORD)
    session = SurveySession.objects.get(reported_total=3372)
    model = MobilizationModel.objects.first()
    for url in [
        "/khao-sat/", f"/khao-sat/{session.pk}/", "/khao-sat/them/", f"/khao-sat/{session.pk}/sua/",
        "/mo-hinh/them/", f"/mo-hinh/{model.pk}/sua/", "/nhap-xuat/", "/thong-ke/",
    ]:
        visit_without_violation(page, url)
    expect(page.locator("canvas").first).to_be_visible()  # Chart.js drew under the policy


def test_admin_pages(page, admin_user):
    page.goto("/admin/login/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    model = MobilizationModel.objects.first()
    session = SurveySession.objects.first()
    models = "/admin/models_registry/mobilizationmodel/"
    for url in [
        "/admin/", models, f"{models}{model.pk}/change/", f"{models}{model.pk}/history/",
        f"/admin/surveys/surveysession/{session.pk}/change/", "/admin/auth/user/add/", "/admin/axes/accessattempt/",
    ]:
        visit_without_violation(page, url)
