"""The search text of every model carries its place names (issue 9, item 19): recompute it
for the rows that exist (saves and imports keep it from now on)."""

from django.db import migrations

from units import places


def refresh_models(apps, schema_editor):
    places.refresh_all(apps, "models_registry.MobilizationModel", ("name", "host_name"))


class Migration(migrations.Migration):

    dependencies = [
        ('models_registry', '0007_importjob_started_at'),
    ]

    operations = [
        migrations.RunPython(refresh_models, migrations.RunPython.noop),
    ]
