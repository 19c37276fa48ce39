"""The audit log is append-only in the database."""

from django.db import migrations

from community_trigger.common.db import AppendOnlyTriggers


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_actor_at_the_time"),
    ]

    operations = [
        AppendOnlyTriggers("AuditEntry"),
    ]
