from django.apps import AppConfig
from django.db.models.signals import pre_migrate
from django.utils.translation import gettext_lazy as _

from imports import registry, schedules
from imports.progress import refuse_to_migrate_first


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Import and export")

    def ready(self):
        registry.discover()
        schedules.discover()
        pre_migrate.connect(refuse_to_migrate_first, dispatch_uid="danvan_progress_migrate_first")
