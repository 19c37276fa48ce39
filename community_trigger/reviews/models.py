"""The multi-agency review of a case and what follows it.

A case may be reviewed more than once: an escalation that is upheld sends it back for a new review,
so meetings, recommendations and escalations each point at the case, and at the meeting they came
from where they have one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from community_trigger.agencies.models import Agency
from community_trigger.cases.models import STATE_CHOICES, Application
from community_trigger.common.models import AppendOnlyModel, WrittenWords, known, written_words
from community_trigger.domain.recommendations import LABELS, Status

STATUS_CHOICES = [(status.value, LABELS[status]) for status in Status]


class VictimInvolvement(models.TextChoices):
    ATTENDING = "attending", "Invited, and will attend (or be represented)"
    WRITTEN_STATEMENT = "written_statement", "Invited, and will send a written statement"
    DECLINED = "declined", "Invited, and declined"
    INVITED = "invited", "Invited, not yet answered"
    NOT_INVITED = "not_invited", "Not invited"


class Meeting(models.Model):
    """A case review meeting of the partnership's agencies (s104(3)), and, once held, its record."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField()
    place = models.CharField(max_length=300, blank=True)
    online_link = models.URLField(blank=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    chair_independent = models.BooleanField(help_text="The chair works for none of the agencies reviewed.")
    agencies = models.ManyToManyField(Agency, related_name="meetings", help_text="The agencies attending.")
    panel: models.ManyToManyField[Any, PanelSeat] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="PanelSeat",
        related_name="review_panels",
        help_text="Staff on the panel: they, and only they, open the meeting pack.",
    )
    victim_involvement = models.CharField(max_length=30, choices=VictimInvolvement.choices)
    not_invited_reason = models.TextField(blank=True)
    unanswered_reason = models.TextField(
        blank=True,
        help_text="Why the meeting was arranged before every agency asked had answered; empty when all had.",
    )
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scheduled_at = models.DateTimeField(default=timezone.now)
    # The record of the meeting, written once it has been held.
    held = models.BooleanField(default=False)
    attendees = models.TextField(blank=True, help_text="Who took part, with their organisations.")
    findings = models.TextField(blank=True)
    further_action_possible = models.BooleanField(null=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    # The action plan, final once the applicant has been consulted on it.
    plan_shared_at = models.DateTimeField(null=True, blank=True)
    applicant_comments = models.TextField(blank=True)
    comments_recorded_at = models.DateTimeField(null=True, blank=True)
    plan_final_at = models.DateTimeField(null=True, blank=True)
    # What the outcome letter tells the applicant, in words written for them.
    summary_for_applicant = models.TextField(blank=True)

    class Meta:
        ordering = ["application", "starts_at", "pk"]
        constraints = [
            known("victim_involvement", VictimInvolvement.choices),
            # Its record is written once it has been held, never before it started. (Each branch says its
            # time is there: a comparison with NULL is unknown, and an unknown CHECK passes.)
            models.CheckConstraint(
                condition=Q(held=False, recorded_at__isnull=True)
                | Q(held=True, recorded_at__isnull=False, recorded_at__gte=F("starts_at")),
                name="meeting_recorded_once_held",
            ),
            # The applicant is consulted on the draft plan before their comments or its being final.
            models.CheckConstraint(
                condition=Q(comments_recorded_at__isnull=True)
                | Q(plan_shared_at__isnull=False, comments_recorded_at__gte=F("plan_shared_at")),
                name="meeting_comments_after_plan_shared",
            ),
            models.CheckConstraint(
                condition=Q(plan_final_at__isnull=True)
                | Q(plan_shared_at__isnull=False, plan_final_at__gte=F("plan_shared_at")),
                name="meeting_plan_final_after_shared",
            ),
        ]

    def __str__(self) -> str:
        return f"Review meeting for {self.application} on {self.starts_at:%Y-%m-%d}"


class PanelSeat(models.Model):
    """One member of a meeting's panel, and the organisation they sit for: the partnership's agency
    they belong to, or none for someone from an independent or other organisation."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="seats")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for an independent or other organisation.",
    )

    class Meta:
        ordering = ["meeting", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="one_seat_per_member")]

    def __str__(self) -> str:
        return f"{self.user} on {self.meeting}"


class MeetingChange(AppendOnlyModel):
    """A change to a meeting's arrangements before it is held: why, by whom, and what it was before,
    kept as written beside the case's history. Where it was to be held (perhaps someone's home) is
    kept with the reason beside it (MeetingChangeWords), so that both can be removed with the case's
    other personal data without touching the history."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="changes")
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # What the applicant had been told before the change.
    was_starts_at = models.DateTimeField()
    applicant_told = models.BooleanField(help_text="A new meeting letter went to the applicant.")

    class Meta:
        ordering = ["meeting", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"Change to {self.meeting} on {self.changed_at:%Y-%m-%d}"

    @property
    def reason(self) -> str:
        return written_words(self, "words")

    @property
    def was_place(self) -> str:
        """Where it was to be held before the change ("" when online, or once removed)."""
        try:
            return str(self.words.was_place)
        except models.ObjectDoesNotExist:
            return ""


class MeetingChangeWords(WrittenWords):
    change = models.OneToOneField(MeetingChange, on_delete=models.PROTECT, related_name="words")
    was_place = models.CharField(max_length=300, blank=True)
    was_online_link = models.URLField(blank=True)


class Attendance(models.TextChoices):
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"
    WRITTEN = "written", "Sent a written contribution"
    ABSENT = "absent", "Did not attend"


# An agency that attended or sent something in writing took part in the review; one that sent its
# apologies, or nothing, did not (the outcome letter names only those that took part).
TOOK_PART = frozenset({Attendance.ATTENDED, Attendance.WRITTEN})


class AgencyAttendance(models.Model):
    """Whether one agency invited to a meeting came to it, as its record says."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    attendance = models.CharField(max_length=20, choices=Attendance.choices)

    class Meta:
        ordering = ["meeting", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "agency"], name="one_attendance_per_agency"),
            known("attendance", Attendance.choices),
        ]

    def __str__(self) -> str:
        return f"{self.agency} at {self.meeting}: {self.get_attendance_display()}"


class AgencySummary(models.Model):
    """What one agency had done, as the meeting record sums it up."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="summaries")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField()

    class Meta:
        ordering = ["meeting", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "agency"], name="one_summary_per_agency")]

    def __str__(self) -> str:
        return f"{self.agency} at {self.meeting}"


class Recommendation(models.Model):
    """One thing the panel asks one agency to do, by a date, with a named owner there."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="recommendations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="recommendations")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.TextField(help_text="What the agency will do, in words the applicant will read.")
    due_by = models.DateField()
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, default=Status.PROPOSED)
    declined_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "due_by", "pk"]
        constraints = [known("status", STATUS_CHOICES)]

    def __str__(self) -> str:
        return f"Recommendation to {self.agency} ({self.get_status_display()})"


class RecommendationUpdate(AppendOnlyModel):
    """One change of a recommendation's status; appended, never edited."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="updates")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recommendation", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"

    @property
    def note(self) -> str:
        return written_words(self, "words")


class RecommendationUpdateWords(WrittenWords):
    update = models.OneToOneField(RecommendationUpdate, on_delete=models.PROTECT, related_name="words")


class RecommendationChange(AppendOnlyModel):
    """A change to a recommendation's wording or due date; appended, never edited. The dates are kept
    here; the words (why it changed, and the wording before and after) are kept beside it, like every
    history row's, so that they can be removed with the case's personal data."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="changes")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    was_due_by = models.DateField()
    due_by = models.DateField()
    reworded = models.BooleanField(help_text="The wording changed (what it was is kept beside).")

    class Meta:
        ordering = ["recommendation", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"Change to {self.recommendation} on {self.changed_at:%Y-%m-%d}"

    def _words(self) -> RecommendationChangeWords | None:
        try:
            return self.words
        except models.ObjectDoesNotExist:
            return None

    @property
    def reason(self) -> str:
        return written_words(self, "words")

    @property
    def was_action(self) -> str:
        words = self._words()
        return words.was_action if words else ""

    @property
    def action(self) -> str:
        words = self._words()
        return words.action if words else ""


class RecommendationChangeWords(WrittenWords):
    """Why a recommendation changed (`text`), and its wording before and after."""

    change = models.OneToOneField(RecommendationChange, on_delete=models.PROTECT, related_name="words")
    was_action = models.TextField()
    action = models.TextField()


class EscalationAbout(models.TextChoices):
    APPLICATION = "application", "How the application was dealt with"
    REVIEW = "review", "How the review was carried out"


class Escalation(models.Model):
    """The applicant's request to have their application's handling, or the review, looked at again
    (Schedule 4, paragraph 3), and its decision by someone who took no part in the case's panel."""

    About = EscalationAbout

    class Ground(models.TextChoices):
        PROCESS = "process", "The procedure was not followed"
        INFORMATION = "information", "Relevant information was not considered"
        DECISION = "decision", "The decision does not follow from the information"
        OTHER = "other", "Something else"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="escalations")
    about = models.CharField(max_length=20, choices=About.choices)
    grounds = models.JSONField(help_text="The grounds given, as Ground values.")
    details = models.TextField()
    escalated_from = models.CharField(max_length=30, choices=STATE_CHOICES)
    requested_at = models.DateTimeField()
    received_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day a request by phone or post was received, which its lateness counts from; "
        "empty for one asked for online, received when it was sent.",
    )
    window_ends = models.DateField(help_text="The last day of the partnership's escalation window.")
    late = models.BooleanField(help_text="Asked for after the window ended: recorded and flagged.")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The member of staff who recorded it for the applicant; empty when they asked online.",
    )
    # The decision.
    upheld = models.BooleanField(null=True)
    reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    referred_to_pcc_at = models.DateTimeField(null=True, blank=True)
    pcc_referral_note = models.TextField(blank=True)

    class Meta:
        ordering = ["application", "requested_at", "pk"]
        constraints = [
            known("about", EscalationAbout.choices),
            known("escalated_from", STATE_CHOICES),
            # Decided means upheld or not, at a time not before it was asked for.
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True, upheld__isnull=True)
                | Q(decided_at__isnull=False, decided_at__gte=F("requested_at"), upheld__isnull=False),
                name="escalation_decided_with_its_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"Escalation of {self.application} ({self.requested_at:%Y-%m-%d})"

    @property
    def decided(self) -> bool:
        return self.decided_at is not None

    @property
    def asked_on(self) -> date:
        """The day the applicant asked: the day it was received by phone or post, or sent online."""
        return self.received_on or timezone.localdate(self.requested_at)
