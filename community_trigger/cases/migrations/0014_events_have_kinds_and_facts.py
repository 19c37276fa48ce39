"""A case event says what kind of change it records, with its facts (ids, dates, flags), and holds no
words a person wrote: those are beside it since the previous migration. Every earlier event was a move.

On SQLite, adding a column with a default and dropping one remake the table, which drops its
triggers: the last operations make them again."""

from django.db import migrations, models

from community_trigger.common.db import AppendOnlyTriggers


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_history_words_beside_events"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="caseevent", name="cases_caseevent_to_state_known"),
        migrations.RemoveField(model_name="caseevent", name="reason"),
        migrations.RemoveField(model_name="duedatechange", name="reason"),
        migrations.AddField(
            model_name="caseevent",
            name="facts",
            field=models.JSONField(
                blank=True, default=dict, help_text="Ids, dates and flags about the change; never free text."
            ),
        ),
        migrations.AddField(
            model_name="caseevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("moved", "Moved on"),
                    ("due_date_changed", "An agency's answer given a new due date"),
                    ("answered", "An agency answered"),
                    ("meeting_changed", "The meeting changed"),
                    ("recommendation_added", "A recommendation added"),
                    ("recommendation_updated", "A recommendation moved on"),
                    ("plan_shared", "The draft action plan sent to the applicant"),
                    ("plan_comments", "The applicant's comments on the plan recorded"),
                    ("plan_final", "The action plan made final"),
                    ("letter_posted", "A letter posted"),
                ],
                default="moved",
                max_length=30,
            ),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="to_state",
            field=models.CharField(
                blank=True,
                choices=[
                    ("received", "Received"),
                    ("acknowledged", "Acknowledged"),
                    ("threshold_met", "Threshold met: a review will be held"),
                    ("threshold_not_met", "Threshold not met"),
                    ("discretionary_review", "A review will be held"),
                    ("information_requested", "Organisations are sharing information"),
                    ("review_scheduled", "Review meeting arranged"),
                    ("review_held", "Review meeting held"),
                    ("outcome_sent", "Outcome sent"),
                    ("escalated", "Being looked at again"),
                    ("closed", "Closed"),
                    ("withdrawn", "Withdrawn"),
                ],
                help_text="Empty for a change that is not a move.",
                max_length=30,
            ),
        ),
        migrations.AddConstraint(
            model_name="caseevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "moved",
                            "due_date_changed",
                            "answered",
                            "meeting_changed",
                            "recommendation_added",
                            "recommendation_updated",
                            "plan_shared",
                            "plan_comments",
                            "plan_final",
                            "letter_posted",
                        ],
                    )
                ),
                name="cases_caseevent_kind_known",
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
                            "",
                        ],
                    )
                ),
                name="cases_caseevent_to_state_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="caseevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "moved"), models.Q(("to_state", ""), _negated=True)),
                    models.Q(
                        models.Q(("kind", "moved"), _negated=True), ("from_state", ""), ("to_state", "")
                    ),
                    _connector="OR",
                ),
                name="case_event_moves_name_their_state",
            ),
        ),
        AppendOnlyTriggers("caseevent"),
        AppendOnlyTriggers("duedatechange"),
    ]
