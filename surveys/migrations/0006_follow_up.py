"""Follow-up of conclusions and requests: the unit a request is addressed to, and dated progress
notes. The single follow-up note a request had becomes its first progress note."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def notes_from_follow_up_note(apps, schema_editor):
    Recommendation = apps.get_model("surveys", "Recommendation")
    ProgressNote = apps.get_model("surveys", "ProgressNote")
    ProgressNote.objects.bulk_create(
        ProgressNote(recommendation_id=pk, text=note, status=status)
        for pk, note, status in Recommendation.objects.exclude(follow_up_note="").values_list(
            "pk", "follow_up_note", "follow_up_status")
    )


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0005_unit_moved_to_units'),
        ('units', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ProgressNote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField(verbose_name='progress note')),
                ('status', models.CharField(choices=[('open', 'open'), ('in_progress', 'in progress'), ('done', 'done')], max_length=12, verbose_name='follow-up status')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date')),
            ],
            options={
                'verbose_name': 'progress note',
                'verbose_name_plural': 'progress notes',
                'ordering': ['created_at', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='historicalrecommendation',
            name='responsible_unit',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The officers of this unit update the status and add progress notes.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.administrativeunit', verbose_name='responsible unit (follows up)'),
        ),
        migrations.AddField(
            model_name='recommendation',
            name='responsible_unit',
            field=models.ForeignKey(blank=True, help_text='The officers of this unit update the status and add progress notes.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='recommendations', to='units.administrativeunit', verbose_name='responsible unit (follows up)'),
        ),
        migrations.AlterField(
            model_name='historicalrecommendation',
            name='responsible',
            field=models.CharField(blank=True, help_text='As the conclusion names it, e.g. Huyện ủy Cẩm Xuyên.', max_length=300, verbose_name='responsible unit or organisation'),
        ),
        migrations.AlterField(
            model_name='recommendation',
            name='responsible',
            field=models.CharField(blank=True, help_text='As the conclusion names it, e.g. Huyện ủy Cẩm Xuyên.', max_length=300, verbose_name='responsible unit or organisation'),
        ),
        migrations.AddIndex(
            model_name='recommendation',
            index=models.Index(fields=['responsible_unit', 'due_date'], name='recommendation_unit_due_idx'),
        ),
        migrations.AddField(
            model_name='progressnote',
            name='created_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='written by'),
        ),
        migrations.AddField(
            model_name='progressnote',
            name='recommendation',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='progress_notes', to='surveys.recommendation', verbose_name='conclusion and request'),
        ),
        migrations.AddConstraint(
            model_name='progressnote',
            constraint=models.CheckConstraint(condition=models.Q(('text', ''), _negated=True), name='progress_note_not_empty'),
        ),
        migrations.RunPython(notes_from_follow_up_note, migrations.RunPython.noop),
    ]
