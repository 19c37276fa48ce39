"""A partnership's retention period now lives in its retention schedule (community_trigger.retention),
which the privacy notice states and the daily sweep applies: the schedules are made from this field
first (retention 0002), then the field goes, so no two places say how long a case is kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0013_partnership_accountability"),
        ("retention", "0002_schedules_and_audit_expiry"),
    ]

    operations = [
        migrations.RemoveField(model_name="partnership", name="retention_years"),
    ]
