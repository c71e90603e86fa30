"""The list pages' tables (django-tables2, core/tables.py): Vietnamese headers that sort,
escaped cells, each cell labelled for small screens, and pages that exist or are a 404."""

import datetime
import re

import pytest
from django.urls import reverse

from imports.models import ImportJob
from surveys.models import SurveySession
from tests.conftest import make_user
from tests.test_pages_registry import make_model

MODELS = reverse("models_registry:model_list")
SESSIONS = reverse("surveys:session_list")


def headers(html):
    return re.findall(r"<th[^>]*>(.*?)</th>", html.split("<thead>")[1].split("</thead>")[0], re.S)


def test_registry_headers_are_vietnamese_and_sort(client, demo, cam_xuyen):
    html = client.get(MODELS).content.decode()
    cells = headers(html)
    assert [re.sub(r"<[^>]+>", "", c).strip() for c in cells] == [
        "Mô hình", "Lĩnh vực", "Đơn vị", "Năm bắt đầu", "Công nhận", "Trạng thái",
    ]
    assert 'href="?sort=name"' in cells[0] and 'href="?sort=year"' in cells[3]  # sortable
    assert "href" not in cells[1]  # not sortable: no link
    for name in ["Zz Ba", "Zz An", "Zz Ăn"]:
        make_model(name, cam_xuyen, is_published=True)
    by_name = [m.name for m in client.get(MODELS, {"q": "zz", "sort": "name"}).context["models"]]
    assert by_name == ["Zz An", "Zz Ăn", "Zz Ba"]  # Vietnamese order, as the "Sort by" filter
    html = client.get(MODELS, {"q": "zz", "sort": "-name"}).content.decode()
    assert [m.name for m in client.get(MODELS, {"q": "zz", "sort": "-name"}).context["models"]] == by_name[::-1]
    assert 'aria-sort="descending"' in html and 'href="?q=zz&amp;sort=name"' in html


def test_registry_cells_are_escaped_and_labelled(client, demo, cam_xuyen):
    make_model("<script>alert(1)</script> Zz", cam_xuyen, is_published=True)
    html = client.get(MODELS, {"q": "zz"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Zz</a>" in html
    assert 'data-label="Lĩnh vực"' in html


def test_a_page_that_does_not_exist_is_a_404(client, demo):
    assert client.get(MODELS, {"page": "99"}).status_code == 404
    assert client.get(MODELS, {"page": "x"}).status_code == 404
    assert client.get(MODELS, {"page": "last"}).status_code == 200
    assert client.get(MODELS, {"sort": "nothing,-unit"}).status_code in (200, 400)  # never a 500


@pytest.mark.django_db
def test_sessions_sort_by_date_and_show_their_counts(client, demo, province, cam_xuyen):
    client.force_login(make_user("tinh-test", province))
    SurveySession.objects.create(unit=cam_xuyen, date=datetime.date(2001, 1, 2), title="Zz <b>cũ</b>",
                                 delegation="Đoàn", head_name="A", period_start=2000, period_end=2001)
    newest_first = [s.date for s in client.get(SESSIONS).context["sessions"]]
    assert newest_first == sorted(newest_first, reverse=True)
    response = client.get(SESSIONS, {"sort": "date"})
    assert response.context["sessions"][0].title == "Zz <b>cũ</b>"
    html = response.content.decode()
    assert "Zz &lt;b&gt;cũ&lt;/b&gt;</a>" in html and "02/01/2001" in html
    assert [re.sub(r"<[^>]+>", "", c).strip() for c in headers(html)][0] == "Ngày"


def test_recent_imports_are_a_table_of_escaped_links(client, demo, province):
    user = make_user("tinh-test", province)
    job = ImportJob.objects.create(kind="models", file_name="<b>mo-hinh</b>.csv", content=b"x", created_by=user,
                                   status=ImportJob.Status.DONE)
    client.force_login(user)
    html = client.get(reverse("imports:index")).content.decode()
    assert f'<a href="{reverse("imports:job", args=[job.pk])}">&lt;b&gt;mo-hinh&lt;/b&gt;.csv</a>' in html
    assert [re.sub(r"<[^>]+>", "", c).strip() for c in headers(html)] == ["Tệp", "Loại", "Trạng thái", "Tải lên lúc"]
