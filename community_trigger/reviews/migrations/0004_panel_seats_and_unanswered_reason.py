"""Each panel member's seat records the organisation they sit for, and a meeting keeps why it was
arranged before every agency had answered.

Django cannot give an existing many-to-many field a `through` model, so the panel's rows are copied
into seats, the old field removed and the field added again through the seats. A member's
organisation is worked out from their memberships as the service does it.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

CHAIRING_ROLES = ("panel_chair",)


def _seats_from_panels(apps, schema_editor):  # type: ignore[no-untyped-def]
    Meeting = apps.get_model("reviews", "Meeting")
    PanelSeat = apps.get_model("reviews", "PanelSeat")
    Membership = apps.get_model("agencies", "Membership")
    for meeting in Meeting.objects.select_related("application").prefetch_related("agencies", "panel"):
        partnership_id = meeting.application.partnership_id
        attending = {agency.pk for agency in meeting.agencies.all()}
        for user in meeting.panel.all():
            memberships = list(
                Membership.objects.filter(user=user, agency__partnership_id=partnership_id)
                .select_related("agency")
                .order_by("agency__name", "pk")
            )
            if user.pk == meeting.chair_id:
                preferred = [m for m in memberships if m.role in CHAIRING_ROLES]
            else:
                preferred = [m for m in memberships if m.agency_id in attending]
            chosen = (preferred or memberships or [None])[0]
            PanelSeat.objects.create(
                meeting=meeting, user=user, organisation=chosen.agency if chosen else None
            )


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("agencies", "0003_memberships"),
        ("reviews", "0003_history_append_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="unanswered_reason",
            field=models.TextField(
                blank=True,
                help_text=(
                    "Why the meeting was arranged before every agency asked had answered; empty when all had."
                ),
            ),
        ),
        migrations.CreateModel(
            name="PanelSeat",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="seats",
                        to="reviews.meeting",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty for an independent or other organisation.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="agencies.agency",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"ordering": ["meeting", "pk"]},
        ),
        migrations.AddConstraint(
            model_name="panelseat",
            constraint=models.UniqueConstraint(fields=("meeting", "user"), name="one_seat_per_member"),
        ),
        migrations.RunPython(_seats_from_panels, migrations.RunPython.noop),
        migrations.RemoveField(model_name="meeting", name="panel"),
        migrations.AddField(
            model_name="meeting",
            name="panel",
            field=models.ManyToManyField(
                help_text="Staff on the panel: they, and only they, open the meeting pack.",
                related_name="review_panels",
                through="reviews.PanelSeat",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
