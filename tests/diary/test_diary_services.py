"""Adding to a case's diary: who may write, what the entry must say, and who may read it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from accounts.people import staff
from django.utils import timezone
from reviews.builders import Team, team

from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application, Happened
from community_trigger.diary.models import Entry, EntryKind, Visibility
from community_trigger.diary.selectors import entries_for, entry_visible_to
from community_trigger.diary.services import DiaryEntryRefused
from community_trigger.domain.access import Role
from community_trigger.domain.actions import REASONS, Why
from community_trigger.sharing.models import InformationRequest
from diary.builders import asked_case, entry

pytestmark = pytest.mark.django_db

CONFIDED = "She told me on the phone that she is frightened to leave the house."


@pytest.fixture
def people() -> Team:
    return team()


@pytest.fixture
def case(people: Team) -> Application:
    return asked_case(people, people.police)


def _add(case: Application, actor: Any, **overrides: Any) -> Entry:
    return entry(case, actor, overrides.pop("summary", CONFIDED), **overrides)


def test_the_coordinators_entry_is_in_the_history_and_the_audit_log_without_its_words(
    people: Team, case: Application
) -> None:
    entry = _add(case, people.coordinator)

    event = case.events.get(kind=Happened.NOTE_ADDED)
    assert event.facts == {"entry": entry.pk, "kind": "call", "visibility": "coordinators"}
    assert event.actor == people.coordinator
    assert event.reason == ""
    assert CONFIDED not in str(event.facts)
    audited = AuditEntry.objects.get(subject_id=str(case.pk), detail="case diary entry")
    assert audited.action == AuditEntry.Action.CREATE
    assert CONFIDED not in audited.detail
    assert entry.written_for is None


def test_an_officer_of_the_asked_agency_writes_for_their_agency(people: Team, case: Application) -> None:
    entry = _add(case, people.police_officer, visibility=Visibility.AGENCIES)

    assert entry.written_for == people.police
    assert entry.written_by == people.police_officer


@pytest.mark.parametrize(
    ("who", "why"),
    [
        ("housing_officer", Why.NOT_ASKED),  # their agency was not asked about this case
        ("chair", Why.NOT_YOUR_ROLE),
    ],
)
def test_only_the_coordinator_and_the_asked_agency_write(
    people: Team, case: Application, who: str, why: Why
) -> None:
    with pytest.raises(DiaryEntryRefused, match=REASONS[why]):
        _add(case, getattr(people, who))

    assert not Entry.objects.exists()
    assert not case.events.filter(kind=Happened.NOTE_ADDED).exists()


def test_the_auditor_and_another_partnership_do_not_write(case: Application) -> None:
    for actor in (staff("audrey", role=Role.AUDITOR), staff("nobody", role=None)):
        with pytest.raises(DiaryEntryRefused):
            _add(case, actor)


def test_a_contact_cannot_have_happened_in_the_future(people: Team, case: Application) -> None:
    with pytest.raises(DiaryEntryRefused) as refused:
        _add(case, people.coordinator, happened_at=timezone.now() + timedelta(minutes=5))

    assert refused.value.field == "happened_at"


def test_a_contact_says_which_way_it_went_and_a_note_has_no_direction(
    people: Team, case: Application
) -> None:
    with pytest.raises(DiaryEntryRefused) as refused:
        _add(case, people.coordinator, direction="")
    assert refused.value.field == "direction"

    note = _add(case, people.coordinator, kind=EntryKind.NOTE, direction="outgoing", with_whom="")

    assert note.direction == ""


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"summary": "   "}, "summary"),
        ({"visibility": "everyone"}, "visibility"),
        ({"kind": "fax"}, "kind"),
        ({"with_whom": "x" * 201}, "with_whom"),
    ],
)
def test_an_entry_needs_its_summary_and_known_choices(
    people: Team, case: Application, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(DiaryEntryRefused) as refused:
        _add(case, people.coordinator, **overrides)

    assert refused.value.field == field


def test_a_closed_case_still_takes_a_note(people: Team, case: Application) -> None:
    Application.objects.filter(pk=case.pk).update(state="closed")

    assert _add(case, people.coordinator, kind=EntryKind.NOTE, direction="").pk


def test_coordinators_only_means_the_coordinators_and_the_author(people: Team, case: Application) -> None:
    # The housing officer sees the case once housing is asked too.
    InformationRequest.objects.create(
        application=case, agency=people.housing, due_by=timezone.localdate() + timedelta(days=10)
    )
    coordinators = _add(case, people.coordinator, summary="Coordinator's own.")
    police_private = _add(case, people.police_officer, summary="Police, coordinators only.")
    shared = _add(case, people.police_officer, summary="Police, for every agency.", visibility="agencies")
    auditor = staff("audrey", role=Role.AUDITOR)
    elsewhere = staff("olly", role=None)

    reads = {
        "coordinator": {coordinators, police_private, shared},
        "police_officer": {police_private, shared},
        "housing_officer": {shared},
        "chair": {shared},
    }
    for who, expected in reads.items():
        user = getattr(people, who)
        assert set(entries_for(user, case)) == expected, who
        for written in (coordinators, police_private, shared):
            assert entry_visible_to(user, written) is (written in expected), (who, written.summary)
    assert set(entries_for(auditor, case)) == {shared}
    assert not entries_for(elsewhere, case).exists()
    assert not entry_visible_to(elsewhere, shared)


def test_an_agency_not_on_the_case_reads_nothing_of_it(people: Team, case: Application) -> None:
    shared = _add(case, people.coordinator, visibility=Visibility.AGENCIES)

    assert not entries_for(people.housing_officer, case).exists()
    assert not entry_visible_to(people.housing_officer, shared)
