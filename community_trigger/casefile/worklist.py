"""The staff home's worklist: my open cases, what is due today or overdue, new requests to acknowledge
and messages that failed, each a few rows long with a link to the whole list, from the one access
selector, so it opens as fast with 100,000 cases as with ten."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import F, QuerySet

from community_trigger.agencies.selectors import StaffAccess
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record_many
from community_trigger.cases.models import Application
from community_trigger.cases.selectors import case_list_for
from community_trigger.deadlines.selectors import due_today_for
from community_trigger.domain.access import Capability
from community_trigger.domain.workflow import State
from community_trigger.notifications.models import Message
from community_trigger.notifications.selectors import messages_failed

# Rows in each section; the section links to its whole list when there are more.
SHOWN = 10

ENDED = (State.CLOSED, State.WITHDRAWN)


@dataclass(frozen=True)
class Section:
    """Up to SHOWN rows of one section, and whether there are more than those."""

    rows: list[Any]
    more: bool
    # How many there are in all, where the section counts them (what is due).
    count: int | None = None

    @classmethod
    def of(cls, rows: list[Any]) -> Section:
        """From up to SHOWN + 1 rows: the one past the last says there are more."""
        return cls(rows[:SHOWN], len(rows) > SHOWN)


@dataclass(frozen=True)
class Worklist:
    """What one member of staff has to do. `new_requests` and `failed` are None for someone who does
    not manage cases (they are the coordinators' to act on)."""

    mine: Section
    due: Section
    new_requests: Section | None
    failed: Section | None
    sees_all_cases: bool


def _my_cases(user: Any, visible: QuerySet[Application]) -> list[Application]:
    cases = Application.objects.filter(pk__in=visible.values("pk"), owner_id=user.pk).exclude(state__in=ENDED)
    ordered = cases.select_related("partnership").order_by(F("due_by").asc(nulls_last=True), "pk")
    return list(ordered[: SHOWN + 1])


def _due(user: Any, today: date) -> Section:
    """Due today and overdue, the user's own cases first, then by date (the longest overdue first): the
    first SHOWN and how many in all, listed and counted in the database."""
    due = due_today_for(user, today=today, shown=SHOWN)
    return Section(due.items, due.count > len(due.items), due.count)


def _new_requests(managing: list[int]) -> list[Application]:
    """Requests received and not yet acknowledged, in the partnerships the user manages cases in,
    the oldest (the soonest due) first."""
    cases = Application.objects.filter(partnership_id__in=managing, state=State.RECEIVED)
    ordered = cases.select_related("partnership", "owner").order_by("due_by", "submitted_at", "pk")
    return list(ordered[: SHOWN + 1])


def _failed(managing: list[int]) -> list[Message]:
    """Messages the worker gave up on, or the provider could not deliver, on cases of the partnerships
    the user manages cases in (who may send them again), the latest first."""
    failed = messages_failed().filter(case__partnership_id__in=managing)
    return list(failed.select_related("case").order_by("-last_attempt_at", "-pk")[: SHOWN + 1])


def worklist_for(user: AbstractBaseUser | AnonymousUser, *, today: date) -> Worklist:
    """The staff home's worklist for `user` as of `today`; the cases it lists recorded in the audit
    log as seen on a list."""
    access = StaffAccess(user)
    managing = access.partnerships_where(Capability.MANAGE_CASES)
    visible = case_list_for(user)
    mine = Section.of(_my_cases(user, visible))
    due = _due(user, today)
    new_requests = Section.of(_new_requests(managing)) if managing else None
    failed = Section.of(_failed(managing)) if managing else None
    listed = {case.pk: case for case in mine.rows}
    listed |= {item.case.pk: item.case for item in due.rows if item.case is not None}
    listed |= {case.pk: case for case in (new_requests.rows if new_requests else [])}
    listed |= {message.case.pk: message.case for message in (failed.rows if failed else [])}
    if listed:
        audit_record_many(
            actor=user,
            action=AuditEntry.Action.VIEW,
            subjects=list(listed.values()),
            detail="worklist",
            purpose=AuditEntry.Purpose.CASE_LIST,
        )
    return Worklist(
        mine=mine,
        due=due,
        new_requests=new_requests,
        failed=failed,
        sees_all_cases=bool(access.partnerships_where(Capability.SEE_ALL_PARTNERSHIP_CASES)),
    )
