"""Wording: one term per concept everywhere (docs/glossary-ui.md), Vietnamese numbers without
trailing zeros, and Django's and simple-history's admin strings in correct Vietnamese."""

import re

import pytest
from django.urls import reverse

from models_registry import sheet as model_sheet
from models_registry.forms import MobilizationModelForm
from models_registry.models import MobilizationModel
from surveys import importers as count_sheet
from surveys.forms import SurveySessionForm
from surveys.models import Indicator, SurveySession

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# History -----------------------------------------------------------------------------------------

def test_the_admin_history_button_says_lich_su(admin_client):
    model = MobilizationModel.objects.get(name="Ống tiền tiết kiệm")
    page = admin_client.get(reverse("admin:models_registry_mobilizationmodel_change", args=[model.pk])).content
    page = page.decode()
    assert re.search(r'class="historylink">\s*Lịch sử\s*</a>', page)
    assert "Bản ghi nhớ" not in page


def test_the_admin_history_page_is_in_vietnamese(admin_client):
    model = MobilizationModel.objects.get(name="Ống tiền tiết kiệm")
    page = text_of(admin_client.get(
        reverse("admin:models_registry_mobilizationmodel_history", args=[model.pk])).content.decode())
    assert "Người thực hiện" in page and "Lý do thay đổi" in page
    for english in ("Changed by", "Change reason", "Comment", "Choose a date"):
        assert english not in page


# Numbers -----------------------------------------------------------------------------------------

def test_indicator_numbers_without_trailing_zeros_on_the_session_page(client, provincial, cam_xuyen, tp_ha_tinh):
    client.force_login(provincial)
    pages = "".join(client.get(reverse("surveys:session_detail", args=[s.pk])).content.decode()
                    for s in SurveySession.objects.filter(unit__in=[cam_xuyen, tp_ha_tinh]))
    for shown in ("400 tỷ đồng", "50,5 triệu đồng/người/năm", "2,8%", "9,86%"):
        assert f'<td class="num" data-label="Giá trị số">{shown}</td>' in pages
    assert "400,0000" not in pages and "400.0000" not in pages


def test_indicator_numbers_in_the_admin_list_and_session_page(admin_client, cam_xuyen):
    listing = text_of(admin_client.get(reverse("admin:surveys_indicator_changelist")).content.decode())
    assert " 400 " in listing and " 50,5 " in listing and " 9,86 " in listing
    assert "400.0000" not in listing and "400,0000" not in listing
    session = SurveySession.objects.get(unit=cam_xuyen)
    page = admin_client.get(reverse("admin:surveys_surveysession_change", args=[session.pk])).content.decode()
    assert re.search(r'name="indicators-0-value_number" value="400"', page)
    assert re.search(r'name="indicators-1-value_number" value="50,5"', page)


def test_indicator_number_typed_the_vietnamese_way_is_read_back(client, provincial, cam_xuyen):
    client.force_login(provincial)
    session = SurveySession.objects.get(unit=cam_xuyen)
    page = client.get(reverse("surveys:session_edit", args=[session.pk])).content.decode()
    assert 'value="50,5"' in page and "50,5000" not in page


def test_the_admin_indicator_list_is_read_only(admin_client, cam_xuyen):
    indicator = Indicator.objects.filter(session__unit=cam_xuyen).first()
    url = reverse("admin:surveys_indicator_change", args=[indicator.pk])
    assert admin_client.post(url, {"name": "Sửa ngoài buổi khảo sát"}).status_code == 403
    indicator.refresh_from_db()
    assert indicator.name != "Sửa ngoài buổi khảo sát"


# One term per concept ------------------------------------------------------------------------------

# field -> the one Vietnamese term (docs/glossary-ui.md)
MODEL_TERMS = {
    "host_type": "Loại chủ thể thực hiện",
    "host_name": "Chủ thể thực hiện",
    "kind": "Tập thể/cá nhân",
    "status": "Trạng thái",
    "is_published": "Công khai",
}


@pytest.mark.parametrize(("field", "term"), MODEL_TERMS.items())
def test_a_model_field_has_one_name_on_form_import_and_export(admin_user, field, term):
    form = MobilizationModelForm(user=admin_user)
    if field == "is_published":
        # Publishing is a step of the publishing queue (issue 13), not a box of the edit form.
        assert field not in form.fields
    else:
        assert form.fields[field].label == term
    assert term in model_sheet.headers()  # import template, import and export headers


@pytest.mark.parametrize("field", ["host_name", "kind", "status", "is_published"])
def test_a_model_field_has_the_same_name_as_an_admin_column(admin_client, field):
    page = admin_client.get(reverse("admin:models_registry_mobilizationmodel_changelist")).content.decode()
    heads = [text_of(th).strip() for th in re.findall(r'<th scope="col".*?</th>', page, re.S)]
    assert MODEL_TERMS[field] in heads


def test_the_site_names_the_fields_as_the_form_does(client, provincial):
    client.force_login(provincial)
    filters = text_of(client.get(reverse("models_registry:model_list")).content.decode())
    assert "Tập thể/cá nhân" in filters and "Trạng thái" in filters
    model = MobilizationModel.objects.get(name="Ống tiền tiết kiệm")
    page = text_of(client.get(reverse("models_registry:model_detail", args=[model.pk])).content.decode())
    assert "Chủ thể thực hiện Hội Liên hiệp Phụ nữ" in page and "Tập thể/cá nhân tập thể" in page
    dashboard = text_of(client.get(reverse("dashboard:dashboard")).content.decode())
    assert "Tập thể/cá nhân" in dashboard


def test_a_session_field_has_one_name_on_form_admin_import_and_export(admin_client, admin_user):
    form = SurveySessionForm(user=admin_user)
    assert form.fields["reported_total"].label == "Tổng số báo cáo"
    assert "Tổng số báo cáo" in count_sheet.headers()
    listing = text_of(admin_client.get(reverse("admin:surveys_surveysession_changelist")).content.decode())
    assert "Tổng số báo cáo" in listing
