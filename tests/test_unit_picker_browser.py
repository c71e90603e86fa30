"""The unit picker in the browser: typing lists matches, today's first, and chooses nothing by
itself; a click, or the arrow keys and Enter, chooses (issue 9, item 14)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser import PHONE, log_in, picker_box, shot
from tests.conftest import PASSWORD
from units.models import AdministrativeUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def listbox(page, box):
    return page.locator(f"#{box.get_attribute('aria-controls')}")


def test_typing_chooses_nothing_and_the_keyboard_chooses(page, camxuyen):
    new_cam_binh = AdministrativeUnit.objects.get(code="18685", valid_from=datetime.date(2025, 7, 1))
    log_in(page, camxuyen.username, PASSWORD)
    page.goto("/mo-hinh/them/")
    box = picker_box(page, "#id_unit")
    box.fill("cam binh")
    options = listbox(page, box).get_by_role("option")
    expect(options.first).to_have_text("Xã Cẩm Bình — Tỉnh Hà Tĩnh")  # today's unit first
    expect(options.nth(1)).to_have_text("Xã Cẩm Bình — Huyện Cẩm Xuyên (đến 31/12/2024)")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#id_unit")).to_have_value("")  # nothing chosen by typing
    shot(page, "unit-picker-open", full_page=False)

    box.press("Enter")  # nothing highlighted: Enter neither chooses nor sends the form
    expect(page).to_have_url(re.compile(r"/mo-hinh/them/$"))
    expect(page.locator("#id_unit")).to_have_value("")

    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", options.first.get_attribute("id"))
    expect(page.locator("#id_unit")).to_have_value("")  # highlighting is not choosing
    box.press("Enter")
    expect(page.locator("#id_unit")).to_have_value(str(new_cam_binh.pk))
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(page).to_have_url(re.compile(r"/mo-hinh/them/$"))

    box.fill("cam vinh")
    expect(listbox(page, box).get_by_role("option").first).to_contain_text("Xã Cẩm Vịnh")
    box.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#id_unit")).to_have_value(str(new_cam_binh.pk))  # the choice is kept


def test_a_click_chooses_in_the_filters_on_a_phone(page, demo):
    page.set_viewport_size(PHONE)
    page.goto("/mo-hinh/")
    box = picker_box(page, "#id_unit")
    box.fill("huyen cam xuyen")
    option = listbox(page, box).get_by_role("option")
    expect(option).to_have_count(1)  # the matches of what was typed (not the list offered on focus)
    expect(option).to_have_text("Huyện Cẩm Xuyên — Tỉnh Hà Tĩnh (đến 30/06/2025)")
    expect(option).to_have_class(re.compile("closed"))  # shown apart: not valid today
    expect(page.locator("#id_unit")).to_have_value("")
    shot(page, "phone-unit-picker-open", full_page=False)
    option.click()
    expect(page.locator("#id_unit option:checked")).to_have_text("Huyện Cẩm Xuyên — Tỉnh Hà Tĩnh (đến 30/06/2025)")
    page.click(".filters button[type=submit]")
    expect(page.locator("#match-count")).to_contain_text("6")
