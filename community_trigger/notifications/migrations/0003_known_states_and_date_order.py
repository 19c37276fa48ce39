"""The database refuses a message kind or channel the product does not know."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_known_states_and_date_order"),
        ("letters", "0003_known_states_and_date_order"),
        ("notifications", "0002_letters_and_reminders_into_the_outbox"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="message",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "application_received",
                            "resume_link",
                            "information_requested",
                            "information_due_date_changed",
                            "deadline_approaching",
                            "deadline_today",
                            "letter",
                        ],
                    )
                ),
                name="notifications_message_kind_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="message",
            constraint=models.CheckConstraint(
                condition=models.Q(("channel__in", ["email"])), name="notifications_message_channel_known"
            ),
        ),
    ]
