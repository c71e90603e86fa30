from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The home page and the statistics under /thong-ke/ (no models of its own)."""

    name = "dashboard"
    verbose_name = _("Statistics")
