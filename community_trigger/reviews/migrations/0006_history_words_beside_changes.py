"""The words people wrote about a meeting's changes and a recommendation's moves go into rows of their
own beside the history, so that they can be removed without touching it."""

import django.db.models.deletion
from django.db import migrations, models

from community_trigger.common.db import words_moved_beside


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0005_known_states_and_date_order"),
    ]

    operations = [
        migrations.CreateModel(
            name="MeetingChangeWords",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField()),
                (
                    "change",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="words",
                        to="reviews.meetingchange",
                    ),
                ),
            ],
            options={"abstract": False},
        ),
        migrations.CreateModel(
            name="RecommendationUpdateWords",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField()),
                (
                    "update",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="words",
                        to="reviews.recommendationupdate",
                    ),
                ),
            ],
            options={"abstract": False},
        ),
        migrations.RunPython(
            words_moved_beside(
                "reviews",
                [
            ("MeetingChange", "MeetingChangeWords", "change", "reason"),
            ("RecommendationUpdate", "RecommendationUpdateWords", "update", "note"),
        ],
            ),
            migrations.RunPython.noop,
        ),
    ]
