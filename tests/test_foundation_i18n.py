"""The Vietnamese catalogue is complete, compiled, and fills Django's own gaps."""

import subprocess
from pathlib import Path

import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "vi" / "LC_MESSAGES"


@pytest.mark.parametrize("name", ["django.po", "djangojs.po"])
def test_catalogue_has_no_untranslated_or_fuzzy_entries(name):
    po_file = LOCALE / name
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(po_file)], capture_output=True, text=True, check=True
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(po_file)], capture_output=True, text=True, check=True
    ).stdout
    assert not untranslated.strip(), untranslated[:2000]
    assert not fuzzy.strip(), fuzzy[:2000]


@pytest.mark.parametrize("name", ["django", "djangojs"])
def test_compiled_catalogue_matches_the_source(name, tmp_path):
    fresh = tmp_path / f"{name}.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(LOCALE / f"{name}.po")], check=True)
    assert fresh.read_bytes() == (LOCALE / f"{name}.mo").read_bytes(), "run `make messages` and commit the .mo"


def test_our_strings_and_djangos_missing_ones_are_vietnamese():
    with translation.override("vi"):
        assert translation.gettext("survey session") == "buổi khảo sát"  # docs/glossary-ui.md
        assert translation.gettext("Toggle navigation") == "Ẩn/hiện thanh điều hướng"  # missing in Django's vi
        assert translation.gettext("Skip to main content") == "Chuyển đến nội dung chính"
        assert translation.ngettext("%(num)d day", "%(num)d days", 3) % {"num": 3} == "3 ngày"
        # Django's vi catalogue has this one only without its plural, which the admin asks for.
        assert translation.ngettext("Please correct the error below.", "Please correct the errors below.", 2) == (
            "Vui lòng sửa các lỗi được đánh dấu bên dưới."
        )
