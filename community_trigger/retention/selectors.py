"""Reads for retention: a partnership's schedule, which cases' personal data falls to be removed by a
given day and why, and the cases under a legal hold. Everything is asked of the database (one query
a page), so a partnership of 100,000 cases is never read case by case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from community_trigger.agencies.models import Partnership
from community_trigger.agencies.public_pages import public_pages_changed
from community_trigger.audit.services import audit_view
from community_trigger.cases.models import Application
from community_trigger.domain.workflow import ENDED, State
from community_trigger.retention.models import LegalHold, RetentionSchedule

# Why a case's personal data goes, by the rule of the schedule that applies to it.
CLOSED = "closed"
NOT_MET = "not_met"
WITHDRAWN = "withdrawn"
WHY_WORDS: dict[str, StrOrPromise] = {
    CLOSED: _("Closed"),
    NOT_MET: _("Threshold not met"),
    WITHDRAWN: _("Withdrawn"),
}


def schedule_for(partnership: Partnership) -> RetentionSchedule:
    """The partnership's retention schedule, made with the defaults on first use (a partnership added
    after the migration): the periods its privacy notice states and its daily sweep applies. One the
    partnership was read with (the public pages' kept partnership) is not read again."""
    try:
        return partnership.retention_schedule
    except RetentionSchedule.DoesNotExist:
        schedule, made = RetentionSchedule.objects.get_or_create(partnership=partnership)
        if made:
            # The kept copies of the partnership were read without it: read it again with it.
            public_pages_changed(partnership.pk)
        return schedule


def schedule_shown(actor: Any, partnership: Partnership) -> RetentionSchedule:
    """The partnership's schedule for the retention page, recording in the audit log that `actor` was
    shown which of its cases are due to be anonymised and which are on hold."""
    schedule = schedule_for(partnership)
    audit_view(
        actor=actor,
        subject=schedule,
        purpose="",
        detail="retention page: cases due to be anonymised and cases on hold",
    )
    return schedule


def years_after(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes 28 February in a year without it)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def start_of(day: date) -> datetime:
    """The first moment of `day` where the service is."""
    return timezone.make_aware(datetime.combine(day, time.min))


def expiring(partnership: Partnership, *, by: date) -> QuerySet[Application]:
    """The partnership's cases whose personal data falls to be removed on or before `by` (those past it
    already among them), not yet removed and not under a legal hold, soonest first. A case ended
    when it last moved into closed, threshold not met or withdrawn (Application.ended_at, indexed);
    one closed without a decision to review it (its threshold was not met) keeps the shorter period."""
    schedule = schedule_for(partnership)
    # A case expires on the day its period ends: it ended before the day after `by` less the period.
    long_cutoff = start_of(years_after(by, -schedule.closed_years) + timedelta(days=1))
    short_cutoff = start_of(years_after(by, -schedule.not_met_years) + timedelta(days=1))
    held = LegalHold.objects.filter(application=OuterRef("pk"), lifted_at__isnull=True)
    reviewed = Q(state=State.CLOSED) & ~Q(review_decision="")
    return (
        Application.objects.filter(
            partnership=partnership,
            anonymised_at__isnull=True,
            state__in=ENDED,
            ended_at__lt=max(long_cutoff, short_cutoff),
        )
        .filter((reviewed & Q(ended_at__lt=long_cutoff)) | (~reviewed & Q(ended_at__lt=short_cutoff)))
        .exclude(Exists(held))
        .only("pk", "reference", "state", "review_decision", "ended_at")
        .order_by("ended_at", "pk")
    )


@dataclass(frozen=True)
class Expiring:
    """One case on the coordinators' page: its reference, why its data goes, and on which day."""

    reference: str
    why: StrOrPromise
    on: date


def _why(case: Application) -> str:
    if case.state == State.WITHDRAWN:
        return WITHDRAWN
    if case.state == State.THRESHOLD_NOT_MET or not case.review_decision:
        return NOT_MET
    return CLOSED


def expiries_of(cases: list[Application], schedule: RetentionSchedule) -> list[Expiring]:
    """A page of `expiring`'s cases in words: each one's reference, why its data goes, and the day."""
    shown = []
    for case in cases:
        why = _why(case)
        years = schedule.closed_years if why == CLOSED else schedule.not_met_years
        assert case.ended_at is not None  # expiring reads only cases that have ended
        shown.append(
            Expiring(
                reference=case.reference,
                why=WHY_WORDS[why],
                on=years_after(timezone.localdate(case.ended_at), years),
            )
        )
    return shown


def holds_on(partnership: Partnership) -> QuerySet[LegalHold]:
    """The legal holds on the partnership's cases now, the oldest first."""
    return (
        LegalHold.objects.filter(application__partnership=partnership, lifted_at__isnull=True)
        .select_related("application", "placed_by")
        .order_by("placed_at", "pk")
    )


def hold_on(application: Application) -> LegalHold | None:
    """The hold on `application` now, if there is one."""
    return LegalHold.objects.filter(application=application, lifted_at__isnull=True).first()
