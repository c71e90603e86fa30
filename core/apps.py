"""The shared package's configuration, and those of third-party apps that need a word of ours."""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from core import history
from core.collation import register_sqlite_collation


class CoreConfig(AppConfig):
    """The shared package: change history kept to real changes, Vietnamese collation on SQLite."""

    default = True
    name = "core"

    def ready(self):
        history.connect()
        connection_created.connect(register_sqlite_collation, dispatch_uid="danvan_vi_collation")


class LoginAttemptsConfig(AxesAppConfig):
    """django-axes (login throttling, see core/login_throttle.py), named in Vietnamese in the admin."""

    verbose_name = _("Login attempts")
