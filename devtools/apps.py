from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Development tools: the demo data, the dashboard benchmark and the file generators (commands only)."""

    name = "devtools"
