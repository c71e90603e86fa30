"""Covering indexes for the dashboard (issue 4): counting models per unit and field, or per
year and field, reads only the index (PostgreSQL; on SQLite `include` is not supported and
Django skips these indexes, the plain ones of 0001 serve)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("models_registry", "0003_importjob"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="mobilizationmodel",
            index=models.Index(
                fields=["unit", "field"],
                include=["year_started", "recognition_year", "kind", "is_published"],
                name="model_dashboard_unit_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="mobilizationmodel",
            index=models.Index(
                fields=["year_started", "field"],
                include=["unit", "recognition_year", "kind", "is_published"],
                name="model_dashboard_year_idx",
            ),
        ),
    ]
