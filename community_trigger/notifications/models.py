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
    # A letter to post, handed to a provider that prints and posts it (GOV.UK Notify); with the default
    # letter backend there is none: the coordinator prints and posts it.
    LETTER = "letter", _("Letter by post")


class Receipt(models.TextChoices):
    """What the provider (GOV.UK Notify) says became of a message it took, in its own names, and in words
    for the coordinator. Not checked by the database: Notify may name a new state before we know it, and
    a receipt is never refused for that."""

    # Waiting: Notify has it and is still trying.
    CREATED = "created", _("Waiting at GOV.UK Notify")
    SENDING = "sending", _("Being delivered by GOV.UK Notify")
    PENDING = "pending", _("Being delivered by GOV.UK Notify")
    PENDING_VIRUS_CHECK = "pending-virus-check", _("Being checked by GOV.UK Notify")
    ACCEPTED = "accepted", _("With GOV.UK Notify's printer")
    # Delivered, or as far as anyone will know.
    DELIVERED = "delivered", _("Delivered")
    SENT = "sent", _("Sent to an international number")
    RECEIVED = "received", _("Printed and posted by GOV.UK Notify")
    # Not delivered.
    PERMANENT_FAILURE = (
        "permanent-failure",
        _("Not delivered: the address or number is wrong, or was refused"),
    )
    TEMPORARY_FAILURE = (
        "temporary-failure",
        _("Not delivered: the inbox was full or the phone was off for 3 days"),
    )
    TECHNICAL_FAILURE = "technical-failure", _("Not delivered: GOV.UK Notify had a technical problem")
    VALIDATION_FAILED = (
        "validation-failed",
        _(
            "Not posted: GOV.UK Notify could not print the letter's PDF (content outside the printable area, "
            "or an address it could not read)"
        ),
    )
    VIRUS_SCAN_FAILED = "virus-scan-failed", _("Not posted: GOV.UK Notify's virus check refused the PDF")
    CANCELLED = "cancelled", _("Not posted: cancelled at GOV.UK Notify")
    # Ours, from Notify's returned-letter callback: posted, and came back undelivered.
    RETURNED = "returned", _("Returned: the letter came back undelivered")


# Nothing more will be heard of these (but a returned letter, which is heard of once more).
RECEIPT_FINAL = frozenset(
    {
        Receipt.DELIVERED,
        Receipt.SENT,
        Receipt.RECEIVED,
        Receipt.PERMANENT_FAILURE,
        Receipt.TEMPORARY_FAILURE,
        Receipt.TECHNICAL_FAILURE,
        Receipt.VALIDATION_FAILED,
        Receipt.VIRUS_SCAN_FAILED,
        Receipt.CANCELLED,
        Receipt.RETURNED,
    }
)
# The message did not reach its person: shown to the coordinator beside those the worker gave up on.
RECEIPT_FAILED = RECEIPT_FINAL - {Receipt.DELIVERED, Receipt.SENT, Receipt.RECEIVED}


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
    # What the provider says became of it after it was sent (GOV.UK Notify; an SMTP server says nothing).
    provider_id = models.CharField(
        max_length=64, blank=True, help_text="The provider's id for it: GOV.UK Notify's notification id."
    )
    delivery_status = models.CharField(
        max_length=30, blank=True, choices=Receipt.choices, help_text="The provider's last word on it."
    )
    delivery_updated_at = models.DateTimeField(
        null=True, blank=True, help_text="When the provider last told us (or was last asked) about it."
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            # A receipt names the message by the provider's id.
            models.Index(fields=["provider_id"], name="outbox_provider_id"),
            # The poll for receipts that never came: sent, no final word, not asked for a while.
            models.Index(fields=["status", "delivery_status", "delivery_updated_at"], name="outbox_awaiting"),
        ]
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

    @property
    def delivery_words(self) -> str:
        """What the provider said became of it, in words ("" when it has said nothing)."""
        # A state Notify names that we do not know yet is shown as Notify names it.
        return str(dict(Receipt.choices).get(self.delivery_status, self.delivery_status))

    @property
    def undelivered(self) -> bool:
        """Sent, and the provider says it did not reach its person (or a posted letter came back)."""
        return self.status == Message.Status.SENT and self.delivery_status in RECEIPT_FAILED

    @property
    def can_send_again(self) -> bool:
        """Only a message that has not gone can be sent again: a sent one no longer holds its words."""
        return self.status in (Message.Status.QUEUED, Message.Status.FAILED)
