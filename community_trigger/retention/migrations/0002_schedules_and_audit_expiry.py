"""Every partnership gets its retention schedule (closed cases kept as long as its privacy notice has
said), and the audit table's delete trigger lets through only entries older than the expiry cutoff."""

from typing import Any

from django.db import migrations

from community_trigger.retention.db import expiring_audit_triggers, plain_audit_triggers


def schedules(apps: Any, schema_editor: Any) -> None:
    Partnership = apps.get_model("agencies", "Partnership")
    Schedule = apps.get_model("retention", "RetentionSchedule")
    Schedule.objects.bulk_create(
        Schedule(partnership_id=pk, closed_years=years or 6)
        for pk, years in Partnership.objects.filter(retention_schedule=None).values_list("pk", "retention_years")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0001_initial"),
        ("audit", "0007_document_downloads_and_refusals"),
    ]

    operations = [
        migrations.RunPython(schedules, migrations.RunPython.noop),
        migrations.RunPython(expiring_audit_triggers, plain_audit_triggers),
    ]
