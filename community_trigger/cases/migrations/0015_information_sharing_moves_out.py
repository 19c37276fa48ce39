"""Information requests, answers and due date changes move to their own app (community_trigger.sharing).

Only Django's record of the models moves: the tables keep their names and rows, and the append-only
triggers on the due date changes stay where they are. The sharing app's first migration takes the
models up, with the same tables.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0014_events_have_kinds_and_facts'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='duedatechangewords',
                    name='change',
                ),
                migrations.RemoveField(
                    model_name='informationrequest',
                    name='agency',
                ),
                migrations.RemoveField(
                    model_name='informationrequest',
                    name='application',
                ),
                migrations.RemoveField(
                    model_name='informationrequest',
                    name='requested_by',
                ),
                migrations.RemoveField(
                    model_name='informationresponse',
                    name='request',
                ),
                migrations.RemoveField(
                    model_name='informationresponse',
                    name='answered_by',
                ),
                migrations.RemoveField(
                    model_name='reportcheck',
                    name='response',
                ),
                migrations.RemoveField(
                    model_name='reportcheck',
                    name='report',
                ),
                migrations.DeleteModel(
                    name='DueDateChange',
                ),
                migrations.DeleteModel(
                    name='DueDateChangeWords',
                ),
                migrations.DeleteModel(
                    name='InformationRequest',
                ),
                migrations.DeleteModel(
                    name='InformationResponse',
                ),
                migrations.DeleteModel(
                    name='ReportCheck',
                ),
            ],
        ),
    ]
