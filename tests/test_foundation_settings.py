"""Settings come from the environment, strictly; production settings pass `check --deploy`."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# What the test process itself may carry (browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
NOT_INHERITED = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True,
        check=False,
    )


def production_env(**extra):
    return {"DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": "danvan.example.vn", **extra}


def test_production_settings_pass_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DEBUG="false", ALLOWED_HOSTS="danvan.example.vn")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_malformed_boolean_is_an_error_not_a_guess():
    result = manage("check", **production_env(DEBUG="maybe"))
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_database_url_other_than_sqlite_or_postgresql_is_refused():
    result = manage("check", **production_env(DATABASE_URL="mysql://root@127.0.0.1/test"))
    assert result.returncode != 0
    assert "DATABASE_URL must point at SQLite or PostgreSQL" in result.stderr


def test_database_url_selects_postgresql():
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = manage("shell", "-c", code, **production_env(DATABASE_URL="postgres://u@db.example.vn:5432/danvan"))
    assert result.stdout.strip().endswith("django.db.backends.postgresql"), result.stderr
