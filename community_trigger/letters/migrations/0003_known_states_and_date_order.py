"""The database refuses a letter kind or delivery the product does not know, and a letter sent before
it was made."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_known_states_and_date_order"),
        ("letters", "0002_review_letters_and_their_times"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="letter",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "acknowledgement",
                            "threshold_decision",
                            "meeting",
                            "action_plan",
                            "outcome",
                            "escalation_decision",
                        ],
                    )
                ),
                name="letters_letter_kind_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="letter",
            constraint=models.CheckConstraint(
                condition=models.Q(("delivery__in", ["email", "post"])), name="letters_letter_delivery_known"
            ),
        ),
        migrations.AddConstraint(
            model_name="letter",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("sent_at__isnull", True), ("sent_at__gte", models.F("created_at")), _connector="OR"
                ),
                name="letter_sent_not_before_made",
            ),
        ),
    ]
