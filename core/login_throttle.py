"""Login throttling with django-axes: the lockout page and the client's address.

Settings (danvan/settings.py, "Login throttling"): after LOGIN_FAILURE_LIMIT wrong passwords for
one account, or from one address, that account or address may not log in for
LOGIN_LOCKOUT_MINUTES, on /dang-nhap/ and /admin/login/ alike.
"""

import ipaddress

from axes.helpers import get_client_username
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.template.response import TemplateResponse
from django.utils.translation import ngettext


def lockout_message() -> str:
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return ngettext(
        "Too many failed logins for this account or from this address. Logging in is blocked for "
        "%(minutes)d minute; every new attempt starts the wait again. If you have forgotten your "
        "password, ask the provincial administrator.",
        "Too many failed logins for this account or from this address. Logging in is blocked for "
        "%(minutes)d minutes; every new attempt starts the wait again. If you have forgotten your "
        "password, ask the provincial administrator.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response, credentials):
    """The login page that was posted (ours or the admin's), its form's only error the lockout (429)."""
    response = original_response
    form = response.context_data.get("form") if isinstance(response, TemplateResponse) else None
    if not getattr(form, "is_bound", False):  # not a login page's answer: show ours
        form = AuthenticationForm(request, data={"username": get_client_username(request, credentials)})
        response = TemplateResponse(request, "registration/login.html", {"form": form})
    form.errors.clear()  # "wrong password" would mislead: the password was not even checked
    form.add_error(None, lockout_message())
    response.content = response.rendered_content
    response.status_code = settings.AXES_HTTP_RESPONSE_CODE
    return response


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind a reverse proxy the header it sets.

    CLIENT_IP_HEADER (e.g. X-Real-IP) is trusted only when set; of a list (X-Forwarded-For) the
    last entry is the one our proxy added. A value that is not an address is ignored.
    """
    header = settings.CLIENT_IP_HEADER
    if header:
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "").split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(value))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")


def client_username(request, credentials) -> str | None:
    """The username the attempt is counted against, cut to the longest a user can have.

    axes keeps it in a 255-character column that PostgreSQL enforces: a 3,000-character
    username typed into the login form was a 500 there. No account has a longer name than the
    User model allows, so the cut merges no real accounts' failures."""
    source = credentials if credentials else getattr(request, "data", request.POST)
    username = source.get(settings.AXES_USERNAME_FORM_FIELD) if source else None
    if username is None:
        return None
    return str(username)[: get_user_model()._meta.get_field("username").max_length]
