"""Shared set-up of the browser tests: headless Debian Chromium driven by Playwright.

Playwright is pointed at /usr/bin/chromium (never `playwright install`). Without it the
tests skip on a developer machine but fail loudly under CI=true, so CI cannot go green
without having run them. Screenshots go to artifacts/screenshots/ (docs/testing.md).
"""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium)."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


# Every violation of the Content-Security-Policy, whether Chromium logs it or a page's script
# would see it as an event, ends up as one console message starting with this.
CSP_VIOLATION = "Content Security Policy"
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => console.error(
  "Content Security Policy violation: " + event.violatedDirective + " blocked " + (event.blockedURI || "inline")
  + " on " + event.documentURI));
"""


def watch_csp(page):
    """The list that collects the page's CSP violations from now on (`page.csp_violations`)."""
    page.csp_violations = []
    page.add_init_script(REPORT_CSP_VIOLATIONS)
    page.on("console", lambda message: CSP_VIOLATION in message.text and page.csp_violations.append(message.text))
    return page.csp_violations


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser tab on the live server; the test fails if any page broke the CSP."""
    context = chromium.new_context(viewport=LAPTOP, locale="vi-VN", base_url=live_server.url, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    watch_csp(page)
    yield page
    context.close()
    if page.csp_violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(page.csp_violations))


def shot(page, name, full_page=True):
    """Save a screenshot of the current page as artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def log_in(page, username, password):
    page.goto("/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit].primary")
    page.wait_for_url(lambda url: "/dang-nhap/" not in url)


def picker_box(page, select):
    """The search box (combobox) that picker.js puts above the <select> `select` (a CSS selector)."""
    return page.locator(f"{select} >> xpath=preceding-sibling::div[contains(@class, 'picker')][1]//input")


def pick(page, select, query, option):
    """Type `query` into the picker of `select` and click the match whose text starts with `option`."""
    picker_box(page, select).fill(query)
    listbox = page.locator(f"#{picker_box(page, select).get_attribute('aria-controls')}")
    listbox.get_by_role("option").filter(has_text=option).first.click()
