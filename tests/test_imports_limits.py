"""A small file cannot exhaust the server (issue 9, item 11): each of the issue's hostile files,
built here, is refused with a Vietnamese message before it is parsed; the job page shows a
bounded number of errors; imports run a few at a time; request bodies are bounded before they
are read. Sizes are scaled down (with the limits lowered where needed) to keep the tests fast."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from core import spreadsheet
from core.spreadsheet import SpreadsheetError, read_table
from imports.models import ImportJob, ImportProgress
from models_registry import sheet
from tests.conftest import JOB_DATABASES
from tests.imports_helpers import csv_bytes, xlsx_bytes

HEADERS = sheet.headers()
MB = 2**20


def good_row(name="Mô hình"):
    values = [""] * len(HEADERS)
    values[1:7] = [name, "Kinh tế", "446", "Huyện Cẩm Xuyên", "", "Chính quyền"]
    return values


def rebuilt(content, replace=None, add=None):
    """`content` (an .xlsx) with members replaced or added; a member's data may be a list of
    chunks, written one by one so that a bomb is never whole in memory."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = replace.get(info.filename, source.read(info.filename))
            write_member(target, info.filename, data)
        for name, data in add.items():
            write_member(target, name, data)
    return out.getvalue()


def write_member(archive, name, data):
    with archive.open(name, "w", force_zip64=True) as member:
        for chunk in data if isinstance(data, list) else [data]:
            member.write(chunk)


def shared_strings_bomb(unpacked_mb):
    """The issue's first file: shared strings that unpack to `unpacked_mb` MB (1 GB there)."""
    rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId9" Type="http://'
            b'schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"'
            b'/></Relationships>')
    strings = [b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>']
    strings += [b"A" * MB] * unpacked_mb + [b"</t></si></sst>"]
    return rebuilt(xlsx_bytes([HEADERS, good_row()]), replace={"xl/_rels/workbook.xml.rels": rels},
                   add={"xl/sharedStrings.xml": strings})


def whitespace_bomb(unpacked_mb, tail=b""):
    """The issue's second file: a sheet that unpacks to `unpacked_mb` MB of whitespace."""
    content = xlsx_bytes([HEADERS, good_row()])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    head, rest = xml.split(b"</sheetData>")
    chunks = [head] + [b" " * MB] * unpacked_mb + [b"</sheetData>" + tail + rest]
    return rebuilt(content, replace={"xl/worksheets/sheet1.xml": chunks})


def refused(content, name="tep.xlsx"):
    with pytest.raises(SpreadsheetError) as error:
        read_table(content, name)
    return str(error.value)


@pytest.fixture
def no_parsing(monkeypatch):
    """Fail the test if openpyxl is asked to parse the workbook."""
    def parse(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(spreadsheet, "_open_workbook", parse)


def test_shared_strings_bomb_is_refused_before_parsing(no_parsing):
    content = shared_strings_bomb(64)
    assert len(content) < MB
    assert "giải nén" in refused(content)


def test_whitespace_sheet_bomb_is_refused_before_parsing(no_parsing):
    content = whitespace_bomb(64)
    assert len(content) < MB
    assert "giải nén" in refused(content)


def test_a_workbook_lying_about_its_sizes_is_refused():
    """The checks trust the sizes the archive declares: zipfile never unpacks more than that
    (it fails on the checksum), so a member declaring less than it holds cannot get through."""
    content = bytearray(whitespace_bomb(64))
    directory = content.rfind(b"xl/worksheets/sheet1.xml") - 46  # its central directory entry
    assert content[directory:directory + 4] == b"PK\x01\x02"
    content[directory + 24:directory + 28] = (1000).to_bytes(4, "little")  # "unpacks to 1000 bytes"
    with pytest.raises(SpreadsheetError, match=".xlsx hợp lệ") as error:
        read_table(bytes(content), "tep.xlsx")
    assert isinstance(error.value.__cause__, zipfile.BadZipFile)  # "Bad CRC-32": it stopped at 1000 bytes


@override_settings(IMPORT_MAX_UNPACKED_BYTES=MB)
def test_a_workbook_unpacking_beyond_the_limit_is_refused(no_parsing):
    # An ordinary workbook, compressed as usual (about 1:10), but larger unpacked than allowed.
    content = xlsx_bytes([HEADERS] + [good_row(f"Mô hình số {i}") for i in range(3000)])
    assert "hơn 1 MB" in refused(content)


@override_settings(IMPORT_MAX_COMPRESSION_RATIO=10**6)
def test_merged_cells_are_found_without_reading_the_sheet_whole(monkeypatch):
    """Past the size checks (lifted here), the merged-cells check reads the sheet in chunks,
    and finds a tag that the chunks cut in two."""
    content = whitespace_bomb(3, tail=b" " * (MB - 100) + b'<mergeCells count="1"><mergeCell ref="B2:B3"/>'
                                               b"</mergeCells>")
    sizes = []
    real_read = zipfile.ZipExtFile.read

    def read(self, n=-1):
        sizes.append(n)
        return real_read(self, n)

    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)
    with pytest.raises(SpreadsheetError, match="gộp"):
        spreadsheet._refuse_merged_cells(content, "xl/worksheets/sheet1.xml")
    assert sizes and all(0 < n <= spreadsheet.CHUNK for n in sizes)


@override_settings(IMPORT_MAX_ROWS=1000)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_too_many_rows_are_refused_before_they_are_checked(fmt):
    rows = [HEADERS] + [good_row(f"Mô hình {i}") for i in range(2000)]
    content = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    assert "hơn 1.000 dòng" in refused(content, f"tep.{fmt}")
    assert read_table(csv_bytes(rows[:1001]), "tep.csv").rows[-1][0] == 1001  # the limit itself is fine


@override_settings(IMPORT_MAX_ROWS=1000)
def test_a_sheet_with_a_far_away_row_or_a_false_dimension_is_read_quickly():
    content = xlsx_bytes([HEADERS, good_row()])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    far = xml.replace(b"</sheetData>", b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c>'
                                      b"</row></sheetData>")
    assert "hơn 1.000 dòng" in refused(rebuilt(content, replace={"xl/worksheets/sheet1.xml": far}))
    wide = xml.replace(b'<dimension ref="A1:X2"', b'<dimension ref="A1:XFD1048576"')
    assert wide != xml
    table = read_table(rebuilt(content, replace={"xl/worksheets/sheet1.xml": wide}), "tep.xlsx")
    assert len(table.rows) == 1 and len(table.headers) <= 200


def test_a_csv_cell_longer_than_the_csv_modules_limit_is_read():
    row = good_row()
    row[15] = "dài " * 60_000  # 240,000 characters: over csv's default field limit of 131,072
    assert read_table(csv_bytes([HEADERS, row]), "a.csv").rows[0][1][15] == row[15].strip()


def test_a_workbook_with_an_entity_bomb_is_refused():
    content = xlsx_bytes([HEADERS, good_row()])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    entities = '<!ENTITY a0 "aaaaaaaaaa">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    xml = xml.replace("<worksheet", f"<!DOCTYPE w [{entities}]><worksheet", 1).replace("Mô hình", "&a9;")
    assert ".xlsx hợp lệ" in refused(rebuilt(content, replace={"xl/worksheets/sheet1.xml":
                                                                                 xml.encode()}))
    # Behind a comment that looks like an element, in UTF-16, in an encoding expat does not read,
    # in a member that is no sheet: refused all the same (the prolog is read by an XML parser).
    bomb = f"<!DOCTYPE w [{entities}]>"
    hidden = {
        "xl/worksheets/sheet1.xml": xml.replace(bomb, f"<!-- <a> -->{bomb}", 1).encode(),
        "xl/styles.xml": ('<?xml version="1.0" encoding="UTF-16"?>' + bomb + "<styleSheet/>").encode("utf-16"),
        "docProps/app.xml": ('<?xml version="1.0" encoding="UTF-32"?><Properties/>').encode("utf-32"),
        "xl/media/bomb.bin": ('<?xml version="1.0"?>' + bomb + "<x>&a9;</x>").encode(),
    }
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = set(archive.namelist())
    for name, member in hidden.items():
        changed = rebuilt(content, replace={name: member}) if name in names else rebuilt(content, add={name: member})
        assert ".xlsx hợp lệ" in refused(changed), name


def test_a_workbook_with_a_comment_or_a_binary_member_before_its_root_is_read():
    content = xlsx_bytes([HEADERS, good_row()])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    commented = xml.replace("<worksheet", "<!-- <!DOCTYPE is only a comment here --><worksheet", 1)
    table = read_table(rebuilt(content, replace={"xl/worksheets/sheet1.xml": commented.encode()}), "tep.xlsx")
    assert len(table.rows) == 1


# The job page and the number of imports -------------------------------------------------------

def upload(client, rows, name="mo-hinh.csv"):
    return client.post(reverse("imports:upload", args=["models"]),
                       {"models-file": SimpleUploadedFile(name, csv_bytes(rows), "text/csv")})


@JOB_DATABASES
def test_the_job_page_shows_the_first_200_errors_and_how_many_more(client, provincial, immediate_tasks):
    bad = [good_row(f"Hỏng {i}") for i in range(300)]
    for row in bad:
        row[2] = "Không có lĩnh vực này"
    client.force_login(provincial)
    page = client.get(upload(client, [HEADERS, *bad]).url).content.decode()
    job = ImportJob.objects.get()
    assert len(job.result["errors"]) == 200 and job.result["more_errors"] == 100
    assert page.count("Không có lĩnh vực này") == 200
    assert "… và 100 lỗi khác" in page


def running_job(user, minutes_ago=1, status=ImportJob.Status.CHECKING):
    return ImportJob.objects.create(kind="models", file_name="a.csv", content=b"x", created_by=user, status=status,
                                    started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago))


@JOB_DATABASES
def test_one_import_at_a_time_per_user(client, provincial, immediate_tasks):
    running_job(provincial)
    client.force_login(provincial)
    response = upload(client, [HEADERS, good_row()])
    assert response.status_code == 429
    assert "Lần nhập trước của bạn vẫn đang được kiểm tra" in response.content.decode()
    assert ImportJob.objects.count() == 1


@JOB_DATABASES
@override_settings(IMPORT_MAX_RUNNING=2)
def test_a_bounded_number_of_imports_on_the_site(client, provincial, admin_user, camxuyen, thachha, immediate_tasks):
    running_job(admin_user)
    running_job(camxuyen, status=ImportJob.Status.IMPORTING)
    running_job(thachha, minutes_ago=31)  # queued long ago (no worker ran): it no longer counts
    client.force_login(provincial)
    response = upload(client, [HEADERS, good_row()])
    assert response.status_code == 429 and "mỗi lúc tối đa 2 lần" in response.content.decode()
    # A checked file waits for its confirmation while the site is busy.
    checked = running_job(provincial, status=ImportJob.Status.CHECKED)
    response = client.post(reverse("imports:job_confirm", args=[checked.pk]), follow=True)
    assert "mỗi lúc tối đa 2 lần" in response.content.decode()
    checked.refresh_from_db()
    assert checked.status == ImportJob.Status.CHECKED
    ImportJob.objects.filter(created_by=camxuyen).update(status=ImportJob.Status.DONE)
    assert upload(client, [HEADERS, good_row()]).status_code == 302


@JOB_DATABASES
def test_an_import_that_lost_its_worker_no_longer_counts(client, provincial, immediate_tasks, settings):
    lost = running_job(provincial, status=ImportJob.Status.IMPORTING)
    silent = timezone.now() - datetime.timedelta(seconds=settings.IMPORT_LEASE_SECONDS + 1)
    ImportProgress.objects.create(job_id=lost.pk, attempt=lost.attempt, done=5, total=10, beat_at=silent)
    client.force_login(provincial)
    assert upload(client, [HEADERS, good_row()]).status_code == 302
    lost.refresh_from_db()
    assert lost.status == ImportJob.Status.FAILED and lost.result["lost"] == "importing"


# Request bodies --------------------------------------------------------------------------------

def test_a_50_mb_post_to_the_login_page_is_refused_unread(client, db):
    # The body is announced as 50 MB; reading it (instead of refusing it) would fail on the 1 KB sent.
    response = client.generic("POST", "/dang-nhap/", b"x" * 1024, content_type="multipart/form-data; boundary=x",
                              CONTENT_LENGTH=str(50 * MB))
    assert response.status_code == 413
    assert "Dữ liệu gửi lên quá lớn" in response.content.decode() and "tối đa 12 MB" in response.content.decode()


@JOB_DATABASES
@override_settings(MAX_REQUEST_BODY_BYTES=64 * 1024)
def test_bodies_over_the_limits_are_refused_and_a_spreadsheet_under_them_is_not(client, provincial, immediate_tasks):
    big_file = SimpleUploadedFile("a.csv", b"x" * 100_000, "text/csv")
    assert client.post("/dang-nhap/", {"username": "a", "file": big_file}).status_code == 413
    form = "username=a&password=" + "x" * (3 * MB)  # not a file: at most DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)
    response = client.generic("POST", "/dang-nhap/", form, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    with override_settings(MAX_REQUEST_BODY_BYTES=12 * MB):
        client.force_login(provincial)
        response = upload(client, [HEADERS, good_row(), ["x" * 1000] * 9000], name="lon.csv")  # 9 MB
        assert response.status_code == 302
