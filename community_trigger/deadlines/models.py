"""The reminders about things falling due: one row per reminder, so the daily job never sends twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from community_trigger.common.models import known
from community_trigger.domain.deadlines import ReminderMoment


class Reminder(models.Model):
    """One reminder to one member of staff that something on a case falls due.

    Its email is queued in the outbox when it is recorded, and the outbox says how the sending went. The
    item, recipient, moment and due date are unique together: the daily job can run twice and send
    once, and a due date that moves gets reminders of its own. It holds only what the email says, and
    nothing personal: a reference, what is due, when, and the page to do it on.
    """

    class Moment(models.TextChoices):
        BEFORE = ReminderMoment.BEFORE.value, "Before the due date"
        ON_THE_DAY = ReminderMoment.ON_THE_DAY.value, "On the due date"

    item_key = models.CharField(
        max_length=100, help_text="The due item, as its source names it: case_step:12:received."
    )
    kind = models.CharField(max_length=40, help_text="Which source it came from, e.g. information_request.")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deadline_reminders"
    )
    moment = models.CharField(max_length=20, choices=Moment.choices)
    due_on = models.DateField()
    reference = models.CharField(max_length=30, help_text="The case reference, as in TVP-2026-0007.")
    what = models.CharField(max_length=200, help_text="What is due, in words.")
    path = models.CharField(max_length=200, help_text="The page where it is done, from the site's root.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item_key", "recipient", "moment", "due_on"], name="one_reminder_per_item_and_moment"
            ),
            known("moment", [(moment.value, moment.name) for moment in ReminderMoment]),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.what} ({self.get_moment_display().lower()}, {self.due_on})"
