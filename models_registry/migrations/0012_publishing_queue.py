"""The publishing queue: a model is a draft, awaiting approval, returned or published (exactly
when `is_published`). The models published before are published.

SQLite adds the new NOT NULL column and the CHECK constraint by rebuilding the table, which drops
its triggers: the data-version triggers of surveys/0002 are created again at the end (as
surveys/0003 does), or the dashboard's cache would keep serving counts from before a write."""

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.migration_sql import run_sql_by_vendor

REBUILT = "models_registry_mobilizationmodel"


def _sqlite_data_version_triggers():
    data_version = importlib.import_module("surveys.migrations.0002_data_version")
    drop = [sql for sql in data_version.SQLITE_BACKWARD if REBUILT in sql]
    create = [sql for sql in data_version.SQLITE_FORWARD if f" ON {REBUILT} " in sql]
    return drop + create


def published_are_approved(apps, schema_editor):
    apps.get_model("models_registry", "MobilizationModel").objects.filter(is_published=True).update(
        review_status="published")


class Migration(migrations.Migration):

    dependencies = [
        ('models_registry', '0011_units_and_import_jobs_moved_out'),
        ('surveys', '0002_data_version'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalmobilizationmodel',
            name='review_comment',
            field=models.TextField(blank=True, editable=False, help_text='Why the province returned the model.', verbose_name="reviewer's comment"),
        ),
        migrations.AddField(
            model_name='historicalmobilizationmodel',
            name='review_status',
            field=models.CharField(choices=[('draft', 'draft'), ('pending', 'awaiting approval'), ('returned', 'returned'), ('published', 'published')], default='draft', editable=False, max_length=10, verbose_name='approval'),
        ),
        migrations.AddField(
            model_name='historicalmobilizationmodel',
            name='submitted_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='sent for approval at'),
        ),
        migrations.AddField(
            model_name='historicalmobilizationmodel',
            name='submitted_by',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='sent for approval by'),
        ),
        migrations.AddField(
            model_name='mobilizationmodel',
            name='review_comment',
            field=models.TextField(blank=True, editable=False, help_text='Why the province returned the model.', verbose_name="reviewer's comment"),
        ),
        migrations.AddField(
            model_name='mobilizationmodel',
            name='review_status',
            field=models.CharField(choices=[('draft', 'draft'), ('pending', 'awaiting approval'), ('returned', 'returned'), ('published', 'published')], default='draft', editable=False, max_length=10, verbose_name='approval'),
        ),
        migrations.AddField(
            model_name='mobilizationmodel',
            name='submitted_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='sent for approval at'),
        ),
        migrations.AddField(
            model_name='mobilizationmodel',
            name='submitted_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='sent for approval by'),
        ),
        migrations.AddIndex(
            model_name='mobilizationmodel',
            index=models.Index(fields=['review_status', 'unit'], name='model_review_idx'),
        ),
        migrations.RunPython(published_are_approved, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='mobilizationmodel',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('is_published', True), ('review_status', 'published')), models.Q(('is_published', False), ('review_status__in', ['draft', 'pending', 'returned'])), _connector='OR'), name='model_published_when_approved'),
        ),
        run_sql_by_vendor({"sqlite": _sqlite_data_version_triggers()}, {}),
    ]
