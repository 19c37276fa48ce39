"""Published figures are append-only in the database."""

from django.db import migrations

from community_trigger.common.db import AppendOnlyTriggers


class Migration(migrations.Migration):
    dependencies = [
        ("statistics", "0002_counted_events"),
    ]

    operations = [
        AppendOnlyTriggers("PublishedFigures"),
    ]
