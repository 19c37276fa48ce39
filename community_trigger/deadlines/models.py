"""The reminders about things falling due: one row per reminder, so the daily job never sends twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from community_trigger.common.models import known
from community_trigger.domain.deadlines import ReminderMoment


class Reminder(models.Model):
    """One reminder to one member of staff (or one address) that something on a case falls due, or
    is late.

    Its email is queued in the outbox when it is recorded, and the outbox says how the sending went. The
    item, recipient, moment and due date are unique together: the daily job can run twice and send
    once, and a due date that moves gets reminders of its own. It holds only what the email says, and
    nothing personal: a reference, what is due, when, and the page to do it on.
    """

    class Moment(models.TextChoices):
        BEFORE = ReminderMoment.BEFORE.value, "Before the due date"
        ON_THE_DAY = ReminderMoment.ON_THE_DAY.value, "On the due date"
        LATE_1 = ReminderMoment.LATE_1.value, "1 working day late"
        LATE_3 = ReminderMoment.LATE_3.value, "3 working days late"
        LATE_5 = ReminderMoment.LATE_5.value, "5 working days late"

    item_key = models.CharField(
        max_length=100, help_text="The due item, as its source names it: case_step:12:received."
    )
    kind = models.CharField(max_length=40, help_text="Which source it came from, e.g. information_request.")
    # A member of staff; or, for an agency with nobody who may answer in the service, an address: its
    # contact address, or its lead contact's once its answer is long overdue (`to_lead`).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="deadline_reminders",
        null=True,
        blank=True,
    )
    to_address = models.EmailField(blank=True)
    to_lead = models.BooleanField(default=False)
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
            models.UniqueConstraint(
                fields=["item_key", "to_address", "moment", "due_on"],
                condition=models.Q(recipient__isnull=True),
                name="one_reminder_per_item_moment_and_address",
            ),
            models.CheckConstraint(
                condition=(models.Q(recipient__isnull=True) & ~models.Q(to_address=""))
                | (models.Q(recipient__isnull=False) & models.Q(to_address="")),
                name="reminder_to_a_user_or_an_address",
            ),
            known("moment", [(moment.value, moment.name) for moment in ReminderMoment]),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.what} ({self.get_moment_display().lower()}, {self.due_on})"
