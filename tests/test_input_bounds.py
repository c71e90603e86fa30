"""Bad input never reaches the database as a 500 (issue 9, items 5 and 6): out-of-range ids,
NUL characters, absurd dates and counts get a 404, a 400 or a Vietnamese field error, and the
same input gets the same answer on SQLite and PostgreSQL. The fuzz test (test_fuzz_input.py)
throws random values at every page; these are the cases the issue reported."""

import datetime
import re

import pytest
from django.db import DataError, connection, transaction
from django.urls import reverse

from models_registry.models import MobilizationModel
from surveys import importers as count_sheet
from surveys.importers import CountImporter
from surveys.models import Indicator, Recommendation, ReportedCount, SurveySession
from tests.imports_helpers import table, xlsx_bytes
from tests.pages import snapshot
from tests.test_foundation_constraints import refused
from tests.test_pages_registry import model_post
from tests.test_pages_surveys import formset, session_post

BEYOND_64_BITS = "100000000000000000000"
COUNT_MESSAGE = "Nhập số mô hình từ 0 đến 1.000.000."
DATE_MESSAGE = "Nhập ngày từ 01/01/1945 đến 31/12/2100."
YEAR_MESSAGE = "Nhập năm từ 1945 đến 2100."
INTERNALS = ["9223372036854775807", "2147483647", "32767", "Vi phạm ràng buộc", "constraint"]


def assert_no_internals(body):
    for text in INTERNALS:
        assert text not in body


@pytest.mark.parametrize("url", [reverse("models_registry:model_list"), reverse("surveys:session_list")])
def test_list_filter_with_an_id_beyond_64_bits_is_a_field_error(client, provincial, url):
    client.force_login(provincial)
    response = client.get(url, {"unit": BEYOND_64_BITS})
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()  # Django's own Vietnamese


def test_replicated_in_beyond_64_bits_is_a_field_error(client, provincial, cam_xuyen):
    client.force_login(provincial)
    before = snapshot()
    response = client.post(reverse("models_registry:model_add"),
                           model_post(cam_xuyen, replicated_in=[cam_xuyen.pk, BEYOND_64_BITS]))
    assert response.status_code == 200
    assert response.context["form"].errors["replicated_in"]
    assert snapshot() == before


def test_visited_models_beyond_64_bits_is_a_field_error(client, provincial, thach_ha):
    client.force_login(provincial)
    before = snapshot()
    model = MobilizationModel.objects.first()
    response = client.post(reverse("surveys:session_add"),
                           session_post(thach_ha, visited_models=[model.pk, BEYOND_64_BITS, "-1"]))
    assert response.status_code == 200
    assert response.context["form"].errors["visited_models"]
    assert snapshot() == before


@pytest.mark.parametrize("url", [
    reverse("models_registry:model_search"), reverse("models_registry:unit_search"),
    reverse("models_registry:model_list"), "/admin/surveys/surveysession/",
])
@pytest.mark.parametrize("persona", ["anonymous", "admin_user"])
def test_a_nul_character_is_refused_with_a_vietnamese_400(request, url, persona, db):
    client = request.getfixturevalue("client")
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = client.get(url, {"q": "cam\x00xuyen"})
    assert response.status_code == 400
    assert "Không đọc được yêu cầu" in response.content.decode()


def test_a_nul_character_in_a_form_saves_nothing(client, provincial, thach_ha):
    client.force_login(provincial)
    before = snapshot()
    response = client.post(reverse("surveys:session_add"), session_post(thach_ha, title="Khảo sát\x00"))
    assert response.status_code == 400
    assert snapshot() == before


BAD_SESSION = [
    ("session dated 01/01/0001", {"date": "01/01/0001"}, DATE_MESSAGE),
    ("session dated 2101", {"date": "01/01/2101"}, DATE_MESSAGE),
    ("recommendation due 31/12/9999", {"recommendations-0-due_date": "31/12/9999"}, DATE_MESSAGE),
    ("a count of 10^15", {"counts-0-count": str(10**15)}, COUNT_MESSAGE),
    ("a count beyond 64 bits", {"counts-0-count": BEYOND_64_BITS}, COUNT_MESSAGE),
    ("a count just over the maximum", {"counts-0-count": "1000001"}, COUNT_MESSAGE),
    ("a total beyond 64 bits", {"reported_total": BEYOND_64_BITS}, COUNT_MESSAGE),
    ("an indicator of year 1800", {"indicators-0-year": "1800"}, YEAR_MESSAGE),
    ("a period from year 0", {"period_start": "0"}, YEAR_MESSAGE),
    ("a period until 40000", {"period_end": "40000"}, YEAR_MESSAGE),
]


@pytest.mark.parametrize(("case", "overrides", "message"), BAD_SESSION, ids=[case for case, *_ in BAD_SESSION])
def test_absurd_values_are_refused_in_vietnamese_without_internals(client, provincial, thach_ha, case,
                                                                    overrides, message):
    """The same message on SQLite and PostgreSQL: the bound is ours, not the database's."""
    client.force_login(provincial)
    before = snapshot()
    response = client.post(reverse("surveys:session_add"), {**session_post(thach_ha), **overrides})
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert_no_internals(body)
    assert snapshot() == before


def test_the_counts_may_not_add_up_to_more_than_the_maximum(client, provincial, thach_ha):
    client.force_login(provincial)
    before = snapshot()
    response = client.post(reverse("surveys:session_add"), session_post(thach_ha, counts=(600_000, 500_000, 0, 0)))
    assert "Các số theo lĩnh vực cộng lại là 1.100.000, vượt quá 1.000.000 mô hình" in response.content.decode()
    assert snapshot() == before


def test_the_maximum_itself_is_accepted(client, provincial, province):
    client.force_login(provincial)
    # (A due date is never before its session's date (issue 13): the last day for both.)
    data = session_post(province, counts=(1_000_000, 0, 0, 0), reported_total="1000000", date="31/12/2100",
                        **formset("recommendations", [{"text": "Hạn chót", "due_date": "31/12/2100",
                                                       "follow_up_status": "open"}]))
    assert client.post(reverse("surveys:session_add"), data).status_code == 302
    session = SurveySession.objects.get(title="Khảo sát huyện Thạch Hà")
    assert (session.reported_total, session.date) == (1_000_000, datetime.date(2100, 12, 31))
    assert session.recommendations.get().due_date == datetime.date(2100, 12, 31)


def test_model_years_out_of_range_get_the_year_message(client, provincial, cam_xuyen):
    client.force_login(provincial)
    response = client.post(reverse("models_registry:model_add"), model_post(cam_xuyen, year_started="99999"))
    body = response.content.decode()
    assert YEAR_MESSAGE in body
    assert_no_internals(body)


@pytest.fixture
def session(cam_xuyen):
    return SurveySession.objects.get(unit=cam_xuyen)


@pytest.mark.parametrize(("model", "column", "value"), [
    (SurveySession, "date", datetime.date(1, 1, 1)),
    (SurveySession, "date", datetime.date(9999, 12, 31)),
    (SurveySession, "reported_total", 1_000_001),
    (ReportedCount, "count", 1_000_001),
    (Recommendation, "due_date", datetime.date(9999, 12, 31)),
    (Indicator, "year", 1800),
])
def test_the_database_refuses_out_of_range_values_too(session, model, column, value):
    """Named CheckConstraints: a write that bypasses every form (raw update) is refused."""
    rows = model.objects.filter(pk=session.pk) if model is SurveySession else model.objects.filter(session=session)
    assert rows.exists()
    refused(lambda: rows.update(**{column: value}))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own integer range")
def test_postgresql_refuses_a_count_of_10_15_in_the_database_itself(session):
    """PostgreSQL's integer column cannot hold 10^15 at all (SQLite's can); the form refuses the
    same input with the same message on both (test_absurd_values_are_refused_… above)."""
    count = session.reported_counts.first()
    with pytest.raises(DataError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE surveys_reportedcount SET count = %s WHERE id = %s", [10**15, count.pk])


def test_the_database_messages_are_vietnamese_without_internals(session):
    """Model validation of the constraints (the admin's path) speaks Vietnamese, not the name."""
    indicator = Indicator(session=session, name="Thu ngân sách", value_text="400 tỷ", year=1800)
    with pytest.raises(Exception) as error:  # noqa: B017 - the message is what matters
        indicator.full_clean()
    assert YEAR_MESSAGE in str(error.value)
    assert "indicator_year_range" not in str(error.value)


def test_the_counts_import_refuses_a_count_over_the_maximum(demo, admin_user):
    headers = count_sheet.headers()
    row = count_sheet.example_row()
    row[headers.index("Kinh tế")] = 10**15
    row[[key for key, *_ in count_sheet.SESSION_COLUMNS].index("reported_total")] = None
    result = CountImporter(table(xlsx_bytes([headers, row])), user=admin_user, reason="r").run(False)
    assert len(result.errors) == 1
    line, message = result.errors[0]
    assert "“Kinh tế”" in message and COUNT_MESSAGE in message


def test_a_tampered_row_count_builds_no_more_than_the_bound(client, provincial, thach_ha):
    """TOTAL_FORMS=10^20 used to build and render Django's maximum of 2,000 rows per table."""
    client.force_login(provincial)
    before = snapshot()
    response = client.post(reverse("surveys:session_add"),
                           session_post(thach_ha, **{"indicators-TOTAL_FORMS": BEYOND_64_BITS}))
    assert response.status_code == 200
    indicators = response.context["parts"][0]
    assert len(indicators.forms) == 100
    assert indicators.non_form_errors() == ["Vui lòng gửi tối đa 100 dòng."]
    assert snapshot() == before


@pytest.mark.parametrize(("url_name", "field"), [
    ("admin:models_registry_mobilizationmodel_change", "replicated_in"),
    ("admin:surveys_surveysession_change", "visited_models"),
    ("admin:auth_user_change", "user_permissions"),
    ("admin:surveys_surveysession_change", "unit"),
])
def test_admin_choices_beyond_64_bits_are_a_field_error(client, admin_user, cam_xuyen, url_name,
                                                                      field):
    client.force_login(admin_user)
    obj = {
        "admin:models_registry_mobilizationmodel_change": MobilizationModel.objects.filter(unit=cam_xuyen).first(),
        "admin:surveys_surveysession_change": SurveySession.objects.get(unit=cam_xuyen),
        "admin:auth_user_change": admin_user,
    }[url_name]
    before = snapshot()
    response = client.post(reverse(url_name, args=[obj.pk]), {field: [BEYOND_64_BITS]})
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert snapshot() == before


@pytest.mark.parametrize(("overrides", "message"), [
    ({"period_start": "-1"}, YEAR_MESSAGE),
    ({"indicators-0-year": "-5"}, YEAR_MESSAGE),
    ({"reported_total": "-1"}, COUNT_MESSAGE),
])
def test_below_the_bound_reads_the_same_message_as_above(client, provincial, thach_ha, overrides, message):
    client.force_login(provincial)
    body = client.post(reverse("surveys:session_add"), {**session_post(thach_ha), **overrides}).content.decode()
    assert message in body
    assert "lớn hơn hoặc bằng" not in body


def test_bounded_inputs_carry_their_min_and_max(client, provincial):
    client.force_login(provincial)
    body = client.get(reverse("surveys:session_add")).content.decode()
    assert re.search(r'<input[^>]*name="period_start"[^>]*min="1945"[^>]*max="2100"', body) or re.search(
        r'<input[^>]*max="2100"[^>]*min="1945"[^>]*name="period_start"', body)
    assert re.search(r'name="reported_total"[^>]*max="1000000"|max="1000000"[^>]*name="reported_total"', body)
