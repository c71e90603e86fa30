"""Import jobs move here from models_registry (state only: the table keeps its name; see
docs/architecture.md). `kind` is checked against the apps' registered kinds, not fixed choices."""

import django.db.models.deletion
import imports.models
from django.conf import settings
from django.db import migrations, models

from core.migration_sql import move_content_types


MOVED = ['importjob']


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("models_registry", "0010_ui_terms"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='ImportJob',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(max_length=10, validators=[imports.models.registered_kind], verbose_name='kind')),
                    ('file_name', models.CharField(max_length=255, verbose_name='file name')),
                    ('content', models.BinaryField(verbose_name='file content')),
                    ('status', models.CharField(choices=[('checking', 'checking'), ('checked', 'checked, waiting for confirmation'), ('refused', 'refused'), ('importing', 'importing'), ('done', 'imported'), ('failed', 'failed')], default='checking', max_length=10, verbose_name='status')),
                    ('total', models.PositiveIntegerField(default=0, verbose_name='rows')),
                    ('processed', models.PositiveIntegerField(default=0, verbose_name='rows processed')),
                    ('result', models.JSONField(blank=True, default=dict, verbose_name='result')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                    ('started_at', models.DateTimeField(blank=True, help_text='When its check, or its import, began.', null=True, verbose_name='started at')),
                    ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                    ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ],
                options={
                    'verbose_name': 'import job',
                    'verbose_name_plural': 'import jobs',
                    'db_table': 'models_registry_importjob',
                    'ordering': ['-created_at'],
                    'indexes': [models.Index(fields=['status', 'started_at'], name='importjob_running_idx')],
                },
            ),
        ]),
        move_content_types("models_registry", "imports", MOVED),
    ]
