"""What `make prod-check` (scripts/prod_check.py) takes from the README, checked in the fast suite.

The check itself (a clone, PostgreSQL, gunicorn) runs in CI as `make prod-check`; this keeps the
contract between it and the README's "Deploying" section visible in `make test`.
"""

import importlib.util

import pytest
from django.conf import settings

README = (settings.BASE_DIR / "README.md").read_text()


@pytest.fixture(scope="module")
def prod_check():
    spec = importlib.util.spec_from_file_location("prod_check", settings.BASE_DIR / "scripts" / "prod_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_deploy_block_is_found_and_only_its_values_lines_change(prod_check):
    block = prod_check.deploy_block(README)
    ours = prod_check.with_values(block, {"SITE": "x.test", "DB_URL": "postgres://u@h/d", "PORT": "9",
                                          "CACHE": "redis://h:6379/2"})
    changed = [(a, b) for a, b in zip(block.splitlines(), ours.splitlines(), strict=True) if a != b]
    assert [b for _a, b in changed] == ["SITE=x.test", "DB_URL=postgres://u@h/d", "PORT=9", "CACHE=redis://h:6379/2"]


def test_the_deploy_block_does_what_a_production_site_needs(prod_check):
    block = prod_check.deploy_block(README)
    for step in [
        "make setup", "DEBUG=false", "SECRET_KEY=$(", "ALLOWED_HOSTS=$SITE", "CSRF_TRUSTED_ORIGINS=https://$SITE",
        "DATABASE_URL=$DB_URL", "CACHE_URL=$CACHE", "manage.py check --deploy", "manage.py migrate",
        "manage.py collectstatic --noinput", "manage.py createsuperuser", "--workers 4",
        "manage.py start_schedules", "manage.py db_worker --no-reload &",
    ]:
        assert step in block


def test_the_proxy_accepts_the_import_pages_10_mb(prod_check):
    assert "client_max_body_size 12m;" in README
    assert "X-Forwarded-Proto" in README and "SECURE_SSL_REDIRECT=false" in README


def test_a_missing_values_line_fails_the_check(prod_check):
    block = prod_check.deploy_block(README).replace("PORT=", "GUNICORN_PORT=")
    with pytest.raises(prod_check.CheckFailed, match="PORT="):
        prod_check.with_values(block, {"SITE": "x", "DB_URL": "y", "PORT": "1"})


def test_the_check_drives_an_import_through_the_task_worker(prod_check):
    assert prod_check.check_task_worker_import in prod_check.CHECKS
    assert prod_check.CHECKS.index(prod_check.check_admin_login) < prod_check.CHECKS.index(
        prod_check.check_task_worker_import)  # it uploads in the administrator's session
