"""Strict readers of the environment.

A value that is present but malformed raises ImproperlyConfigured instead of being
guessed at: a typo in production must stop the server, not silently fall back.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

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


def env_redis_url(name: str) -> str | None:
    """A Redis URL (redis://host:port/db, rediss:// for TLS, unix:///path.sock?db=N), or None when unset.

    Checked here, not on the first request: a typo must stop the server at start."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return None
    url = raw.strip()
    try:
        parts = urlsplit(url)
        port, db = parts.port, parts.path.strip("/")
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a valid URL: {raw!r}") from exc
    if parts.scheme not in ("redis", "rediss", "unix"):
        raise ImproperlyConfigured(f"{name} must start with redis://, rediss:// or unix://, not {raw!r}")
    if parts.scheme != "unix" and (not parts.hostname or port == 0 or (db and not db.isdigit())):
        raise ImproperlyConfigured(f"{name} must look like redis://host:port/db (db a number), not {raw!r}")
    if parts.scheme == "unix" and not parts.path:
        raise ImproperlyConfigured(f"{name} must name the socket: unix:///path/to/redis.sock, not {raw!r}")
    return url


def load_env_file(default: Path) -> None:
    """Read KEY=value lines of a local env file into the environment, never over what is set.

    `make run` writes `.env` (DEBUG=true, a generated SECRET_KEY) so that every `manage.py`
    command in a development checkout works as the README and docs/ write it. DANVAN_ENV_FILE
    names another file; set to an empty value, no file is read.
    """
    path = os.environ.get("DANVAN_ENV_FILE", str(default))
    if path:
        load_dotenv(path, override=False)
