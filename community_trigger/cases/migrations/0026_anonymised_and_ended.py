"""A case knows when its personal data was removed, and when it ended (the retention schedule counts
from that): each case that has ended already is given the time of its last move."""

from typing import Any

from django.conf import settings
from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery

ENDED = ["closed", "threshold_not_met", "withdrawn"]


def ended_when_last_moved(apps: Any, schema_editor: Any) -> None:
    Application = apps.get_model("cases", "Application")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    last_move = (
        CaseEvent.objects.filter(application=OuterRef("pk"), kind="moved")
        .values("application")
        .annotate(at=Max("at"))
        .values("at")
    )
    Application.objects.filter(state__in=ENDED).update(ended_at=Subquery(last_move))


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0012_data_protection_officer'),
        ('cases', '0025_data_protection_kinds'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='application',
            name='anonymised_at',
            field=models.DateTimeField(blank=True, help_text="When the case's personal data was removed.", null=True),
        ),
        migrations.AddField(
            model_name='application',
            name='ended_at',
            field=models.DateTimeField(blank=True, help_text='When the case ended; empty while it is open.', null=True),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['partnership', 'ended_at', 'id'], name='case_p_ended'),
        ),
        migrations.RunPython(ended_when_last_moved, migrations.RunPython.noop),
    ]
