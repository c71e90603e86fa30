from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

admin.site.site_header = _("Dân vận khéo — administration")
admin.site.site_title = _("Dân vận khéo")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("admin/", admin.site.urls),
    path("thong-ke/", include("surveys.dashboard_urls")),
]
