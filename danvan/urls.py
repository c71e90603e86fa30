from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from dashboard.views import NotificationsReadView, home

admin.site.site_header = _("Dân vận khéo — administration")
admin.site.site_title = _("Dân vận khéo")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", home, name="home"),
    path("thong-bao/da-doc/", NotificationsReadView.as_view(), name="notifications_read"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(next_page="home"), name="logout"),
    path("", include("models_registry.urls")),
    path("", include("surveys.urls")),
    path("", include("reports.urls")),
    path("admin/", admin.site.urls),
    path("nhap-xuat/", include("imports.urls")),
    path("thong-ke/", include("dashboard.urls")),
    path("van-ban/", include("documents.urls")),
]
