"""What early warning found in the incident records, and what staff did about it.

A `Finding` is one of three things: a person whose reports now meet the partnership's threshold, a
place where five or more people reported similar incidents, or a person's second report within six
months (a task for the reporting agency's officer to tell them about the Case Review). Each keeps the
incident records behind it; `key` says what it is about, so that detecting again updates it rather
than adding another. `FindingStep` is each step taken on one: a contact started, its outcome, a note
for the problem-solving meeting, a task done or declined. No step ever makes an application: that
needs the person's own consent, given to whoever enters it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from community_trigger.agencies.models import Agency, Partnership
from community_trigger.incidents.models import IncidentPlace, IncidentRecord, Reporter


class Kind(models.TextChoices):
    PERSON = "person", gettext_lazy("Person meeting the threshold")
    PLACE = "place", gettext_lazy("Place with five or more people reporting")
    SECOND_REPORT = "second_report", gettext_lazy("Second report within six months")


class State(models.TextChoices):
    NEW = "new", gettext_lazy("New")
    CONTACT_STARTED = "contact_started", gettext_lazy("Contact started")
    CLOSED = "closed", gettext_lazy("Closed")


class Finding(models.Model):
    """One thing detection found, with the incident records behind it and why, in words."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # What it is about: "person:<reporter>", "place:<place>:<category>", "second:<reporter>:<incident>".
    key = models.CharField(max_length=100)
    reporter = models.ForeignKey(Reporter, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    place = models.ForeignKey(
        IncidentPlace, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    category = models.CharField(max_length=20, blank=True)
    # A second report's task falls to the officers of the agency it was made to.
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    why = models.TextField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.NEW)
    outcome = models.CharField(max_length=30, blank=True)
    found_at = models.DateTimeField(default=timezone.now)
    # When detection last added to it: the page lists the newest first.
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)
    records = models.ManyToManyField(IncidentRecord, related_name="+")

    class Meta:
        ordering = ("-updated_at", "-pk")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key"], name="earlywarning_finding_once"),
        ]
        indexes = [
            models.Index(fields=["partnership", "kind", "state", "updated_at"], name="earlywarning_list")
        ]

    def __str__(self) -> str:
        return f"Early-warning finding {self.pk}"


class Step(models.TextChoices):
    CONTACT_STARTED = "contact_started", gettext_lazy("Contact started")
    TOLD = "told", gettext_lazy("Told about the Case Review")
    WANTS_TO_APPLY = "wants_to_apply", gettext_lazy("The person wants to apply")
    DOES_NOT_WANT = "does_not_want", gettext_lazy("The person does not want to apply")
    COULD_NOT_REACH = "could_not_reach", gettext_lazy("Could not reach the person")
    NOTE = "note", gettext_lazy("Note for the problem-solving meeting")
    TASK_DONE = "task_done", gettext_lazy("Told the person (task done)")
    TASK_DECLINED = "task_declined", gettext_lazy("Task declined")


# The outcomes that close a finding.
OUTCOMES = (Step.TOLD, Step.WANTS_TO_APPLY, Step.DOES_NOT_WANT, Step.COULD_NOT_REACH)


class FindingStep(models.Model):
    """One step taken on a finding: who with, how, and a note (never copied into the audit log)."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=20, choices=Step.choices)
    with_whom = models.CharField(max_length=200, blank=True)
    how = models.CharField(max_length=100, blank=True)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.step} on finding {self.finding_id}"
