"""Strict readers of the environment.

A value that is present but malformed raises ImproperlyConfigured instead of being
guessed at: a typo in production must stop the server, not silently fall back.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no/on/off, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def load_env_file(default: Path) -> None:
    """Read KEY=value lines of a local env file into the environment, never over what is set.

    `make run` writes `.env` (DEBUG=true, a generated SECRET_KEY) so that every `manage.py`
    command in a development checkout works as the README and docs/ write it. DANVAN_ENV_FILE
    names another file; set to an empty value, no file is read.
    """
    path = os.environ.get("DANVAN_ENV_FILE", str(default))
    if path:
        load_dotenv(path, override=False)
