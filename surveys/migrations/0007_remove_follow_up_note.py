"""The single follow-up note of a request is gone: 0006 made it the first progress note. (Apart
from 0006, so that on PostgreSQL no table is altered in the transaction that wrote the notes.)"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0006_follow_up'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalrecommendation',
            name='follow_up_note',
        ),
        migrations.RemoveField(
            model_name='recommendation',
            name='follow_up_note',
        ),
    ]
