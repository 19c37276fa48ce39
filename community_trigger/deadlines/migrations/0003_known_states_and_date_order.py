"""The database refuses a reminder moment the product does not know."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0002_reminders_sent_through_the_outbox"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="reminder",
            constraint=models.CheckConstraint(
                condition=models.Q(("moment__in", ["before", "on_the_day"])),
                name="deadlines_reminder_moment_known",
            ),
        ),
    ]
