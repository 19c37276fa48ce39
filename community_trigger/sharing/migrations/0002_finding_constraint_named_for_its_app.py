"""The database's check of a report's finding takes this app's name, as every `known` constraint is named
<app>_<model>_<field>_known. The rule it checks is the same."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="reportcheck", name="cases_reportcheck_finding_known"),
        migrations.AddConstraint(
            model_name="reportcheck",
            constraint=models.CheckConstraint(
                condition=models.Q(("finding__in", ["found", "not_found", "different"])),
                name="sharing_reportcheck_finding_known",
            ),
        ),
    ]
