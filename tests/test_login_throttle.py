"""Login throttling (django-axes) on /dang-nhap/ and /admin/login/: per account and per address.

The limit is the production setting (5 failures, 15 minutes): the database is emptied between
tests, and with it every recorded attempt, so no test inherits another's failures.
"""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client

from core.login_throttle import client_ip, lockout_response
from tests.conftest import PASSWORD

LOCKED = "Đăng nhập sai quá nhiều lần"
ATTACKER = "192.0.2.10"  # documentation addresses (RFC 5737): only ever a value in request.META
OFFICE = "198.51.100.20"
LOGIN_PAGES = ["/dang-nhap/", "/admin/login/"]


def post_login(url, username, password, address):
    client = Client(REMOTE_ADDR=address)
    return client, client.post(url, {"username": username, "password": password})


def fail(url, username, address, times=settings.AXES_FAILURE_LIMIT):
    """`times` wrong passwords; the one that reaches the limit already answers with the lockout."""
    for attempt in range(1, times + 1):
        _client, response = post_login(url, username, "not-the-password", address)
        assert (LOCKED in response.content.decode()) == (attempt >= settings.AXES_FAILURE_LIMIT)


def logged_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """A cheap hasher: these tests check dozens of passwords, the hash's cost is not their subject."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(admin_user):
    return admin_user  # the admin login needs a staff account


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_after_the_limit_the_right_password_is_refused_with_a_vietnamese_message(url, staff):
    fail(url, staff.username, ATTACKER)
    client, response = post_login(url, staff.username, PASSWORD, ATTACKER)
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html
    assert "15 phút" in html
    assert 'name="username"' in html and staff.username in html  # the login page, the name kept
    assert "Too many" not in html and "Account locked" not in html
    assert not logged_in(client)


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_the_account_is_locked_from_any_address(url, staff):
    fail(url, staff.username, ATTACKER)
    client, response = post_login(url, staff.username, PASSWORD, OFFICE)
    assert LOCKED in response.content.decode()
    assert not logged_in(client)


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_the_address_is_locked_for_every_account(url, staff, provincial):
    for attempt in range(settings.AXES_FAILURE_LIMIT):  # a different account name each time
        post_login(url, f"guess-{attempt}", "not-the-password", ATTACKER)
    client, response = post_login(url, staff.username, PASSWORD, ATTACKER)
    assert LOCKED in response.content.decode()
    assert not logged_in(client)


def test_another_account_from_another_address_is_unaffected(staff, provincial):
    fail("/dang-nhap/", staff.username, ATTACKER)
    client, response = post_login("/dang-nhap/", provincial.username, PASSWORD, OFFICE)
    assert response.status_code == 302
    assert logged_in(client)


def test_fewer_failures_than_the_limit_then_the_right_password_logs_in(provincial):
    fail("/dang-nhap/", provincial.username, OFFICE, times=settings.AXES_FAILURE_LIMIT - 1)
    client, _response = post_login("/dang-nhap/", provincial.username, PASSWORD, OFFICE)
    assert logged_in(client)


def test_logging_into_ones_own_account_does_not_clear_the_count_against_another(staff, provincial):
    """An officer guessing the admin's password cannot reset the count by logging in as themself."""
    fail("/dang-nhap/", staff.username, OFFICE, times=settings.AXES_FAILURE_LIMIT - 1)
    officer, _response = post_login("/dang-nhap/", provincial.username, PASSWORD, OFFICE)
    assert logged_in(officer)
    _client, response = post_login("/dang-nhap/", staff.username, "not-the-password", OFFICE)
    assert LOCKED in response.content.decode()


def test_an_admin_unlocks_in_the_admin(staff, provincial, client):
    fail("/dang-nhap/", provincial.username, OFFICE)
    client.force_login(staff)
    changelist = client.get("/admin/axes/accessattempt/")
    assert changelist.status_code == 200
    assert provincial.username in changelist.content.decode()
    attempts = list(AccessAttempt.objects.filter(username=provincial.username).values_list("pk", flat=True))
    response = client.post(
        "/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )
    assert response.status_code == 302
    officer, _response = post_login("/dang-nhap/", provincial.username, PASSWORD, OFFICE)
    assert logged_in(officer)


def test_an_admin_unlocks_with_the_command(provincial):
    fail("/admin/login/", provincial.username, ATTACKER)
    call_command("axes_reset_username", provincial.username)
    officer, _response = post_login("/dang-nhap/", provincial.username, PASSWORD, ATTACKER)
    assert logged_in(officer)


def test_the_address_behind_a_proxy_comes_from_the_configured_header(rf, settings):
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP=OFFICE)
    assert client_ip(request) == "127.0.0.1"  # not trusted unless configured
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    assert client_ip(request) == OFFICE
    forwarded = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"{ATTACKER}, {OFFICE}")
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    assert client_ip(forwarded) == OFFICE  # the entry our proxy added, not what the client wrote
    spoofed = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="<script>")
    assert client_ip(spoofed) == "127.0.0.1"


@pytest.mark.django_db
def test_a_lockout_answered_by_something_else_than_a_login_page_shows_ours(rf):
    request = rf.post("/some/other/entry/", {"username": "tinh", "password": "x"})
    response = lockout_response(request, HttpResponse("not a login page"), {"username": "tinh"})
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html and 'name="password"' in html and 'value="tinh"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_an_overlong_username_is_counted_not_a_500(url):
    """axes stores the username in 255 characters, which PostgreSQL enforces (the fuzz test found it)."""
    _client, response = post_login(url, "x" * 3000, "not-the-password", ATTACKER)
    assert response.status_code == 200
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "x" * 150
