"""Dates are read and shown as dd/mm/yyyy whatever the browser's language (issue 9, item 15):
text inputs, not native date inputs (which show mm/dd/yyyy in an English browser and silently
drop a date they cannot read); an unreadable date is an error next to the field, never lost."""

import datetime
import re

import pytest
from django.urls import reverse

from surveys.models import SurveySession
from tests.pages import snapshot
from tests.test_pages_surveys import formset, session_post

ADD = reverse("surveys:session_add")


def date_inputs(body):
    return re.findall(r"<input[^>]*name=\"(?:date|recommendations-\d+-due_date)\"[^>]*>", body)


def test_every_date_input_of_the_entry_page_is_dd_mm_yyyy_text(client, provincial, cam_xuyen):
    client.force_login(provincial)
    session = SurveySession.objects.get(unit=cam_xuyen)
    session.recommendations.filter(pk=session.recommendations.first().pk).update(due_date=datetime.date(2025, 10, 15))
    body = client.get(reverse("surveys:session_edit", args=[session.pk])).content.decode()
    inputs = date_inputs(body)
    assert len(inputs) == 1 + session.recommendations.count() + 1  # the session's, each request's, the extra row
    for tag in inputs:
        assert 'type="text"' in tag and 'placeholder="dd/mm/yyyy"' in tag and 'inputmode="numeric"' in tag
        assert "pattern=" in tag
    assert 'value="05/06/2023"' in inputs[0]
    assert any('value="15/10/2025"' in tag for tag in inputs[1:])


def test_a_due_date_typed_dd_mm_yyyy_is_saved_as_that_day(client, provincial, thach_ha):
    client.force_login(provincial)
    data = session_post(thach_ha, **formset("recommendations", [
        {"text": "Nhân rộng mô hình", "due_date": "15/10/2025", "follow_up_status": "open"},
    ]))
    assert client.post(ADD, data).status_code == 302
    session = SurveySession.objects.get(title="Khảo sát huyện Thạch Hà")
    assert session.recommendations.get().due_date == datetime.date(2025, 10, 15)
    assert "hạn 15/10/2025" in client.get(session.get_absolute_url()).content.decode()


@pytest.mark.parametrize("typed", ["31/02/2025", "15/13/2025", "hôm qua", "10/15/2025x"])
def test_an_unreadable_date_is_an_error_and_nothing_is_lost(client, provincial, thach_ha, typed):
    client.force_login(provincial)
    before = snapshot()
    data = session_post(thach_ha, **formset("recommendations", [
        {"text": "Nhân rộng mô hình", "due_date": typed, "follow_up_status": "open"},
    ]))
    response = client.post(ADD, data)
    body = response.content.decode()
    assert response.context["parts"][2].forms[0].errors["due_date"] == ["Nhập một ngày hợp lệ."]
    assert f'value="{typed}"' in body  # what was typed stays in the field
    assert "Nhân rộng mô hình" in body
    assert snapshot() == before


def test_the_admin_date_widgets_use_dd_mm_yyyy(client, admin_user, cam_xuyen):
    client.force_login(admin_user)
    session = SurveySession.objects.get(unit=cam_xuyen)
    body = client.get(reverse("admin:surveys_surveysession_change", args=[session.pk])).content.decode()
    assert re.search(r'<input[^>]*name="date"[^>]*value="05/06/2023"', body) or re.search(
        r'<input[^>]*value="05/06/2023"[^>]*name="date"', body)
    # The admin's calendar writes the first input format of the catalogue's formats.
    catalogue = client.get("/admin/jsi18n/").content.decode()
    assert re.search(r'"DATE_INPUT_FORMATS": \[\s*"%d/%m/%Y"', catalogue)
