"""Configurations of third-party apps that need a word of ours."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class LoginAttemptsConfig(AxesAppConfig):
    """django-axes (login throttling, see danvan/login_throttle.py), named in Vietnamese in the admin."""

    verbose_name = _("Login attempts")
