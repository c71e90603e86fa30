from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("bao-cao/", views.ReportListView.as_view(), name="report_list"),
    path("bao-cao/tien-do/", views.CompletenessView.as_view(), name="completeness"),
    path("bao-cao/tong-hop.docx", views.ConsolidatedReportView.as_view(), name="consolidated_report"),
    path("bao-cao/<int:period_pk>/<int:unit_pk>/", views.ReportView.as_view(), name="report"),
    path("bao-cao/<int:period_pk>/<int:unit_pk>/duyet/", views.ApproveView.as_view(), name="report_approve"),
    path("bao-cao/<int:period_pk>/<int:unit_pk>/tra-lai/", views.ReturnView.as_view(), name="report_return"),
    path("bao-cao/<int:period_pk>/<int:unit_pk>/mo-lai/", views.ReopenView.as_view(), name="report_reopen"),
    path("bao-cao/<int:period_pk>/<int:unit_pk>/gia-han/", views.ExtendView.as_view(), name="report_extend"),
]
