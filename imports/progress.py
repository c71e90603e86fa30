"""The progress channel of import jobs: the "progress" database connection (docs/tasks.md).

An import writes its rows in one transaction, so anything it writes through its own connection
stays invisible to the pages until the end. Its progress and heartbeat (ImportProgress) go
through a second connection instead, `settings.DATABASES["progress"]`:

- PostgreSQL: the same database, a second connection. The table is migrated with the others by
  `migrate`; `migrate --database progress` has nothing left to do after it (and refuses to run
  before it: see `refuse_to_migrate_first`).
- SQLite: the import's transaction holds the file's only write lock, so a second connection to
  the same file would wait for it. The progress table lives in a small file of its own
  (db-progress.sqlite3, beside db.sqlite3), the only table there: `migrate --database progress`.
"""

from django.conf import settings
from django.core.management import CommandError
from django.utils.translation import gettext as _

PROGRESS = "progress"
# By its label, not its class: this module is read by the app's configuration, before the models.
PROGRESS_MODEL = "imports.importprogress"


def separate_database() -> bool:
    """Is the progress table in a database of its own (SQLite), not beside the others?"""
    return settings.DATABASES[PROGRESS]["ENGINE"] == "django.db.backends.sqlite3"


def is_progress(app_label: str, model_name: str | None) -> bool:
    return f"{app_label}.{model_name}" == PROGRESS_MODEL


class ProgressRouter:
    """ImportProgress is read and written through the "progress" connection, everything else
    through "default". With a separate progress database, each table is created only in its own."""

    def db_for_read(self, model, **hints):
        return PROGRESS if model._meta.label_lower == PROGRESS_MODEL else None

    db_for_write = db_for_read

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if separate_database():
            return (db == PROGRESS) == is_progress(app_label, model_name)
        # One database: migrated through "default" only. (Through both at once, a data migration
        # that queries through "default" would wait for the schema lock "progress" holds.)
        return db != PROGRESS


def refuse_to_migrate_first(sender, using, plan, **kwargs):
    """pre_migrate: on one shared database, `migrate --database progress` creates nothing but
    records each migration as applied in the one django_migrations table. Run before `migrate`,
    it would leave `migrate` nothing to do and the database without its tables: refuse."""
    if using == PROGRESS and plan and not separate_database():
        raise CommandError(_("The progress database is the main database here: run “manage.py migrate” first."))
