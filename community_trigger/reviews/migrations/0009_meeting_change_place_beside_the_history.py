"""Where a changed meeting was to be held moves from the append-only change (history) to the words kept
beside it, which anonymisation removes: a meeting may have been arranged at someone's home."""

from typing import Any

from django.db import migrations, models

from community_trigger.common.db import AppendOnlyTriggers


def places_beside(apps: Any, schema_editor: Any) -> None:
    """Copy each change's former place and link to its words (every change has its words row)."""
    MeetingChange = apps.get_model("reviews", "MeetingChange")
    MeetingChangeWords = apps.get_model("reviews", "MeetingChangeWords")
    for pk, place, link in MeetingChange.objects.values_list("pk", "was_place", "was_online_link"):
        MeetingChangeWords.objects.filter(change_id=pk).update(was_place=place, was_online_link=link)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0008_attendance_recommendation_changes_escalation_received_on"),
    ]

    operations = [
        migrations.AddField(
            model_name="meetingchangewords",
            name="was_online_link",
            field=models.URLField(blank=True),
        ),
        migrations.AddField(
            model_name="meetingchangewords",
            name="was_place",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.RunPython(places_beside, migrations.RunPython.noop),
        migrations.RemoveField(model_name="meetingchange", name="was_online_link"),
        migrations.RemoveField(model_name="meetingchange", name="was_place"),
        # SQLite rebuilds the table to drop a column, losing its triggers: put them back.
        AppendOnlyTriggers("meetingchange"),
    ]
