from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from imports import registry


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Import and export")

    def ready(self):
        registry.discover()
