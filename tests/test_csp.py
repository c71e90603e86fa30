"""The Content-Security-Policy header, and templates that need nothing it forbids."""

import re

import pytest
from django.conf import settings

from core.csp import style_hash

OUR_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response):
    directives = (d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";"))
    return {name: value for name, value in directives}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/mo-hinh/", "/thong-ke/", "/dang-nhap/", "/khong-co/"])
def test_every_page_carries_the_strict_policy(client, url):
    assert policy(client.get(url)) == OUR_POLICY


@pytest.mark.django_db
def test_the_admin_may_use_only_simple_historys_one_style_attribute(client):
    admin_policy = policy(client.get("/admin/login/"))
    assert admin_policy == {**OUR_POLICY, "style-src-attr": f"'unsafe-hashes' {style_hash('border-top: 0')}"}
    assert style_hash("border-top: 0") == "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"  # what Chromium names


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"\sstyle\s*=", re.I), "a style= attribute"),
    (re.compile(r"<style", re.I), "a <style> element"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an on…= handler"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def test_our_templates_need_no_inline_script_or_style():
    """What the policy would block, caught before a browser test: every template of ours."""
    found = []
    for template in (settings.BASE_DIR / "templates").rglob("*.html"):
        text = template.read_text()
        found += [f"{template.name}: {what}" for pattern, what in INLINE if pattern.search(text)]
    assert found == []
