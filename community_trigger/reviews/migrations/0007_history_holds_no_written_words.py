"""The meeting changes and recommendation moves no longer hold the words written about them (they are
beside them since the previous migration). On SQLite dropping a column remakes the table, which drops
its triggers: the last operations make them again."""

from django.db import migrations

from community_trigger.common.db import AppendOnlyTriggers


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0006_history_words_beside_changes"),
    ]

    operations = [
        migrations.RemoveField(model_name="meetingchange", name="reason"),
        migrations.RemoveField(model_name="recommendationupdate", name="note"),
        AppendOnlyTriggers("meetingchange"),
        AppendOnlyTriggers("recommendationupdate"),
    ]
