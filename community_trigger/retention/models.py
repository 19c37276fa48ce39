"""How long each partnership keeps what it holds (its retention schedule), the legal holds that stop a
case's personal data being removed, and the one-row cutoff before which audit entries may be deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from community_trigger.agencies.models import Partnership
from community_trigger.cases.models import Application
from community_trigger.common.models import TimeStampedModel

# The defaults a new schedule starts from (README "Retention and anonymisation"). The schedules of the
# partnerships there were when it came took their closed cases' years from what their privacy notices
# said then (migration 0002); the privacy notice now reads the schedule.
DEFAULT_CLOSED_YEARS = 6
DEFAULT_NOT_MET_YEARS = 2
DEFAULT_DRAFT_DAYS = 30
DEFAULT_AUDIT_YEARS = 7
DEFAULT_DATA_REQUEST_YEARS = 2


class RetentionSchedule(TimeStampedModel):
    """One partnership's retention schedule: how long after a case ends its personal data is kept, how
    long an unsent draft is kept, and how long the audit log is kept. A case's documents and letters go
    with the case."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="retention_schedule"
    )
    closed_years = models.PositiveSmallIntegerField(
        "Closed cases: years kept after closing",
        default=DEFAULT_CLOSED_YEARS,
        help_text="A closed case's personal data is removed this many years after it was closed.",
    )
    not_met_years = models.PositiveSmallIntegerField(
        "Threshold not met or withdrawn: years kept",
        default=DEFAULT_NOT_MET_YEARS,
        help_text="Counted from the decision or the withdrawal, and only while no escalation is open.",
    )
    draft_days = models.PositiveSmallIntegerField(
        "Unsent drafts: days kept",
        default=DEFAULT_DRAFT_DAYS,
        help_text="An application never sent is deleted this many days after it was last changed.",
    )
    audit_years = models.PositiveSmallIntegerField(
        "Audit entries: years kept",
        default=DEFAULT_AUDIT_YEARS,
        help_text="The audit log is kept this long (the longest of every partnership's periods applies, "
        "as the log is shared).",
    )

    data_request_years = models.PositiveSmallIntegerField(
        "Data requests: years kept after closing",
        default=DEFAULT_DATA_REQUEST_YEARS,
        help_text="A subject access, rectification or erasure request keeps who asked this long after "
        "it was answered; then only its reference, kind, dates and steps stay.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_years__gte=1, not_met_years__gte=1, draft_days__gte=1, audit_years__gte=1),
                name="retention_periods_at_least_one",
            ),
            models.CheckConstraint(
                condition=Q(data_request_years__gte=1), name="retention_data_requests_at_least_one"
            ),
        ]

    def __str__(self) -> str:
        return f"Retention schedule of {self.partnership}"


class LegalHold(models.Model):
    """A hold on a case: while it is on, the case's personal data is never removed. Placed and lifted
    with a reason (kept here, and beside the case's history events)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="legal_holds")
    placed_at = models.DateTimeField(default=timezone.now)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["application", "placed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=Q(lifted_at__isnull=True), name="one_hold_on_at_a_time"
            ),
            models.CheckConstraint(
                condition=Q(lifted_at__isnull=True, lifted_by__isnull=True)
                | Q(lifted_at__isnull=False, lifted_by__isnull=False, lifted_at__gte=models.F("placed_at")),
                name="hold_lifted_by_someone_after_placed",
            ),
        ]

    def __str__(self) -> str:
        return f"Legal hold on {self.application}"


class AuditExpiry(models.Model):
    """The one row that says before when audit entries may be deleted. The audit table's own trigger
    reads it (retention.db): a DELETE of an older entry passes, every other change or delete is still
    refused. Only the daily sweep moves it, forward."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    before = models.DateTimeField()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="audit_expiry_one_row")]

    def __str__(self) -> str:
        return f"Audit entries before {self.before:%Y-%m-%d} may be deleted"
