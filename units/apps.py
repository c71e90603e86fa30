from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    """Administrative units over time, their successions, officers' scopes and the governing body."""

    name = "units"
    verbose_name = _("Administrative units")
