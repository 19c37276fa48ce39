"""The database refuses a state or involvement the procedure does not know, a meeting recorded before it
started, a plan commented on or made final before it was shared, and an escalation half decided."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0008_plan_comments_timescale"),
        ("cases", "0011_known_states_and_date_order"),
        ("reviews", "0004_panel_seats_and_unanswered_reason"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="escalation",
            constraint=models.CheckConstraint(
                condition=models.Q(("about__in", ["application", "review"])),
                name="reviews_escalation_about_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="escalation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "escalated_from__in",
                        [
                            "received",
                            "acknowledged",
                            "threshold_met",
                            "threshold_not_met",
                            "discretionary_review",
                            "information_requested",
                            "review_scheduled",
                            "review_held",
                            "outcome_sent",
                            "escalated",
                            "closed",
                            "withdrawn",
                        ],
                    )
                ),
                name="reviews_escalation_escalated_from_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="escalation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("decided_at__isnull", True), ("upheld__isnull", True)),
                    models.Q(
                        ("decided_at__gte", models.F("requested_at")),
                        ("decided_at__isnull", False),
                        ("upheld__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="escalation_decided_with_its_decision",
            ),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "victim_involvement__in",
                        ["attending", "written_statement", "declined", "invited", "not_invited"],
                    )
                ),
                name="reviews_meeting_victim_involvement_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("held", False), ("recorded_at__isnull", True)),
                    models.Q(
                        ("held", True),
                        ("recorded_at__gte", models.F("starts_at")),
                        ("recorded_at__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="meeting_recorded_once_held",
            ),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("comments_recorded_at__isnull", True),
                    models.Q(
                        ("comments_recorded_at__gte", models.F("plan_shared_at")),
                        ("plan_shared_at__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="meeting_comments_after_plan_shared",
            ),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("plan_final_at__isnull", True),
                    models.Q(
                        ("plan_final_at__gte", models.F("plan_shared_at")), ("plan_shared_at__isnull", False)
                    ),
                    _connector="OR",
                ),
                name="meeting_plan_final_after_shared",
            ),
        ),
        migrations.AddConstraint(
            model_name="recommendation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status__in", ["proposed", "accepted", "declined", "in_progress", "done"])
                ),
                name="reviews_recommendation_status_known",
            ),
        ),
    ]
