"""A draft: the answers of an application still being filled in, kept on the server."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from community_trigger.agencies.models import Partnership
from community_trigger.cases.models import Application
from community_trigger.common.models import TimeStampedModel


class Draft(TimeStampedModel):
    """Answers so far, found through the person's session or a signed link; deleted when stale.

    A draft a member of staff is entering (a request that came by phone, post, email or in person)
    names them, and only they can open it. Once submitted, the answers are cleared (they live on in
    the application) and the draft only remembers which application it became, so a second click or
    a refresh finds it again.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="drafts")
    answers = models.JSONField(default=dict, blank=True)
    submitted_application = models.OneToOneField(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="draft"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="entered_drafts",
        help_text="Who is entering a request that came by phone, post, email or in person; empty online.",
    )

    class Meta:
        indexes = [models.Index(fields=["updated_at"])]

    def __str__(self) -> str:
        return f"Draft {self.pk}"
