"""A session's unit is now units.AdministrativeUnit (state only: same table, same column)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0004_search_text_place_names'),
        ('units', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name='historicalsurveysession',
                name='unit',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.administrativeunit', verbose_name='surveyed unit'),
            ),
            migrations.AlterField(
                model_name='surveysession',
                name='unit',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='survey_sessions', to='units.administrativeunit', verbose_name='surveyed unit'),
            ),
        ]),
    ]
