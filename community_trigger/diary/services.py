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


def _check(entry: Entry, *, now: datetime) -> None:
    """Refuse `entry` (not yet saved) with the first thing wrong with it; a note loses any direction."""
    if entry.kind not in EntryKind.values:
        raise DiaryEntryRefused(gettext("Select what kind of entry this is"), field="kind")
    if entry.visibility not in Visibility.values:
        raise DiaryEntryRefused(gettext("Select who may read it"), field="visibility")
    if entry.kind == EntryKind.NOTE:
        # A note is nobody's contact: it has no direction, whatever was sent with it.
        entry.direction = ""
    elif entry.direction not in Direction.values:
        raise DiaryEntryRefused(gettext("Say whether the contact was received or made"), field="direction")
    if timezone.is_naive(entry.happened_at):
        raise ValueError("happened_at must be an aware datetime")
    if entry.happened_at > now:
        raise DiaryEntryRefused(gettext("When it happened must be now or in the past"), field="happened_at")
    if not entry.summary:
        raise DiaryEntryRefused(gettext("Enter a summary"), field="summary")
    if len(entry.summary) > SUMMARY_LIMIT:
        raise DiaryEntryRefused(
            gettext("The summary must be %(limit)s characters or fewer") % {"limit": SUMMARY_LIMIT},
            field="summary",
        )
    if len(entry.with_whom) > WITH_WHOM_LIMIT:
        raise DiaryEntryRefused(
            gettext("Who it was with must be %(limit)s characters or fewer") % {"limit": WITH_WHOM_LIMIT},
            field="with_whom",
        )


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
    entry = Entry(
        application=case,
        kind=kind,
        direction=direction,
        with_whom=with_whom.strip(),
        happened_at=happened_at,
        summary=summary.strip(),
        visibility=visibility,
        written_by=actor,
        written_for_id=_writing_for(actor, case),
        written_at=now,
    )
    _check(entry, now=now)
    entry.save()
    event_record(
        application=case,
        kind=Happened.NOTE_ADDED,
        actor=actor,
        at=now,
        facts={"entry": entry.pk, "kind": kind, "visibility": visibility},
    )
    return entry
