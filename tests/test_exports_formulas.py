"""Text a user typed is never a live formula in an export (issue 9, item 10): every export and
template writes text as text — XLSX string cells, CSV cells neutralised as OWASP recommends —
keeps numbers as numbers, and still re-imports to the same values."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from core.spreadsheet import neutralised, restored
from models_registry.importers import ModelImporter
from models_registry.models import Field, MobilizationModel
from surveys.importers import CountImporter
from surveys.models import ReportedCount, SurveySession
from tests.imports_helpers import table

# (A leading tab is neutralised too, see the first test; names are stripped on entry and on import.)
FORMULAS = ['=HYPERLINK("http://x","y")', "=1+1", "@SUM(1+1)", "+cmd|' /C calc'!A0", "-2+3", "'=1+1", "''-1"]


def xlsx_cells(content):
    """The first sheet's cells (value, data type), and whether its XML holds any formula."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = b"".join(archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/"))
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()], b"<f>" in xml


def csv_cells(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def assert_safe(content, fmt, texts):
    """Each of `texts` is in the file as text that no spreadsheet program evaluates."""
    if fmt == "xlsx":
        cells, has_formula = xlsx_cells(content)
        assert not has_formula
        found = {value: kind for row in cells for value, kind in row if value in texts}
        assert found == dict.fromkeys(texts, "s")
    else:
        values = {value for row in csv_cells(content) for value in row}
        assert {neutralised(text) for text in texts} <= values
        assert not any(value.startswith(("=", "+", "-", "@", "\t")) for value in values)


@given(st.text())
def test_neutralised_text_is_restored_exactly(text):
    assert restored(neutralised(text)) == text
    assert not neutralised(text).startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_models_export_writes_formulas_as_text_and_reimports_them(client, provincial, fmt):
    models = list(MobilizationModel.objects.order_by("pk")[: len(FORMULAS)])
    for model, name in zip(models, FORMULAS, strict=True):
        model.name = name
        model.save()
    client.force_login(provincial)
    content = client.get(reverse("imports:export", args=["models", fmt])).content
    assert_safe(content, fmt, FORMULAS)
    if fmt == "csv":
        assert all(row[0].isdigit() for row in csv_cells(content)[1:])  # the IDs: numbers, unquoted
    result = ModelImporter(table(content, f"a.{fmt}"), user=provincial).run(dry_run=False)
    assert (result.errors, result.created, result.updated) == ([], 0, 0)  # the same names, unchanged
    assert sorted(MobilizationModel.objects.filter(pk__in=[m.pk for m in models]).values_list("name", flat=True)) \
        == sorted(FORMULAS)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_counts_export_writes_formulas_as_text_and_reimports_them(client, provincial, fmt):
    SurveySession.objects.filter(unit__code="446").update(title="=1+1", delegation="@SUM(1+1)",
                                                          head_name="+cmd|' /C calc'!A0")
    client.force_login(provincial)
    content = client.get(reverse("imports:export", args=["counts", fmt])).content
    assert_safe(content, fmt, ["=1+1", "@SUM(1+1)", "+cmd|' /C calc'!A0"])
    result = CountImporter(table(content, f"a.{fmt}"), user=provincial).run(dry_run=True)
    assert (result.errors, result.created, result.updated, result.unchanged) == ([], 0, 0, 2)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_dashboard_download_writes_formulas_as_text_and_numbers_as_numbers(client, admin_user, fmt):
    Field.objects.filter(code="kinh-te").update(name='=HYPERLINK("http://x","y")')
    ReportedCount.objects.filter(session__unit__code="446").update(count=0)  # reported < registry
    client.force_login(admin_user)
    response = client.get("/thong-ke/", {"format": fmt})
    assert response["Content-Disposition"].endswith(f'.{fmt}')  # the Vietnamese name (filename*) last
    header = '=HYPERLINK("http://x","y") – Sổ theo dõi'
    if fmt == "xlsx":
        cells, has_formula = xlsx_cells(response.content)
        cells = cells[next(i for i, row in enumerate(cells) if row[0][0] == "Mã đơn vị"):]  # below the title block
        assert not has_formula and cells[0][2] == (header, "s")
        cam_xuyen = next(row for row in cells if row[0][0] == "446")
        assert cam_xuyen[-1] == (-6, "n")  # the difference: a negative number stays a number
    else:
        lines = csv_cells(response.content)
        assert lines[0][2] == neutralised(header) == "'" + header
        assert next(line for line in lines if line[0] == "446")[-1] == "-6"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_templates_write_text_as_text_and_reimport(client, demo, fmt):
    Field.objects.filter(code="kinh-te").update(name="=Kinh tế")
    response = client.get(reverse("imports:template", args=["counts", fmt]))
    assert_safe(response.content, fmt, ["=Kinh tế"])
    assert CountImporter(table(response.content, f"a.{fmt}")).index  # the headers are read back as written
    response = client.get(reverse("imports:template", args=["models", fmt]))
    if fmt == "xlsx":
        cells, has_formula = xlsx_cells(response.content)
        assert not has_formula and all(kind == "s" for row in cells for value, kind in row if isinstance(value, str))
