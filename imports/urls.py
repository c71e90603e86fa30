from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("tai-len/<str:kind>/", views.upload, name="upload"),
    path("lan-nhap/<int:pk>/", views.job_detail, name="job"),
    path("lan-nhap/<int:pk>/trang-thai/", views.job_status, name="job_status"),
    path("lan-nhap/<int:pk>/xac-nhan/", views.job_confirm, name="job_confirm"),
    path("lan-nhap/<int:pk>/chay-lai/", views.job_retry, name="job_retry"),
    path("mau/<str:kind>.<str:fmt>", views.template, name="template"),
    path("xuat/<str:kind>.<str:fmt>", views.export, name="export"),
]
