"""Writes for retention: legal holds placed and lifted, a schedule changed (audited), and the daily
sweep that removes what has expired: cases' personal data (retention.anonymise) and audit entries older
than the audit period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from community_trigger.agencies.models import Partnership
from community_trigger.agencies.public_pages import public_pages_changed
from community_trigger.agencies.selectors import StaffAccess
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record
from community_trigger.cases.history import event_record
from community_trigger.cases.models import Application, Happened
from community_trigger.cases.services import case_lock
from community_trigger.datarequests.models import DataRequest, StepWords
from community_trigger.domain.access import Capability
from community_trigger.retention.anonymise import REMOVED, SCHEDULE_LABEL, CaseOnHold, case_anonymise
from community_trigger.retention.models import AuditExpiry, LegalHold, RetentionSchedule
from community_trigger.retention.selectors import expiring, schedule_for, start_of, years_after


class HoldRefused(Exception):
    """The hold cannot be placed or lifted as asked: the message says why."""


def _may_hold(actor: Any, case: Application) -> None:
    """Only someone who manages the partnership's retention places or lifts a hold, whoever calls."""
    if not StaffAccess(actor).can(Capability.MANAGE_RETENTION, case.partnership_id):
        raise HoldRefused(f"You do not manage retention for {case.reference}'s partnership")


@transaction.atomic
def hold_place(*, application: Application, reason: str, actor: Any) -> LegalHold:
    """Put a legal hold on `application`: its personal data is kept, whatever the schedule says, until
    the hold is lifted. The reason is kept on the hold and beside the history event."""
    case = case_lock(application)
    _may_hold(actor, case)
    if not reason.strip():
        raise HoldRefused("Say why the case is to be held")
    if case.anonymised_at is not None:
        raise HoldRefused(f"The personal data of {case.reference} has already been removed")
    if LegalHold.objects.filter(application=case, lifted_at__isnull=True).exists():
        raise HoldRefused(f"{case.reference} is already on hold")
    hold = LegalHold.objects.create(application=case, placed_by=actor, reason=reason.strip())
    event_record(
        application=case, kind=Happened.HOLD_PLACED, actor=actor, facts={"hold": hold.pk}, words=reason
    )
    return hold


@transaction.atomic
def hold_lift(*, application: Application, reason: str, actor: Any) -> LegalHold:
    """Lift the legal hold on `application`, with the reason: the schedule applies to it again."""
    case = case_lock(application)
    _may_hold(actor, case)
    if not reason.strip():
        raise HoldRefused("Say why the hold is lifted")
    hold = LegalHold.objects.filter(application=case, lifted_at__isnull=True).first()
    if hold is None:
        raise HoldRefused(f"{case.reference} is not on hold")
    hold.lifted_at, hold.lifted_by, hold.lift_reason = timezone.now(), actor, reason.strip()
    hold.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    event_record(
        application=case, kind=Happened.HOLD_LIFTED, actor=actor, facts={"hold": hold.pk}, words=reason
    )
    return hold


# The schedule's periods, in the audit log's words.
_PERIODS = {
    "closed_years": "closed cases {was} → {now} years",
    "not_met_years": "threshold not met or withdrawn {was} → {now} years",
    "draft_days": "unsent drafts {was} → {now} days",
    "audit_years": "audit entries {was} → {now} years",
    "data_request_years": "data requests {was} → {now} years",
}


def schedule_changes_words(was: RetentionSchedule | None, now: RetentionSchedule) -> str:
    """What changed in a schedule, in words for the audit log (periods only: nothing personal)."""
    changed = [
        words.format(was=getattr(was, name), now=getattr(now, name))
        for name, words in _PERIODS.items()
        if was is not None and getattr(was, name) != getattr(now, name)
    ]
    return "retention schedule: " + ("; ".join(changed) if changed else "made")


@transaction.atomic
def schedule_save(*, schedule: RetentionSchedule, actor: Any) -> RetentionSchedule:
    """Save a schedule as changed (in the admin) and record what changed in the audit log."""
    was = RetentionSchedule.objects.filter(pk=schedule.pk).first() if schedule.pk else None
    schedule.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CHANGE if was else AuditEntry.Action.CREATE,
        subject=schedule,
        detail=schedule_changes_words(was, schedule),
    )
    # The privacy notice states the periods.
    public_pages_changed(schedule.partnership_id)
    return schedule


@dataclass(frozen=True)
class Swept:
    """What one sweep removed."""

    cases: int = 0
    held_back: int = 0
    audit_entries: int = 0
    data_requests: int = 0


def expired_cases_anonymise(*, partnership: Partnership, today: date) -> tuple[int, int]:
    """Remove the personal data of every case of `partnership` whose period has ended by `today`, one
    transaction per case (a failure leaves the others done); answers (removed, held back by a hold
    placed meanwhile)."""
    removed = held = 0
    ids = list(expiring(partnership, by=today).values_list("pk", flat=True))
    for case in Application.objects.filter(pk__in=ids).iterator(chunk_size=500):
        try:
            removed += case_anonymise(application=case, why="retention")
        except CaseOnHold:
            held += 1
    return removed, held


@transaction.atomic
def expired_data_requests_scrub(*, partnership: Partnership, today: date) -> int:
    """Remove who asked from every data request of `partnership` answered more than the schedule's
    years before `today` (their name and details, and the words kept beside their steps); the
    request's reference, kind, dates and steps stay, so the partnership can still say how many it
    answered and how fast. Answers how many were emptied."""
    before = start_of(years_after(today, -schedule_for(partnership).data_request_years))
    expired = DataRequest.objects.filter(partnership=partnership, closed_at__lt=before).exclude(name=REMOVED)
    StepWords.objects.filter(step__request__in=expired).delete()
    return expired.update(name=REMOVED, email="", phone="", address="", postcode="", date_of_birth=None)


def audit_cutoff(today: date) -> date:
    """The day before which audit entries go: the longest audit period of any partnership, as the
    audit log is one for all of them."""
    years = RetentionSchedule.objects.aggregate(years=Max("audit_years"))["years"]
    return years_after(today, -(years or 7))


def audit_expire(*, today: date) -> int:
    """Delete the audit entries older than the audit period: the cutoff is set in the one-row table
    the audit table's trigger reads (retention.db), then the older rows are deleted; the database
    refuses any other. The deletion is itself audited (how many, before when). Answers how many went."""
    cutoff = audit_cutoff(today)
    before = start_of(cutoff)
    with transaction.atomic():
        expiry, _ = AuditExpiry.objects.update_or_create(pk=1, defaults={"before": before})
        table = connection.ops.quote_name(AuditEntry._meta.db_table)
        column = connection.ops.quote_name(AuditEntry._meta.get_field("at").column)
        with connection.cursor() as cursor:
            # The model refuses deletion in Python (AppendOnlyModel); this is the one path that asks
            # the database, which lets through only rows older than the cutoff.
            cursor.execute(f"DELETE FROM {table} WHERE {column} < %s", [before])  # noqa: S608  # nosec B608
            deleted = int(cursor.rowcount)
        if deleted:
            audit_record(
                actor_label=SCHEDULE_LABEL,
                action=AuditEntry.Action.DELETE,
                subject=expiry,
                detail=f"{deleted} audit entries before {cutoff.isoformat()} deleted: audit period over",
            )
    return deleted


def retention_sweep_run(*, today: date | None = None) -> Swept:
    """The daily sweep: every partnership's expired cases anonymised (held ones kept), its answered
    data requests past their period emptied of who asked, and audit entries past their period
    deleted. Unsent drafts are the public journey's own sweep's, by the same schedule
    (applications.tasks.drafts_sweep)."""
    today = today or timezone.localdate()
    removed = held = requests = 0
    for partnership in Partnership.objects.order_by("pk"):
        done, kept = expired_cases_anonymise(partnership=partnership, today=today)
        removed, held = removed + done, held + kept
        requests += expired_data_requests_scrub(partnership=partnership, today=today)
    return Swept(
        cases=removed, held_back=held, audit_entries=audit_expire(today=today), data_requests=requests
    )
