"""The default kinds of report and reporting levels (reports/defaults.py)."""

from django.db import migrations

from reports import defaults


def create_defaults(apps, schema_editor):
    kinds = apps.get_model("reports", "ReportingKind")
    rules = apps.get_model("reports", "ReportingLevelRule")
    for code, name, months, per_year, order in defaults.KINDS:
        kinds.objects.get_or_create(
            code=code, defaults={"name": name, "period_months": months, "periods_per_year": per_year, "order": order}
        )
    for valid_from, level in defaults.LEVEL_RULES:
        rules.objects.get_or_create(valid_from=valid_from, level=level)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
