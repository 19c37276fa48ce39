"""The database refuses a figure or year basis the product does not know and a version before 1;
published figures stay append-only (on SQLite the new constraints remake their table, which drops its
triggers)."""

from django.conf import settings
from django.db import migrations, models

from community_trigger.common.db import AppendOnlyTriggers


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0008_plan_comments_timescale"),
        ("cases", "0011_known_states_and_date_order"),
        ("statistics", "0003_published_figures_append_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="counted",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "figure__in",
                        [
                            "threshold_not_met",
                            "reviews_carried_out",
                            "reviews_with_recommendations",
                            "discretionary_reviews",
                            "withdrawn",
                            "escalations_requested",
                            "escalations_upheld",
                        ],
                    )
                ),
                name="statistics_counted_figure_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="counted",
            constraint=models.CheckConstraint(
                condition=models.Q(("year_basis__in", ["financial", "calendar"])),
                name="statistics_counted_year_basis_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="publishedfigures",
            constraint=models.CheckConstraint(
                condition=models.Q(("year_basis__in", ["financial", "calendar"])),
                name="statistics_publishedfigures_year_basis_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="publishedfigures",
            constraint=models.CheckConstraint(
                condition=models.Q(("version__gte", 1)), name="published_version_from_one"
            ),
        ),
        AppendOnlyTriggers("PublishedFigures"),
    ]
