"""The search text of every survey session carries its place names (issue 9, item 19):
recompute it for the rows that exist (saves keep it from now on)."""

from django.db import migrations

from units import places


def refresh_sessions(apps, schema_editor):
    places.refresh_all(apps, "surveys.SurveySession", ("title", "head_name"))


class Migration(migrations.Migration):

    dependencies = [
        ('models_registry', '0008_search_text_place_names'),
        ('surveys', '0003_input_bounds'),
    ]

    operations = [
        migrations.RunPython(refresh_sessions, migrations.RunPython.noop),
    ]
