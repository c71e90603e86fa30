from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import pre_migrate
from django.utils.translation import gettext_lazy as _


class ModelsRegistryConfig(AppConfig):
    name = "models_registry"
    verbose_name = _("Registry of models")

    def ready(self):
        from danvan import history
        from danvan.collation import register_sqlite_collation
        from models_registry import signals  # noqa: F401  (keeps the records' place names up to date)
        from models_registry.importers.progress import refuse_to_migrate_first

        history.connect()
        connection_created.connect(register_sqlite_collation, dispatch_uid="danvan_vi_collation")
        pre_migrate.connect(refuse_to_migrate_first, dispatch_uid="danvan_progress_migrate_first")
