from django.urls import path

from surveys import dashboard_views

app_name = "dashboard"

urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
]
