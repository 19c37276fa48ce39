"""The database refuses a state, kind or method the procedure does not know, and an answer or due date
before its request; the case's events stay append-only (on SQLite the new constraints remake their table,
which drops its triggers)."""

import django.db.models.functions.comparison
from django.conf import settings
from django.db import migrations, models

from community_trigger.common.db import AppendOnlyTriggers


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0008_plan_comments_timescale"),
        ("cases", "0010_history_append_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="application",
            constraint=models.CheckConstraint(
                condition=models.Q(("channel__in", ["online", "phone", "post", "email", "in_person"])),
                name="cases_application_channel_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="application",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "state__in",
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
                name="cases_application_state_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="application",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("applicant_role__in", ["victim", "representative", "group_representative"])
                ),
                name="cases_application_applicant_role_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="application",
            constraint=models.CheckConstraint(
                condition=models.Q(("satisfaction__in", ["no_action", "not_satisfied", "satisfied"])),
                name="cases_application_satisfaction_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="application",
            constraint=models.CheckConstraint(
                condition=models.Q(("review_decision__in", ["threshold_met", "discretionary_review", ""])),
                name="cases_application_review_decision_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="caseevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "from_state__in",
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
                            "",
                        ],
                    )
                ),
                name="cases_caseevent_from_state_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="caseevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "to_state__in",
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
                name="cases_caseevent_to_state_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "method__in",
                        [
                            "online",
                            "in_writing",
                            "by_email",
                            "by_phone",
                            "in_person",
                            "confirmed_by_representative",
                        ],
                    )
                ),
                name="cases_consent_method_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="informationrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "due_by__gte",
                        django.db.models.functions.comparison.Cast("requested_at", models.DateField()),
                    )
                ),
                name="information_due_not_before_requested",
            ),
        ),
        migrations.AddConstraint(
            model_name="informationrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("answered_at__isnull", True),
                    ("answered_at__gte", models.F("requested_at")),
                    _connector="OR",
                ),
                name="information_answered_not_before_requested",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(
                condition=models.Q(("role__in", ["applicant", "victim", "member"])),
                name="cases_person_role_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(
                condition=models.Q(("contact_preference__in", ["email", "phone", "post", ""])),
                name="cases_person_contact_preference_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="reportcheck",
            constraint=models.CheckConstraint(
                condition=models.Q(("finding__in", ["found", "not_found", "different"])),
                name="cases_reportcheck_finding_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="thresholddecision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("outcome__in", ["threshold_met", "threshold_not_met", "discretionary_review"])
                ),
                name="cases_thresholddecision_outcome_known",
            ),
        ),
        AppendOnlyTriggers("CaseEvent"),
    ]
