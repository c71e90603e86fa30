from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("khao-sat/<int:pk>/bao-cao.docx", views.SessionReportView.as_view(), name="session_report"),
    path("mo-hinh/<int:pk>/phieu-dang-ky.docx", views.RegistrationSheetView.as_view(), name="registration_sheet"),
]
