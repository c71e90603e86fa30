"""The governing body's name is dated data an administrator keeps, not a fixed string: pages
show today's name, anything dated takes the name valid on its date."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from surveys.models import SurveySession
from tests.conftest import make_user
from units.models import GoverningBody, body_on

pytestmark = pytest.mark.django_db

OLD = "Ban Dân vận Tỉnh ủy Hà Tĩnh"
NEW = "Ban Tuyên giáo và Dân vận Tỉnh ủy Hà Tĩnh"


def test_body_on_a_date_of_2023_and_of_2026(demo):
    assert (body_on(datetime.date(2023, 6, 5)).full_name, body_on(datetime.date(2023, 6, 5)).abbreviation) == (
        OLD, "BDVTU")
    assert (body_on(datetime.date(2026, 1, 1)).full_name, body_on(datetime.date(2026, 1, 1)).abbreviation) == (
        NEW, "BTGDVTU")
    # The next name's first day ends the previous one.
    assert body_on(datetime.date(2025, 2, 28)).abbreviation == "BDVTU"
    assert body_on(datetime.date(2025, 3, 1)).abbreviation == "BTGDVTU"
    assert (body_on(datetime.date(2026, 1, 1)).parent_body, body_on(datetime.date(2026, 1, 1)).province_name) == (
        "Tỉnh ủy Hà Tĩnh", "Hà Tĩnh")


def test_no_name_before_the_first_one(db):
    GoverningBody.objects.create(valid_from=datetime.date(2025, 3, 1), full_name=NEW, short_name="x",
                                 abbreviation="BTGDVTU", parent_body="Tỉnh ủy Hà Tĩnh", province_name="Hà Tĩnh")
    assert body_on(datetime.date(2025, 2, 28)) is None


def test_two_names_cannot_start_on_the_same_day(demo):
    with pytest.raises(IntegrityError), transaction.atomic():
        GoverningBody.objects.create(valid_from=datetime.date(2025, 3, 1), full_name="Khác", short_name="Khác",
                                     abbreviation="K", parent_body="Tỉnh ủy Hà Tĩnh", province_name="Hà Tĩnh")


def header_and_footer(client):
    page = client.get(reverse("home")).content.decode()
    header = page.split('<header class="topbar">')[1].split("</header>")[0]
    footer = page.split('<footer class="footer">')[1].split("</footer>")[0]
    return header, footer


def test_pages_show_todays_name_in_header_and_footer(client, demo, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2026, 1, 1))
    header, footer = header_and_footer(client)
    assert NEW in header and NEW in footer and OLD not in header + footer
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2024, 12, 31))
    header, footer = header_and_footer(client)
    assert OLD in header and OLD in footer and NEW not in header + footer


def test_a_2023_session_keeps_the_names_its_text_was_written_with(client, provincial, cam_xuyen):
    client.force_login(provincial)
    session = SurveySession.objects.get(unit=cam_xuyen)
    page = client.get(reverse("surveys:session_detail", args=[session.pk])).content.decode()
    assert "Trưởng ban Dân vận Tỉnh ủy" in page  # stored text, as the 2023 article says


def test_changing_the_name_in_the_admin_changes_the_header(client, admin_user, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2026, 1, 1))
    client.force_login(admin_user)
    current = GoverningBody.objects.get(abbreviation="BTGDVTU")
    url = reverse("admin:units_governingbody_change", args=[current.pk])
    data = {"valid_from": "01/03/2025", "full_name": "Ban Tuyên giáo và Dân vận Tỉnh ủy Hà Tĩnh (mới)",
            "short_name": current.short_name, "abbreviation": "BTGDVTU", "parent_body": current.parent_body,
            "province_name": current.province_name}
    assert client.post(url, data).status_code == 302
    header, _footer = header_and_footer(client)
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy Hà Tĩnh (mới)" in header


def test_admin_list_shows_when_each_name_ended(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:units_governingbody_changelist")).content.decode()
    assert "28/02/2025" in page  # the day before the merged body's first day


def test_only_administrators_may_change_the_name(client, demo):
    staff = make_user("staff-test", is_staff=True)
    staff.user_permissions.set(staff.user_permissions.model.objects.filter(codename__endswith="governingbody"))
    client.force_login(staff)
    assert client.get(reverse("admin:units_governingbody_changelist")).status_code == 403
    assert "governingbody" not in client.get(reverse("admin:index")).content.decode()
