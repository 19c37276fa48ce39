"""A letter to the applicant, kept exactly as it was sent: its text, its PDF, and how it went out."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from community_trigger.cases.models import Application, LetterFormat
from community_trigger.common.models import known
from community_trigger.notifications.models import RECEIPT_FAILED, Message


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
    THRESHOLD_DECISION = "threshold_decision", "Threshold decision"
    MEETING = "meeting", "Review meeting"
    ACTION_PLAN = "action_plan", "Draft action plan"
    OUTCOME = "outcome", "Outcome"
    ESCALATION_DECISION = "escalation_decision", "Escalation decision"
    PLAN_UPDATE = "plan_update", "Action plan update"
    CLOSING = "closing", "Case closed"


class Delivery(models.TextChoices):
    EMAIL = "email", "Email"
    POST = "post", "Post"


# What the partnership does with a letter made standard for a format the service does not make.
ARRANGE: dict[str, StrOrPromise] = {
    LetterFormat.BRAILLE: _("Arrange braille"),
    LetterFormat.AUDIO: _("Arrange audio"),
    LetterFormat.OTHER_LANGUAGE: _("Arrange translation"),
}


class Letter(models.Model):
    """One letter about a case. Its words and PDF never change once made; only its delivery is noted."""

    Kind = LetterKind
    Delivery = Delivery

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    recipient_name = models.CharField(max_length=200)
    recipient_address = models.TextField(blank=True, help_text="As printed on a letter for post.")
    recipient_email = models.EmailField(blank=True)
    subject = models.CharField(max_length=300)
    body_text = models.TextField(help_text="The letter as plain text: the body of the email.")
    pdf = models.BinaryField(help_text="The letter as printed or attached.")
    template = models.CharField(max_length=200, help_text="The template it was made from.")
    letter_format = models.CharField(
        max_length=20,
        choices=LetterFormat.choices,
        default=LetterFormat.STANDARD,
        help_text="The format the applicant needed when it was made; braille, audio and another "
        "language are made standard and arranged by the partnership.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(
        null=True, blank=True, help_text="Put in the post; an emailed letter's sending is in the outbox."
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["application", "created_at", "pk"]
        constraints = [
            known("kind", LetterKind.choices),
            known("delivery", Delivery.choices),
            known("letter_format", LetterFormat.choices),
            models.CheckConstraint(
                condition=models.Q(sent_at__isnull=True) | models.Q(sent_at__gte=models.F("created_at")),
                name="letter_sent_not_before_made",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} letter for {self.application}"

    @property
    def posted_by_provider_on(self) -> datetime | None:
        """When a provider (GOV.UK Notify) took this letter to print and post, unless it said it could not
        or the letter came back: then it is the coordinator's to post. Read from letters_of's annotations."""
        if (
            getattr(self, "post_status", None) != Message.Status.SENT
            or getattr(self, "post_receipt", None) in RECEIPT_FAILED
        ):
            return None
        sent: datetime | None = getattr(self, "post_sent_at", None)
        return sent

    @property
    def waiting_for_provider(self) -> bool:
        """Waiting in the outbox to go to the provider that posts it."""
        return getattr(self, "post_status", None) in (Message.Status.QUEUED, Message.Status.SENDING)

    @property
    def with_provider(self) -> bool:
        """Posted, or about to be, by a provider: nobody is to print and post it by hand."""
        return self.waiting_for_provider or self.posted_by_provider_on is not None

    @property
    def arrange(self) -> StrOrPromise:
        """What the partnership must do with it ("Arrange braille"); "" when it went as made."""
        return ARRANGE.get(self.letter_format, "")

    @property
    def filename(self) -> str:
        return f"{self.application.reference}-{self.kind.replace('_', '-')}-{self.pk}.pdf"
