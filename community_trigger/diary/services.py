"""Writes for the case diary: a note added, or a contact logged, by the coordinator or by an agency
asked about the case. Its words stay in the diary; the history records that it was added."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from community_trigger.agencies.selectors import StaffAccess
from community_trigger.cases.history import event_record
from community_trigger.cases.models import Application, Happened
from community_trigger.cases.services import case_lock, step_check
from community_trigger.diary.models import Direction, Entry, EntryKind, Visibility
from community_trigger.domain.access import Capability
from community_trigger.domain.actions import Action

SUMMARY_LIMIT = 10_000
WITH_WHOM_LIMIT = 200  # the column's length


class DiaryEntryRefused(Exception):
    """The entry cannot be written: `field` is what is wrong with it ("" for who is writing it)."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def _writing_for(actor: Any, case: Application) -> int | None:
    """The agency an entry is written for: none for the partnership's coordinator; otherwise the
    actor's agency that was asked about the case (the first asked, for someone in two of them)."""
    access = StaffAccess(actor)
    if access.can(Capability.MANAGE_CASES, case.partnership_id):
        return None
    answering = access.agencies_where(Capability.ANSWER_INFORMATION_REQUESTS)
    asked = case.information_requests.filter(agency_id__in=answering).order_by("pk")
    return asked.values_list("agency_id", flat=True).first()


def _checked(
    *,
    kind: str,
    direction: str,
    with_whom: str,
    happened_at: datetime,
    summary: str,
    visibility: str,
    now: datetime,
) -> tuple[str, str, str]:
    """The entry's direction, with whom and summary as kept, or the first thing wrong with it."""
    if kind not in EntryKind.values:
        raise DiaryEntryRefused(gettext("Select what kind of entry this is"), field="kind")
    if visibility not in Visibility.values:
        raise DiaryEntryRefused(gettext("Select who may read it"), field="visibility")
    if kind == EntryKind.NOTE:
        # A note is nobody's contact: it has no direction, whatever was sent with it.
        direction = ""
    elif direction not in Direction.values:
        raise DiaryEntryRefused(gettext("Say whether the contact was received or made"), field="direction")
    if timezone.is_naive(happened_at):
        raise ValueError("happened_at must be an aware datetime")
    if happened_at > now:
        raise DiaryEntryRefused(gettext("When it happened must be now or in the past"), field="happened_at")
    summary = summary.strip()
    if not summary:
        raise DiaryEntryRefused(gettext("Enter a summary"), field="summary")
    if len(summary) > SUMMARY_LIMIT:
        raise DiaryEntryRefused(
            gettext("The summary must be %(limit)s characters or fewer") % {"limit": SUMMARY_LIMIT},
            field="summary",
        )
    with_whom = with_whom.strip()
    if len(with_whom) > WITH_WHOM_LIMIT:
        raise DiaryEntryRefused(
            gettext("Who it was with must be %(limit)s characters or fewer") % {"limit": WITH_WHOM_LIMIT},
            field="with_whom",
        )
    return direction, with_whom, summary


@transaction.atomic
def diary_entry_add(
    *,
    application: Application,
    actor: Any,
    kind: str,
    happened_at: datetime,
    summary: str,
    visibility: str,
    direction: str = "",
    with_whom: str = "",
    now: datetime | None = None,
) -> Entry:
    """Add a note, or log a contact, to `application`'s diary, readable by the partnership's
    coordinators only or by every agency on the case (`visibility`), and record it in the history.

    The coordinator writes on any case of theirs; an agency officer on a case their agency was asked
    about, for that agency (the rulebook's WRITE_IN_DIARY). A contact says which way it went
    (`direction`); a note has none. It cannot have happened after `now`. The history's event holds the
    entry's id, kind and visibility, never its summary, so the event may be shown to those who may not
    read the entry.
    """
    now = now or timezone.now()
    case = case_lock(application)
    step_check(case, Action.WRITE_IN_DIARY, actor=actor, refused=DiaryEntryRefused, now=now)
    direction, with_whom, summary = _checked(
        kind=kind,
        direction=direction,
        with_whom=with_whom,
        happened_at=happened_at,
        summary=summary,
        visibility=visibility,
        now=now,
    )
    entry = Entry.objects.create(
        application=case,
        kind=kind,
        direction=direction,
        with_whom=with_whom,
        happened_at=happened_at,
        summary=summary,
        visibility=visibility,
        written_by=actor,
        written_for_id=_writing_for(actor, case),
        written_at=now,
    )
    event_record(
        application=case,
        kind=Happened.NOTE_ADDED,
        actor=actor,
        at=now,
        facts={"entry": entry.pk, "kind": kind, "visibility": visibility},
    )
    return entry
