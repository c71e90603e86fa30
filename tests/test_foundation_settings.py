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
    """manage.py in a clean environment; no .env file is read unless DANVAN_ENV_FILE names one."""
    clean = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, "DANVAN_ENV_FILE": "", **env},
        capture_output=True, text=True, check=False,
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


def print_setting(name, **env):
    return manage("shell", "-c", f"from django.conf import settings; print(settings.{name})", **env)


def test_a_local_env_file_gives_the_development_settings(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=true\nSECRET_KEY=development-key-from-the-env-file\n")
    result = print_setting("SECRET_KEY", DANVAN_ENV_FILE=str(env_file))
    assert result.stdout.splitlines()[-1] == "development-key-from-the-env-file", result.stderr


def test_the_environment_wins_over_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=true\nSECRET_KEY=development-key-from-the-env-file\n")
    result = print_setting("DEBUG", **production_env(DANVAN_ENV_FILE=str(env_file)))
    assert result.stdout.splitlines()[-1] == "False", result.stderr


def test_the_progress_database_is_a_file_beside_sqlites_and_the_same_postgresql_database():
    code = ("from django.conf import settings; d = settings.DATABASES; "
            "print(d['progress']['NAME'], d['progress']['ENGINE'], d['default']['OPTIONS'].get('transaction_mode'))")
    sqlite = manage("shell", "-c", code, **production_env(DATABASE_URL="sqlite:////srv/danvan/data.sqlite3"))
    printed = sqlite.stdout.splitlines()[-1].split()
    assert printed == ["/srv/danvan/data-progress.sqlite3", "django.db.backends.sqlite3", "IMMEDIATE"]
    postgresql = manage("shell", "-c", code, **production_env(DATABASE_URL="postgres://u@db.example.vn:5432/danvan"))
    printed = postgresql.stdout.splitlines()[-1].split()
    assert printed == ["danvan", "django.db.backends.postgresql", "None"], postgresql.stderr


def test_a_lease_shorter_than_five_heartbeats_is_refused():
    result = manage("check", **production_env(IMPORT_HEARTBEAT_SECONDS="10", IMPORT_LEASE_SECONDS="30"))
    assert result.returncode != 0
    assert "IMPORT_LEASE_SECONDS must be at least 5 times IMPORT_HEARTBEAT_SECONDS" in result.stderr


def test_cache_url_puts_both_caches_in_redis_and_without_it_each_process_keeps_its_own():
    code = ("from django.conf import settings; "
            "print(*[(c['BACKEND'].rsplit('.', 1)[-1], c.get('LOCATION')) for c in settings.CACHES.values()])")
    shared = manage("shell", "-c", code, **production_env(CACHE_URL="redis://127.0.0.1:6379/1"))
    assert shared.stdout.splitlines()[-1] == \
        "('RedisCache', 'redis://127.0.0.1:6379/1') ('RedisCache', 'redis://127.0.0.1:6379/1')", shared.stderr
    local = manage("shell", "-c", code, **production_env())
    assert local.stdout.splitlines()[-1] == "('LocMemCache', None) ('LocMemCache', 'dashboard')", local.stderr


def test_a_malformed_cache_url_stops_the_server():
    for url in ["memcached://127.0.0.1:11211", "redis://127.0.0.1:6379/one", "redis://127.0.0.1:port/1", "redis://"]:
        result = manage("check", **production_env(CACHE_URL=url))
        assert result.returncode != 0, url
        assert "CACHE_URL" in result.stderr and "ImproperlyConfigured" in result.stderr, url
