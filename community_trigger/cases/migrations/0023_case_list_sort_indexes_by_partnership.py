"""The case list's sorts within one partnership, each read in order from an index."""

from django.db import migrations, models
from django.db.models import F

from community_trigger.common.db import OnPostgreSQL


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0022_case_list_sort_indexes'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['partnership', 'due_by', 'submitted_at', 'id'], name='case_p_due_sort'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['partnership', 'submitted_at', 'id'], name='case_p_received_sort'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['partnership', 'state', 'id'], name='case_p_state_sort'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['partnership', 'reference', 'id'], name='case_p_reference_sort'),
        ),
        # Latest deadline first with the cases that have none last: an order SQLite cannot index.
        OnPostgreSQL(
            migrations.AddIndex(
                model_name='application',
                index=models.Index(
                    F('partnership'),
                    F('due_by').desc(nulls_last=True),
                    F('submitted_at').desc(),
                    F('id').desc(),
                    name='case_p_due_sort_reversed',
                ),
            )
        ),
    ]
