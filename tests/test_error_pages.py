"""Every error page a user can land on is in Vietnamese: 400, 403, 404, 500 and a failed CSRF check."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import path

from models_registry.models import MobilizationModel


def database_down(request):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


urlpatterns = [path("hong/", database_down)]


def test_500_page_is_vietnamese_and_renders_without_the_database(settings):
    """No `db` fixture: any query the 500 page tried would fail the test (pytest-django blocks it)."""
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/hong/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Lỗi máy chủ" in html
    assert "Về trang chủ" in html
    assert "Server Error" not in html


@pytest.mark.django_db
def test_400_page_is_vietnamese(client):
    response = client.get("/", headers={"host": "not-our-host.example"})  # DisallowedHost → 400
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


@pytest.mark.django_db
def test_404_page_is_vietnamese(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_403_page_is_vietnamese(client, thachha, cam_xuyen):
    client.force_login(thachha)
    model = MobilizationModel.objects.filter(unit=cam_xuyen).first()
    response = client.get(f"/mo-hinh/{model.pk}/sua/")
    assert response.status_code == 403
    assert "Không được phép" in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_page_is_vietnamese():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/dang-nhap/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Biểu mẫu đã hết hạn" in html
    assert "CSRF verification failed" not in html
