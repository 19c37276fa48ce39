"""The words people wrote about a case's events and due date changes move out of the history rows into
rows of their own beside them, so that they can be removed without touching the history."""

import django.db.models.deletion
from django.db import migrations, models

from community_trigger.common.db import words_moved_beside


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_help_texts_follow_who_sees_and_the_outbox"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseEventWords",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField()),
                (
                    "event",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="words",
                        to="cases.caseevent",
                    ),
                ),
            ],
            options={"abstract": False},
        ),
        migrations.CreateModel(
            name="DueDateChangeWords",
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
                        to="cases.duedatechange",
                    ),
                ),
            ],
            options={"abstract": False},
        ),
        migrations.RunPython(
            words_moved_beside(
                "cases",
                [
            ("CaseEvent", "CaseEventWords", "event", "reason"),
            ("DueDateChange", "DueDateChangeWords", "change", "reason"),
        ],
            ),
            migrations.RunPython.noop,
        ),
    ]
