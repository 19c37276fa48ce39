"""A case's diary: what the coordinator and the agencies noted, and every contact made about the case.

An entry's words are personal data, kept here and not in the history: the history records that an
entry was added (Happened.NOTE_ADDED, with its id and kind), and the entry can be anonymised later
without touching the history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_trigger.agencies.models import Agency
from community_trigger.cases.models import Application
from community_trigger.common.models import known


class EntryKind(models.TextChoices):
    NOTE = "note", _("Note")
    CALL = "call", _("Phone call")
    EMAIL = "email", _("Email")
    VISIT = "visit", _("Visit")
    LETTER = "letter", _("Letter")
    MEETING = "meeting", _("Meeting")
    TEXT = "text", _("Text message")


class Direction(models.TextChoices):
    """Which way a contact went; a note has none."""

    INCOMING = "incoming", _("Received")
    OUTGOING = "outgoing", _("Made or sent")


class Visibility(models.TextChoices):
    """Who on the case may read an entry (and the documents attached to it)."""

    COORDINATORS = "coordinators", _("The partnership's coordinators only")
    AGENCIES = "agencies", _("Every agency on the case")


class Entry(models.Model):
    """One note or contact on a case: what kind, with whom, when, by what channel, and a summary."""

    Kind = EntryKind

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="diary")
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices, blank=True)
    with_whom = models.CharField(
        max_length=200, blank=True, help_text="Who the contact was with: the applicant, an officer, …"
    )
    happened_at = models.DateTimeField(help_text="When the contact happened, or the note was made.")
    summary = models.TextField()
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.COORDINATORS)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_for = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The agency its author wrote it for; empty for the partnership's coordinators.",
    )
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["application", "-happened_at", "-pk"]
        verbose_name_plural = "entries"
        indexes = [models.Index(fields=["application", "happened_at"], name="diary_by_case")]
        constraints = [
            known("kind", EntryKind.choices),
            known("direction", Direction.choices, blank=True),
            known("visibility", Visibility.choices),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.application}"
