"""The one dispatcher: every event a case can have says what follows from it, and no service writes an
audit entry, a count or a message by hand."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

import pytest

from community_trigger.cases.models import CaseEvent, Happened
from community_trigger.consequences.dispatch import consequences_of
from community_trigger.domain.workflow import TRANSITIONS, State
from community_trigger.letters.models import Letter
from community_trigger.statistics.models import Counted

SOURCE = Path(__file__).resolve().parents[2] / "community_trigger"
AT = datetime(2026, 3, 2, 10, tzinfo=UTC)
MOVES: list[tuple[State | None, State]] = [(None, State.RECEIVED)]
MOVES += [(was, to) for was, targets in TRANSITIONS.items() for to in sorted(targets)]


def _moved(was: State | None, to: State, **facts: object) -> CaseEvent:
    return CaseEvent(kind=Happened.MOVED, from_state=was or "", to_state=to, at=AT, facts=facts)


def _changed(kind: Happened, **facts: object) -> CaseEvent:
    return CaseEvent(kind=kind, at=AT, facts=facts)


@pytest.mark.parametrize(("was", "to"), MOVES, ids=str)
def test_every_move_has_its_audit_entry(was: State | None, to: State) -> None:
    action, detail = consequences_of(_moved(was, to)).audit
    assert action in {"create", "change"}
    assert detail


@pytest.mark.parametrize("kind", [kind for kind in Happened if kind != Happened.MOVED], ids=str)
def test_every_other_change_has_its_audit_entry(kind: Happened) -> None:
    action, detail = consequences_of(_changed(kind, agency_name="Police", letter_kind="outcome")).audit
    # Removing a case's personal data is a deletion; every other change creates or changes a record.
    assert action in ({"delete"} if kind == Happened.ANONYMISED else {"create", "change"})
    assert detail


def test_a_review_counts_on_the_day_of_its_meeting_not_the_day_of_its_record() -> None:
    held_on = datetime(2026, 3, 31, 18, tzinfo=UTC)
    recorded = _moved(State.REVIEW_SCHEDULED, State.REVIEW_HELD, held_on=held_on.isoformat())

    assert consequences_of(recorded).figures == ((Counted.Figure.REVIEW_CARRIED_OUT, held_on),)


def test_a_threshold_decision_counts_only_when_it_is_made_not_when_an_escalation_returns_to_it() -> None:
    made = consequences_of(_moved(State.ACKNOWLEDGED, State.THRESHOLD_NOT_MET))
    returned = consequences_of(_moved(State.ESCALATED, State.THRESHOLD_NOT_MET))

    assert (made.figures, made.letter) == (
        ((Counted.Figure.THRESHOLD_NOT_MET, AT),),
        Letter.Kind.THRESHOLD_DECISION,
    )
    assert (returned.figures, returned.letter) == ((), Letter.Kind.ESCALATION_DECISION)


@pytest.mark.parametrize(
    ("to", "upheld"),
    [
        (State.ACKNOWLEDGED, True),
        (State.INFORMATION_REQUESTED, True),
        (State.THRESHOLD_NOT_MET, False),
        (State.OUTCOME_SENT, False),
        (State.CLOSED, False),
    ],
)
def test_an_escalation_counts_as_upheld_when_it_sends_the_case_back(to: State, upheld: bool) -> None:
    then = consequences_of(_moved(State.ESCALATED, to))

    assert then.figures == (((Counted.Figure.ESCALATION_UPHELD, AT),) if upheld else ())
    assert then.letter == Letter.Kind.ESCALATION_DECISION


def test_a_meeting_change_writes_to_the_applicant_only_when_what_they_were_told_changed() -> None:
    told = consequences_of(_changed(Happened.MEETING_CHANGED, applicant_told=True))
    not_told = consequences_of(_changed(Happened.MEETING_CHANGED, applicant_told=False))

    assert (told.letter, not_told.letter) == (Letter.Kind.MEETING, None)


# The joint lives in one place ---------------------------------------------------------------------------

# What only the dispatcher writes for a case's changes. (The letters module makes the letter the
# dispatcher asks for, with its audit entry and its email: that is the letter's own making.)
BY_HAND = {
    "audit_record",
    "audit_record_each",
    "audit_record_many",
    "message_queue",
    "letter_send",
    "counted_rows",
    "Counted",
}
SERVICES = sorted(
    str(path.relative_to(SOURCE))
    for pattern in ("cases/services/*.py", "sharing/services.py", "reviews/services/*.py")
    for path in SOURCE.glob(pattern)
)


def _imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


@pytest.mark.parametrize("module", SERVICES)
def test_no_case_service_writes_an_audit_entry_a_count_or_a_message_by_hand(module: str) -> None:
    assert _imported_names(SOURCE / module) & BY_HAND == set()
