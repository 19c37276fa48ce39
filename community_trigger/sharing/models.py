"""What the agencies are asked about a case and what they answer (s104(3)(b)): each request, its due date
and every change to it, and each answer with its check of the reports made to that agency.

These tables were made by the cases app and keep their names (`cases_informationrequest`, ...): the
models moved here, the rows did not move.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Cast
from django.utils import timezone

from community_trigger.agencies.models import Agency
from community_trigger.cases.models import Application, Report
from community_trigger.common.models import AppendOnlyModel, WrittenWords, known, written_words


class InformationRequest(models.Model):
    """The coordinator's request to one agency for what it knows about the case (s104(3)(b)).

    An agency officer sees a case only once their agency has been asked about it.
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="information_requests"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="information_requests")
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    due_by = models.DateField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "cases_informationrequest"
        ordering = ["application", "agency"]
        constraints = [
            models.UniqueConstraint(fields=["application", "agency"], name="one_request_per_agency_per_case"),
            # Stored times are UTC, whose date is never later than London's: the request's own day
            # (or a later one) always passes, on either database.
            models.CheckConstraint(
                condition=models.Q(due_by__gte=Cast("requested_at", models.DateField())),
                name="information_due_not_before_requested",
            ),
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True) | models.Q(answered_at__gte=F("requested_at")),
                name="information_answered_not_before_requested",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} → {self.agency}"


class DueDateChange(AppendOnlyModel):
    """More (or less) time for an agency to answer, agreed with the coordinator: when, by whom, why,
    and the due date before and after, kept as written."""

    request = models.ForeignKey(InformationRequest, on_delete=models.PROTECT, related_name="due_date_changes")
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    was_due_by = models.DateField()
    due_by = models.DateField()

    class Meta:
        db_table = "cases_duedatechange"
        ordering = ["request", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request}: due {self.was_due_by} → {self.due_by}"

    @property
    def reason(self) -> str:
        return written_words(self, "words")


class DueDateChangeWords(WrittenWords):
    change = models.OneToOneField(DueDateChange, on_delete=models.PROTECT, related_name="words")

    class Meta:
        db_table = "cases_duedatechangewords"


class AnswerSource(models.TextChoices):
    SERVICE = "service", "Answered in the service"
    SECURE_LINK = "secure_link", "Answered through the secure link"
    RECORDED = "recorded", "Recorded by the coordinator"


class ReceivedVia(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    LETTER = "letter", "Letter"
    MEETING = "meeting", "Meeting"


class InformationResponse(models.Model):
    """An agency's answer to an information request: what it found, did and knows."""

    request = models.OneToOneField(InformationRequest, on_delete=models.CASCADE, related_name="response")
    action_taken = models.TextField()
    outcome = models.TextField()
    other_history = models.TextField(blank=True)
    risk = models.TextField(blank=True, help_text="Risk or vulnerability information.")
    risk_sensitive = models.BooleanField(
        default=False,
        help_text="Sensitive risk information is seen only by the coordinator, the panel chair and the "
        "officers of the agency that gave it.",
    )
    # An officer who answered in the service, or the coordinator who recorded an answer sent another
    # way; nobody for an answer through the secure link, whose sender is named below.
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)
    # Where the answer came from, shown with it on the case page and in the meeting pack.
    source = models.CharField(max_length=20, choices=AnswerSource.choices, default=AnswerSource.SERVICE)
    received_via = models.CharField(max_length=20, choices=ReceivedVia.choices, blank=True)
    sender_name = models.CharField(max_length=200, blank=True)
    sender_role = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "cases_informationresponse"
        constraints = [
            known("source", AnswerSource.choices),
            known("received_via", ReceivedVia.choices, blank=True),
            # In the service an officer answers; through the link a named person does; recorded, the
            # coordinator writes down who sent it, how and when.
            models.CheckConstraint(
                condition=~models.Q(source=AnswerSource.SERVICE) | models.Q(answered_by__isnull=False),
                name="answer_in_service_has_its_officer",
            ),
            models.CheckConstraint(
                condition=~models.Q(source=AnswerSource.SECURE_LINK) | ~models.Q(sender_name=""),
                name="answer_by_link_names_its_sender",
            ),
            models.CheckConstraint(
                condition=~models.Q(source=AnswerSource.RECORDED)
                | (
                    models.Q(answered_by__isnull=False, received_at__isnull=False)
                    & ~models.Q(sender_name="")
                    & ~models.Q(received_via="")
                ),
                name="recorded_answer_says_who_how_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.request}"

    @property
    def recorded_by(self) -> Any:
        """The coordinator who recorded an answer sent by email, phone, letter or at a meeting."""
        return self.answered_by if self.source == AnswerSource.RECORDED else None


class ReportFinding(models.TextChoices):
    FOUND = "found", "Found in our records"
    NOT_FOUND = "not_found", "Not found"
    DIFFERENT = "different", "Found, with different details"


class ReportCheck(models.Model):
    """What an agency found in its own records for one report the applicant listed against it."""

    Finding = ReportFinding

    response = models.ForeignKey(InformationResponse, on_delete=models.CASCADE, related_name="checks")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="checks")
    finding = models.CharField(max_length=20, choices=Finding.choices)
    their_reference = models.CharField(max_length=100, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        db_table = "cases_reportcheck"
        constraints = [
            models.UniqueConstraint(fields=["response", "report"], name="one_check_per_report"),
            known("finding", ReportFinding.choices),
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.get_finding_display()}"


class AnswerLink(models.Model):
    """A link emailed to the contact address of an agency with nobody who may answer in the service:
    it answers that one request, once, until it expires. Only keyed hashes of its token and of the
    code sent to the same address are kept; the code is the second factor that shows the person
    opening the link reads that address's mail now."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="answer_links")
    sent_to = models.EmailField(help_text="The agency's contact address it was sent to, and the codes go to.")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    code_hash = models.CharField(max_length=64, blank=True)
    code_sent_at = models.DateTimeField(null=True, blank=True)
    codes_sent = models.PositiveSmallIntegerField(default=0)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Secure link for {self.request}"
