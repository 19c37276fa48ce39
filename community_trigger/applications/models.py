"""A draft: the answers of an application still being filled in, kept on the server, and the emailed
links and codes that reopen it."""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.db import models

from community_trigger.agencies.models import Partnership
from community_trigger.cases.models import Application
from community_trigger.common.keyed import keyed_hash
from community_trigger.common.models import TimeStampedModel, known


def hashed_secret(secret: str) -> str:
    """How a draft's browser secret and a link's secret are kept. They are long and random, so a fast
    hash is enough: a copy of the database alone opens no draft."""
    return hashlib.sha256(secret.encode()).hexdigest()


def hashed_code(code: str) -> str:
    """How a save code is kept. A code is short enough to type, so a plain hash of it could be reversed
    by trying them all: keyed with the site's secret, a copy of the database alone reveals none."""
    return keyed_hash(code, purpose="save-code")


class Draft(TimeStampedModel):
    """Answers so far, found through the one browser filling them in or an emailed link; deleted when
    stale.

    Online, exactly one browser has a draft: its session holds a secret whose hash the draft keeps.
    Opening a "carry on later" link gives the draft a new secret, so every other browser that had it
    (the one that asked for the link among them) loses it: whoever asks for a link to be sent to
    someone else's address cannot read what that person then types.

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
    browser_key_hash = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="SHA-256 of the secret the one browser filling it in keeps in its session.",
    )

    class Meta:
        indexes = [models.Index(fields=["updated_at"])]

    def __str__(self) -> str:
        return f"Draft {self.pk}"


class ResumeKind(models.TextChoices):
    LINK = "link", "Emailed link"
    CODE = "code", "Code"


class ResumeLink(models.Model):
    """One way back to saved answers: an emailed link, or a short code shown on screen (and perhaps
    texted). Only the hash of its secret is kept; it opens its draft once, within RESUME_LINK_LIFETIME,
    and opening any way back to a draft ends the draft's others."""

    Kind = ResumeKind

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="resume_links")
    kind = models.CharField(max_length=4, choices=ResumeKind.choices, default=ResumeKind.LINK)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(used_at__isnull=True) | models.Q(used_at__gte=models.F("created_at")),
                name="resume_link_used_not_before_sent",
            ),
            known("kind", ResumeKind.choices),
        ]

    def __str__(self) -> str:
        return f"Link to {self.draft_id}"
