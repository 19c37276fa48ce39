"""Meeting changes and recommendation updates are append-only in the database, and keep what they
describe."""

import django.db.models.deletion
from django.db import migrations, models

from community_trigger.common.db import AppendOnlyTriggers


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0002_meeting_changes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="meetingchange",
            name="meeting",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="changes", to="reviews.meeting"
            ),
        ),
        migrations.AlterField(
            model_name="recommendationupdate",
            name="recommendation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="updates",
                to="reviews.recommendation",
            ),
        ),
        AppendOnlyTriggers("MeetingChange"),
        AppendOnlyTriggers("RecommendationUpdate"),
    ]
