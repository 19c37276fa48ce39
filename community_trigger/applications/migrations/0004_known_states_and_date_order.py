"""The database refuses a resume link used before it was sent."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_draft_one_browser_and_single_use_links"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="resumelink",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("used_at__isnull", True), ("used_at__gte", models.F("created_at")), _connector="OR"
                ),
                name="resume_link_used_not_before_sent",
            ),
        ),
    ]
