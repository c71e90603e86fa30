"""Units, successions, officer profiles, the governing body's names and import jobs now live in
the apps `units` and `imports` (state only: no table changes; see docs/architecture.md)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('models_registry', '0010_ui_terms'),
        ('units', '0001_initial'),
        ("imports", "0001_initial"),
        ("surveys", "0005_unit_moved_to_units"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveField(
                model_name='administrativeunit',
                name='parent',
            ),
            migrations.RemoveField(
                model_name='administrativeunit',
                name='successors',
            ),
            migrations.RemoveField(
                model_name='historicalunitsuccession',
                name='successor',
            ),
            migrations.RemoveField(
                model_name='unitsuccession',
                name='predecessor',
            ),
            migrations.RemoveField(
                model_name='historicaladministrativeunit',
                name='parent',
            ),
            migrations.RemoveField(
                model_name='historicalunitsuccession',
                name='predecessor',
            ),
            migrations.AlterField(
                model_name='historicalmobilizationmodel_replicated_in',
                name='administrativeunit',
                field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.administrativeunit'),
            ),
            migrations.RemoveField(
                model_name='officerprofile',
                name='scope_unit',
            ),
            migrations.AlterField(
                model_name='historicalmobilizationmodel',
                name='unit',
                field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.administrativeunit', verbose_name='unit'),
            ),
            migrations.AlterField(
                model_name='mobilizationmodel',
                name='unit',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='mobilization_models', to='units.administrativeunit', verbose_name='unit'),
            ),
            migrations.RemoveField(
                model_name='unitsuccession',
                name='successor',
            ),
            migrations.DeleteModel(
                name='GoverningBody',
            ),
            migrations.RemoveField(
                model_name='historicaladministrativeunit',
                name='history_user',
            ),
            migrations.RemoveField(
                model_name='historicalgoverningbody',
                name='history_user',
            ),
            migrations.RemoveField(
                model_name='historicalunitsuccession',
                name='history_user',
            ),
            migrations.RemoveField(
                model_name='importjob',
                name='created_by',
            ),
            migrations.RemoveField(
                model_name='officerprofile',
                name='user',
            ),
            migrations.AlterField(
                model_name='mobilizationmodel',
                name='replicated_in',
                field=models.ManyToManyField(blank=True, related_name='replicated_models', to='units.administrativeunit', verbose_name='replicated in'),
            ),
            migrations.DeleteModel(
                name='AdministrativeUnit',
            ),
            migrations.DeleteModel(
                name='UnitSuccession',
            ),
            migrations.DeleteModel(
                name='HistoricalAdministrativeUnit',
            ),
            migrations.DeleteModel(
                name='HistoricalGoverningBody',
            ),
            migrations.DeleteModel(
                name='HistoricalUnitSuccession',
            ),
            migrations.DeleteModel(
                name='ImportJob',
            ),
            migrations.DeleteModel(
                name='OfficerProfile',
            ),
        ]),
    ]
