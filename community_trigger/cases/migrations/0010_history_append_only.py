"""A case's events and due date changes are append-only in the database, and keep what they describe."""

import django.db.models.deletion
from django.db import migrations, models

from community_trigger.common.db import AppendOnlyTriggers


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_due_date_changes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="caseevent",
            name="application",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="events", to="cases.application"
            ),
        ),
        migrations.AlterField(
            model_name="duedatechange",
            name="request",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="due_date_changes",
                to="cases.informationrequest",
            ),
        ),
        AppendOnlyTriggers("CaseEvent"),
        AppendOnlyTriggers("DueDateChange"),
    ]
