"""The Content-Security-Policy middleware: django-csp's, with the admin's one exception.

The policy is CONTENT_SECURITY_POLICY in danvan/settings.py. Our own pages, Django's admin and
Chart.js need nothing more. One admin page does: django-simple-history's change history list
(`/admin/<app>/<model>/<id>/history/`) writes `<p class="paginator" style="border-top: 0">`.
Under /admin/ only, that one style attribute is allowed by its hash ('unsafe-hashes' lets a hash
match a style attribute; any other inline style stays blocked). If simple-history changes the
attribute, the browser tests' CSP check on that page fails and names the new hash.
"""

import base64
import hashlib

from csp.constants import UNSAFE_HASHES
from csp.middleware import CSPMiddleware
from django.urls import reverse

ADMIN_STYLE_ATTRIBUTES = ["border-top: 0"]  # simple_history/object_history_list.html


def style_hash(style: str) -> str:
    digest = hashlib.sha256(style.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


ADMIN_UPDATE = {"style-src-attr": [UNSAFE_HASHES, *map(style_hash, ADMIN_STYLE_ATTRIBUTES)]}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, adding the admin's allowed style attributes under /admin/."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(reverse("admin:index")) and parts.update is None:
            parts.update = ADMIN_UPDATE
        return parts
