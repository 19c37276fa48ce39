"""The outbox: every message to send, written in the same transaction as the change that causes it."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_trigger.common.models import known
from community_trigger.notifications.messages import LABELS


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    TEXT = "text", _("Text message")


class Message(models.Model):
    """One message to one recipient, as the worker needs it to send it.

    Written with the change it tells of, so it is never lost (a mail server that is down only delays
    it), and sent later by the worker, which claims it, sends it, and marks it sent: at most once. Its
    key is unique, so writing the same message twice writes it once. Once sent, its values (which may
    hold a link that opens a draft or a status page) are emptied; its kind, recipient and times stay.
    """

    Channel = Channel

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be sent")
        # Never tried: the applicant gave no way it is safe to send it by (notifications.routing).
        HELD = "held", _("Not sent: no safe way to send it")

    key = models.CharField(
        max_length=200, unique=True, help_text="Names the message once: letter:12, information_requested:3:7."
    )
    kind = models.CharField(max_length=40, choices=list(LABELS.items()))
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    to = models.CharField(
        max_length=254, blank=True, help_text="The recipient's email address or phone number."
    )
    values = models.JSONField(default=dict, help_text="The plain values its words need, until it is sent.")
    case = models.ForeignKey(
        "cases.Application", on_delete=models.CASCADE, null=True, blank=True, related_name="outbox"
    )
    # The attachment, by reference: a letter's PDF is kept once, on the letter.
    letter = models.ForeignKey(
        "letters.Letter", on_delete=models.CASCADE, null=True, blank=True, related_name="emails"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(
        max_length=500, blank=True, help_text="The mail server's answer to the last attempt, when it failed."
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "sending", "sent", "failed", "held"]),
                name="outbox_known_status",
            ),
            models.CheckConstraint(
                condition=models.Q(status="sent", sent_at__isnull=False)
                | (~models.Q(status="sent") & models.Q(sent_at__isnull=True)),
                name="outbox_sent_when_sent",
            ),
            known("kind", LABELS.items()),
            known("channel", Channel.choices),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.get_status_display().lower()})"

    @property
    def label(self) -> str:
        return str(LABELS.get(self.kind, self.kind))
