"""The Django admin: Vietnamese, folded search, every page opens, totals next to the counts."""

import pytest
from django.urls import reverse

from models_registry.models import Field, MobilizationModel
from surveys.models import ReportedCount, SurveySession
from units.models import AdministrativeUnit, OfficerProfile, UnitSuccession

pytestmark = pytest.mark.django_db

ADMIN_MODELS = [
    AdministrativeUnit, UnitSuccession, Field, MobilizationModel, OfficerProfile,
    SurveySession,
]


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_admin_is_in_vietnamese(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "Quản trị" in page
    assert "Mô hình “Dân vận khéo”" in page or "mô hình" in page.lower()
    assert "Buổi khảo sát" in page
    assert "Task Results" not in page and "Tasks Database Backend" not in page  # django-tasks-db's, in English


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_every_admin_list_and_add_page_opens(admin_client, model):
    assert admin_client.get(changelist(model)).status_code == 200
    add = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    assert admin_client.get(add).status_code == 200


@pytest.mark.parametrize(
    ("model", "query", "expected"),
    [
        (AdministrativeUnit, "cam binh", "Xã Cẩm Bình"),
        (AdministrativeUnit, "dong mon", "Xã Đồng Môn"),
        (AdministrativeUnit, "CẨM XUYÊN", "Huyện Cẩm Xuyên"),
        (MobilizationModel, "dong mon", "Trồng sen sinh thái"),
        (MobilizationModel, "ngan hang mau", "Ngân hàng máu sống cứu người"),
        (SurveySession, "cam xuyen", "giai đoạn 2008 – 2023 của huyện Cẩm Xuyên"),
    ],
)
def test_search_ignores_accents_and_case(admin_client, model, query, expected):
    page = admin_client.get(changelist(model), {"q": query}).content.decode()
    assert expected in page


def test_search_does_not_find_what_is_not_there(admin_client):
    page = admin_client.get(changelist(AdministrativeUnit), {"q": "cam binh"}).content.decode()
    assert "Xã Đồng Môn" not in page


def test_autocomplete_finds_units_without_accents(admin_client):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "thach quy", "app_label": "models_registry", "model_name": "mobilizationmodel", "field_name": "unit"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Phường Thạch Quý (đến 30/06/2025)"]


def test_session_page_shows_counts_and_total(admin_client, cam_xuyen):
    session = SurveySession.objects.get(unit=cam_xuyen)
    page = admin_client.get(reverse("admin:surveys_surveysession_change", args=[session.pk])).content.decode()
    assert "<strong>3.372</strong>" in page
    for count in ("1205", "1427", "425", "315"):
        assert f'value="{count}"' in page
    listing = admin_client.get(changelist(SurveySession)).content.decode()
    assert "3.372" in listing and "794" in listing


def session_post_data(session, counts, reported_total):
    data = {
        "date": "05/06/2023", "title": session.title, "unit": session.unit_id, "period_start": "2008",
        "period_end": "2023", "status": "final", "delegation": session.delegation, "head_name": session.head_name,
        "head_title": "", "chairs": "", "reported_total": reported_total, "summary": "", "conclusion": "",
        "source": "", "version": session.version,
    }
    existing = list(session.reported_counts.order_by("pk"))
    data.update({
        "reported_counts-TOTAL_FORMS": str(len(existing)), "reported_counts-INITIAL_FORMS": str(len(existing)),
        "reported_counts-MIN_NUM_FORMS": "0", "reported_counts-MAX_NUM_FORMS": "1000",
    })
    for i, (row, value) in enumerate(zip(existing, counts, strict=True)):
        data.update({
            f"reported_counts-{i}-id": row.pk, f"reported_counts-{i}-session": session.pk,
            f"reported_counts-{i}-field": row.field_id, f"reported_counts-{i}-count": value,
        })
    for prefix in ("indicators", "proposals", "recommendations"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    return data


def test_counts_not_adding_up_to_the_reported_total_are_refused(admin_client, cam_xuyen):
    session = SurveySession.objects.get(unit=cam_xuyen)
    url = reverse("admin:surveys_surveysession_change", args=[session.pk])
    data = session_post_data(session, [1205, 1427, 425, 300], 3372)
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    page = response.content.decode()
    assert "3.357" in page and "3.372" in page  # sum, reported total
    assert ReportedCount.objects.get(session=session, count=315)  # nothing saved


def test_negative_count_is_refused_in_the_admin(admin_client, cam_xuyen):
    session = SurveySession.objects.get(unit=cam_xuyen)
    url = reverse("admin:surveys_surveysession_change", args=[session.pk])
    response = admin_client.post(url, session_post_data(session, [1205, 1427, 425, -1], ""))
    assert response.status_code == 200
    assert session.counts_total() == 3372


def test_matching_counts_are_saved(admin_client, cam_xuyen):
    session = SurveySession.objects.get(unit=cam_xuyen)
    url = reverse("admin:surveys_surveysession_change", args=[session.pk])
    response = admin_client.post(url, session_post_data(session, [1200, 1427, 425, 320], 3372))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.counts_total() == 3372 and session.version == 2


def test_non_staff_officer_cannot_open_the_admin(client, camxuyen):
    client.force_login(camxuyen)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_new_session_form_offers_one_count_row_per_active_field(admin_client):
    page = admin_client.get(reverse("admin:surveys_surveysession_add")).content.decode()
    assert 'name="reported_counts-TOTAL_FORMS" value="4"' in page
