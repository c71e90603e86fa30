"""Units, successions, officer profiles and the governing body's names move here from models_registry
(state only: the tables, with their history tables, keep their names; see docs/architecture.md)."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from core.migration_sql import move_content_types


MOVED = ['administrativeunit', 'unitsuccession', 'officerprofile', 'governingbody', 'historicaladministrativeunit', 'historicalunitsuccession', 'historicalgoverningbody']


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
                name='AdministrativeUnit',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=200, verbose_name='name')),
                    ('code', models.CharField(help_text='Code of the General Statistics Office (NSO/GSO). Unique only among units valid at the same time.', max_length=10, verbose_name='official code')),
                    ('level', models.CharField(choices=[('province', 'Province level'), ('district', 'District level'), ('commune', 'Commune level')], max_length=10, verbose_name='level')),
                    ('kind', models.CharField(choices=[('tinh', 'province'), ('thanh_pho_tw', 'centrally-run city'), ('thanh_pho', 'city'), ('thi_xa', 'town'), ('huyen', 'rural district'), ('quan', 'urban district'), ('xa', 'commune'), ('phuong', 'ward'), ('thi_tran', 'township'), ('dac_khu', 'special zone')], max_length=20, verbose_name='kind')),
                    ('valid_from', models.DateField(blank=True, help_text='Empty: existed before our records begin.', null=True, verbose_name='valid from')),
                    ('valid_until', models.DateField(blank=True, help_text='Empty: still valid.', null=True, verbose_name='valid until')),
                    ('search_text', models.CharField(db_index=True, default='', editable=False, max_length=300, verbose_name='search text')),
                    ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='units.administrativeunit', verbose_name='parent unit')),
                ],
                options={
                    'verbose_name': 'administrative unit',
                    'verbose_name_plural': 'administrative units',
                    'db_table': 'models_registry_administrativeunit',
                    'ordering': ['level', 'name', 'valid_from'],
                },
            ),
            migrations.CreateModel(
                name='GoverningBody',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('valid_from', models.DateField(help_text="The day this name took effect; it ends the day before the next one's.", verbose_name='valid from')),
                    ('full_name', models.CharField(help_text='E.g. Ban Dân vận Tỉnh ủy Hà Tĩnh.', max_length=200, verbose_name='full name')),
                    ('short_name', models.CharField(help_text='E.g. Ban Dân vận Tỉnh ủy.', max_length=150, verbose_name='short name')),
                    ('abbreviation', models.CharField(help_text='Used in document numbers, e.g. BDVTU in “29-BC/BDVTU”.', max_length=30, verbose_name='abbreviation')),
                    ('parent_body', models.CharField(help_text='E.g. Tỉnh ủy Hà Tĩnh.', max_length=200, verbose_name='parent body')),
                    ('province_name', models.CharField(help_text='The province as documents name it in the place and date line, e.g. Hà Tĩnh.', max_length=100, verbose_name='place name')),
                ],
                options={
                    'verbose_name': 'name of the governing body',
                    'verbose_name_plural': 'names of the governing body',
                    'db_table': 'models_registry_governingbody',
                    'ordering': ['valid_from'],
                    'constraints': [models.UniqueConstraint(fields=('valid_from',), name='governing_body_unique_start', violation_error_message='Another name of the governing body takes effect on this day.')],
                },
            ),
            migrations.CreateModel(
                name='HistoricalAdministrativeUnit',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('name', models.CharField(max_length=200, verbose_name='name')),
                    ('code', models.CharField(help_text='Code of the General Statistics Office (NSO/GSO). Unique only among units valid at the same time.', max_length=10, verbose_name='official code')),
                    ('level', models.CharField(choices=[('province', 'Province level'), ('district', 'District level'), ('commune', 'Commune level')], max_length=10, verbose_name='level')),
                    ('kind', models.CharField(choices=[('tinh', 'province'), ('thanh_pho_tw', 'centrally-run city'), ('thanh_pho', 'city'), ('thi_xa', 'town'), ('huyen', 'rural district'), ('quan', 'urban district'), ('xa', 'commune'), ('phuong', 'ward'), ('thi_tran', 'township'), ('dac_khu', 'special zone')], max_length=20, verbose_name='kind')),
                    ('valid_from', models.DateField(blank=True, help_text='Empty: existed before our records begin.', null=True, verbose_name='valid from')),
                    ('valid_until', models.DateField(blank=True, help_text='Empty: still valid.', null=True, verbose_name='valid until')),
                    ('search_text', models.CharField(db_index=True, default='', editable=False, max_length=300, verbose_name='search text')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('parent', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.administrativeunit', verbose_name='parent unit')),
                ],
                options={
                    'verbose_name': 'historical administrative unit',
                    'verbose_name_plural': 'historical administrative units',
                    'db_table': 'models_registry_historicaladministrativeunit',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.CreateModel(
                name='HistoricalGoverningBody',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('valid_from', models.DateField(help_text="The day this name took effect; it ends the day before the next one's.", verbose_name='valid from')),
                    ('full_name', models.CharField(help_text='E.g. Ban Dân vận Tỉnh ủy Hà Tĩnh.', max_length=200, verbose_name='full name')),
                    ('short_name', models.CharField(help_text='E.g. Ban Dân vận Tỉnh ủy.', max_length=150, verbose_name='short name')),
                    ('abbreviation', models.CharField(help_text='Used in document numbers, e.g. BDVTU in “29-BC/BDVTU”.', max_length=30, verbose_name='abbreviation')),
                    ('parent_body', models.CharField(help_text='E.g. Tỉnh ủy Hà Tĩnh.', max_length=200, verbose_name='parent body')),
                    ('province_name', models.CharField(help_text='The province as documents name it in the place and date line, e.g. Hà Tĩnh.', max_length=100, verbose_name='place name')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'historical name of the governing body',
                    'verbose_name_plural': 'historical names of the governing body',
                    'db_table': 'models_registry_historicalgoverningbody',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.CreateModel(
                name='HistoricalUnitSuccession',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('whole', 'whole (the entire unit went to this successor)'), ('partial', 'partial (the unit was split among several successors)')], max_length=10, verbose_name='kind of succession')),
                    ('effective_date', models.DateField(blank=True, null=True, verbose_name='effective date')),
                    ('legal_basis', models.CharField(blank=True, help_text='E.g. Nghị quyết 1665/NQ-UBTVQH15.', max_length=200, verbose_name='legal basis')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('predecessor', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.administrativeunit', verbose_name='predecessor')),
                    ('successor', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.administrativeunit', verbose_name='successor')),
                ],
                options={
                    'verbose_name': 'historical unit succession',
                    'verbose_name_plural': 'historical unit successions',
                    'db_table': 'models_registry_historicalunitsuccession',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.CreateModel(
                name='OfficerProfile',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('title', models.CharField(blank=True, max_length=200, verbose_name='job title')),
                    ('scope_unit', models.ForeignKey(help_text='The officer sees and edits data of this unit and the units below it.', on_delete=django.db.models.deletion.PROTECT, related_name='officers', to='units.administrativeunit', verbose_name='scope unit')),
                    ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='officer_profile', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                ],
                options={
                    'verbose_name': 'officer profile',
                    'verbose_name_plural': 'officer profiles',
                    'db_table': 'models_registry_officerprofile',
                },
            ),
            migrations.CreateModel(
                name='UnitSuccession',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('whole', 'whole (the entire unit went to this successor)'), ('partial', 'partial (the unit was split among several successors)')], max_length=10, verbose_name='kind of succession')),
                    ('effective_date', models.DateField(blank=True, null=True, verbose_name='effective date')),
                    ('legal_basis', models.CharField(blank=True, help_text='E.g. Nghị quyết 1665/NQ-UBTVQH15.', max_length=200, verbose_name='legal basis')),
                    ('predecessor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='succession_links', to='units.administrativeunit', verbose_name='predecessor')),
                    ('successor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='predecession_links', to='units.administrativeunit', verbose_name='successor')),
                ],
                options={
                    'verbose_name': 'unit succession',
                    'verbose_name_plural': 'unit successions',
                    'db_table': 'models_registry_unitsuccession',
                },
            ),
            migrations.AddField(
                model_name='administrativeunit',
                name='successors',
                field=models.ManyToManyField(blank=True, related_name='predecessors', through='units.UnitSuccession', through_fields=('predecessor', 'successor'), to='units.administrativeunit', verbose_name='successors'),
            ),
            migrations.AddConstraint(
                model_name='unitsuccession',
                constraint=models.UniqueConstraint(fields=('predecessor', 'successor'), name='succession_unique_pair'),
            ),
            migrations.AddConstraint(
                model_name='unitsuccession',
                constraint=models.CheckConstraint(condition=models.Q(('predecessor', models.F('successor')), _negated=True), name='succession_not_self'),
            ),
            migrations.AddIndex(
                model_name='administrativeunit',
                index=models.Index(fields=['code', 'level'], name='unit_code_level_idx'),
            ),
            migrations.AddConstraint(
                model_name='administrativeunit',
                constraint=models.CheckConstraint(condition=models.Q(('valid_from__isnull', True), ('valid_until__isnull', True), ('valid_from__lte', models.F('valid_until')), _connector='OR'), name='unit_valid_from_before_until', violation_error_message='The end of validity must not be before its start.'),
            ),
            migrations.AddConstraint(
                model_name='administrativeunit',
                constraint=models.CheckConstraint(condition=models.Q(('parent', models.F('id')), _negated=True), name='unit_not_own_parent'),
            ),
            migrations.AddConstraint(
                model_name='administrativeunit',
                constraint=models.UniqueConstraint(fields=('level', 'code', 'valid_from'), name='unit_code_unique_per_start'),
            ),
        ]),
        move_content_types("models_registry", "units", MOVED),
    ]
