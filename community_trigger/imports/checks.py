"""What each row of a spreadsheet of past cases says, checked: every column's value read and every
problem named by row and column, and the moves the case made, each allowed by the workflow
(domain/workflow.py), with the day it happened. Nothing here writes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext, gettext_lazy

from community_trigger.cases.models import ApplicantRole, Channel, Satisfaction
from community_trigger.common.wording import STATE_WORDS
from community_trigger.domain.workflow import State, after_escalation, can_move, closed_after
from community_trigger.imports.sheets import Problem, Uncalculated, header_key

# The day Schedule 4 of the Anti-social Behaviour, Crime and Policing Act 2014 came into force: no
# Community Trigger case can be older.
FIRST_DAY = date(2014, 10, 20)
SUMMARY_LIMIT = 2000


@dataclass(frozen=True)
class Column:
    header: str
    required: bool = False


# Every column, by its key (its header as header_key reads it), in the order the README lists them.
COLUMNS = {
    column.header: column
    for column in (
        Column("reference"),
        Column("received date", required=True),
        Column("channel", required=True),
        Column("applicant role", required=True),
        Column("satisfaction", required=True),
        Column("applicant name"),
        Column("applicant email"),
        Column("applicant phone"),
        Column("acknowledged date"),
        Column("threshold decision"),
        Column("decision date"),
        Column("review date"),
        Column("outcome sent date"),
        Column("escalation asked date"),
        Column("escalation decided date"),
        Column("escalation upheld"),
        Column("closed date"),
        Column("withdrawn date"),
        Column("agencies"),
        Column("summary"),
    )
}


def _words(*pairs: tuple[str, Iterable[str]]) -> dict[str, str]:
    return {header_key(said): value for value, saids in pairs for said in saids}


# What a spreadsheet may say in each coded column: the code itself, or the words people use.
CHANNELS = _words(
    (Channel.ONLINE, ("online", "web", "website")),
    (Channel.PHONE, ("phone", "telephone", "by phone")),
    (Channel.POST, ("post", "letter", "by post")),
    (Channel.EMAIL, ("email", "e-mail", "by email")),
    (Channel.IN_PERSON, ("in person", "in_person", "face to face")),
)
ROLES = _words(
    (ApplicantRole.VICTIM, ("victim", "the victim")),
    (ApplicantRole.REPRESENTATIVE, ("representative", "acting for the victim", "on behalf")),
    (
        ApplicantRole.GROUP_REPRESENTATIVE,
        ("group", "group representative", "group_representative", "acting for a group"),
    ),
)
SATISFACTIONS = _words(
    (Satisfaction.NO_ACTION, ("no action", "no_action", "no action taken")),
    (Satisfaction.NOT_SATISFIED, ("not satisfied", "not_satisfied", "dissatisfied")),
    (Satisfaction.SATISFIED, ("satisfied",)),
)
DECISIONS = _words(
    (State.THRESHOLD_MET, ("met", "threshold met", "threshold_met")),
    (State.THRESHOLD_NOT_MET, ("not met", "threshold not met", "threshold_not_met")),
    (State.DISCRETIONARY_REVIEW, ("discretionary", "discretionary review", "discretionary_review")),
)
YES_NO = _words(("yes", ("yes", "y", "true", "upheld")), ("no", ("no", "n", "false", "not upheld")))

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_UK = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


@dataclass(frozen=True)
class Move:
    """One move of an imported case, on the day it happened."""

    moved_from: State | None
    moved_to: State
    on: date


@dataclass
class Planned:
    """A row that passed every check: the case to create and the moves it made."""

    row: int
    reference: str
    received: date
    channel: str
    applicant_role: str
    satisfaction: str
    applicant_name: str = ""
    applicant_email: str = ""
    applicant_phone: str = ""
    agencies: list[int] = field(default_factory=list)
    agency_names: list[str] = field(default_factory=list)
    summary: str = ""
    moves: list[Move] = field(default_factory=list)
    review_decision: str = ""

    @property
    def state(self) -> State:
        return self.moves[-1].moved_to


@dataclass(frozen=True)
class Context:
    """What the checks compare a row with: the partnership's agencies (by name, in lower case) and today."""

    agencies: Mapping[str, int]
    today: date


class _Row:
    """One row's cells by column key, gathering its problems as they are read."""

    def __init__(self, number: int, cells: Mapping[str, Any], headers: Mapping[str, str]) -> None:
        self.number, self.cells, self.headers = number, cells, headers
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.number, self.headers.get(key, key), message))

    def text(self, key: str) -> str:
        value = self.cells.get(key)
        if isinstance(value, Uncalculated):
            self.problem(
                key,
                gettext(
                    "holds a formula with no saved value: open and save the file in a spreadsheet program"
                ),
            )
            return ""
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def _uncalculated(self, key: str) -> bool:
        """The cell's formula has no value (already reported by `text`)."""
        return isinstance(self.cells.get(key), Uncalculated)

    def coded(self, key: str, known: Mapping[str, str], what: str) -> str:
        said = self.text(key)
        if not said:
            if COLUMNS[key].required and not self._uncalculated(key):
                self.problem(key, gettext("is empty: enter the %(what)s") % {"what": what})
            return ""
        code = known.get(header_key(said))
        if code is None:
            choices = ", ".join(sorted({value.replace("_", " ") for value in known.values()}))
            self.problem(
                key,
                gettext("“%(said)s” is not a known %(what)s (use one of: %(choices)s)")
                % {"said": said, "what": what, "choices": choices},
            )
            return ""
        return code

    def date(self, key: str, today: date) -> date | None:
        value = self.cells.get(key)
        if isinstance(value, datetime):
            day: date = value.date()
        elif isinstance(value, date):
            day = value
        else:
            said = self.text(key)
            if not said:
                if COLUMNS[key].required and not self._uncalculated(key):
                    self.problem(key, gettext("is empty: enter the date"))
                return None
            parsed = _parse_date(said)
            if parsed is None:
                self.problem(
                    key, gettext("“%(said)s” is not a date (write 2024-03-31 or 31/03/2024)") % {"said": said}
                )
                return None
            day = parsed
        if day > today:
            self.problem(key, gettext("%(day)s is in the future") % {"day": day.isoformat()})
            return None
        if day < FIRST_DAY:
            self.problem(
                key,
                gettext("%(day)s is before the Community Trigger began (20 October 2014)")
                % {"day": day.isoformat()},
            )
            return None
        return day


def _parse_date(said: str) -> date | None:
    """An ISO date (2024-03-31) or a UK one, day first (31/03/2024 or 31.3.2024)."""
    for pattern, order in ((_ISO, (0, 1, 2)), (_UK, (2, 1, 0))):
        found = pattern.match(said)
        if found:
            parts = found.groups()
            try:
                return date(int(parts[order[0]]), int(parts[order[1]]), int(parts[order[2]]))
            except ValueError:
                return None
    return None


# The steps a row's dates record, in the order the workflow takes them. A step without a date of its
# own (the acknowledgement of a decided case) is taken on the day before it has one; the steps are
# then sorted by day, in this order within a day: a case closed on the day its escalation was asked
# for closed first.
_CHAIN = (
    "received date",
    "acknowledged date",
    "decision date",
    "review date",
    "outcome sent date",
    "escalation asked date",
    "escalation decided date",
)
_ORDER: dict[str, float] = {key: position for position, key in enumerate(_CHAIN)}
_ORDER["closed date"] = _ORDER["escalation asked date"] - 0.5
_ORDER["withdrawn date"] = len(_CHAIN)

_STEP_TARGETS = {
    "received date": (State.RECEIVED,),
    "acknowledged date": (State.ACKNOWLEDGED,),
    # A review held: information was asked for and the meeting arranged on the way; a spreadsheet
    # seldom keeps those days, so the history puts them on the review's own.
    "review date": (State.INFORMATION_REQUESTED, State.REVIEW_SCHEDULED, State.REVIEW_HELD),
    "outcome sent date": (State.OUTCOME_SENT,),
    "escalation asked date": (State.ESCALATED,),
    "closed date": (State.CLOSED,),
    "withdrawn date": (State.WITHDRAWN,),
}

_LABELS = {
    "received date": gettext_lazy("received date"),
    "acknowledged date": gettext_lazy("acknowledged date"),
    "decision date": gettext_lazy("decision date"),
    "review date": gettext_lazy("review date"),
    "outcome sent date": gettext_lazy("outcome sent date"),
    "escalation asked date": gettext_lazy("escalation asked date"),
    "escalation decided date": gettext_lazy("escalation decided date"),
    "closed date": gettext_lazy("closed date"),
    "withdrawn date": gettext_lazy("withdrawn date"),
}


def row_check(
    number: int, cells: Mapping[str, Any], headers: Mapping[str, str], context: Context
) -> tuple[Planned | None, list[Problem]]:
    """Row `number`'s case, or None, with every problem it has (all of them, not the first)."""
    row = _Row(number, cells, headers)
    reference = row.text("reference")
    if len(reference) > 30:
        row.problem("reference", gettext("is longer than 30 characters"))
    received = row.date("received date", context.today)
    channel = row.coded("channel", CHANNELS, gettext("channel"))
    role = row.coded("applicant role", ROLES, gettext("applicant role"))
    satisfaction = row.coded("satisfaction", SATISFACTIONS, gettext("satisfaction"))
    name, email, phone = row.text("applicant name"), row.text("applicant email"), row.text("applicant phone")
    if len(name) > 200:
        row.problem("applicant name", gettext("is longer than 200 characters"))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            row.problem("applicant email", gettext("“%(said)s” is not an email address") % {"said": email})
    if len(phone) > 40:
        row.problem("applicant phone", gettext("is longer than 40 characters"))
    summary = row.text("summary")
    if len(summary) > SUMMARY_LIMIT:
        row.problem("summary", gettext("is longer than %(limit)s characters") % {"limit": SUMMARY_LIMIT})
    agencies, agency_names = _agencies(row, context)
    decision = row.coded("threshold decision", DECISIONS, gettext("threshold decision"))
    upheld = row.coded("escalation upheld", YES_NO, gettext("answer (yes or no)"))
    days = {key: row.date(key, context.today) for key in _ORDER if key != "received date"}
    days["received date"] = received
    _pairs_check(row, decision, upheld, days)
    moves: list[Move] = []
    review_decision = ""
    if not row.problems and received is not None:
        _order_check(row, days)
        if not row.problems:
            moves, review_decision = _moves(row, days, State(decision) if decision else None, upheld == "yes")
    if row.problems:
        return None, row.problems
    return (
        Planned(
            row=number,
            reference=reference,
            received=received,  # type: ignore[arg-type]
            channel=channel,
            applicant_role=role,
            satisfaction=satisfaction,
            applicant_name=name,
            applicant_email=email,
            applicant_phone=phone,
            agencies=agencies,
            agency_names=agency_names,
            summary=summary,
            moves=moves,
            review_decision=review_decision,
        ),
        [],
    )


def _agencies(row: _Row, context: Context) -> tuple[list[int], list[str]]:
    """The agencies named (separated by semicolons), each one of the partnership's."""
    ids, names = [], []
    for said in (part.strip() for part in row.text("agencies").split(";")):
        if not said:
            continue
        found = context.agencies.get(said.lower())
        if found is None:
            row.problem(
                "agencies", gettext("“%(said)s” is not an agency of this partnership") % {"said": said}
            )
        elif found not in ids:
            ids.append(found)
            names.append(said)
    return ids, names


def _pairs_check(row: _Row, decision: str, upheld: str, days: Mapping[str, date | None]) -> None:
    """Columns that go in pairs: a decision with its date; an escalation's decision with whether it
    was upheld."""
    if decision and days["decision date"] is None and not _said(row, "decision date"):
        row.problem("decision date", gettext("is empty: enter the date of the threshold decision"))
    if days["decision date"] and not decision and not _said(row, "threshold decision"):
        row.problem("threshold decision", gettext("is empty: say what was decided on the decision date"))
    if days["escalation decided date"] and not upheld and not _said(row, "escalation upheld"):
        row.problem(
            "escalation upheld", gettext("is empty: say whether the escalation was upheld (yes or no)")
        )
    if upheld and days["escalation decided date"] is None and not _said(row, "escalation decided date"):
        row.problem("escalation decided date", gettext("is empty: enter the day the escalation was decided"))


def _said(row: _Row, key: str) -> bool:
    """The cell holds something (already reported if it could not be read)."""
    return row.cells.get(key) not in (None, "")


def _order_check(row: _Row, days: Mapping[str, date | None]) -> None:
    """Each step on or after the one before it; a withdrawal after everything; a closing after the
    steps before an escalation."""
    latest: tuple[str, date] | None = None
    for key in _CHAIN:
        day = days[key]
        if day is None:
            continue
        if latest and day < latest[1]:
            row.problem(key, _before(day, latest))
        else:
            latest = (key, day)
    before_closing = [key for key in _CHAIN[: _CHAIN.index("escalation asked date")] if days[key]]
    for key, after in (
        ("closed date", before_closing),
        ("withdrawn date", [k for k in _ORDER if k != "withdrawn date"]),
    ):
        day = days[key]
        if day is None:
            continue
        for earlier in after:
            other = days[earlier]
            if other and day < other:
                row.problem(key, _before(day, (earlier, other)))
                break


def _before(day: date, latest: tuple[str, date]) -> str:
    return gettext("%(day)s is before the %(other)s (%(then)s): the dates are out of order") % {
        "day": day.isoformat(),
        "other": _LABELS[latest[0]],
        "then": latest[1].isoformat(),
    }


def _moves(
    row: _Row, days: Mapping[str, date | None], decision: State | None, upheld: bool
) -> tuple[list[Move], str]:
    """The case's moves, each one the workflow allows from where the case then was; a Problem on the
    column whose step it cannot take. Also the standing decision to hold a review, if any."""
    steps = {key: day for key, day in days.items() if day is not None}
    if decision and "acknowledged date" not in steps:
        steps["acknowledged date"] = steps["received date"]
    moves: list[Move] = []
    current: State | None = None
    escalated_from: State | None = None
    review_decision = ""
    for key, day in sorted(steps.items(), key=lambda step: (step[1], _ORDER[step[0]])):
        if key == "decision date":
            targets: tuple[State, ...] = (decision,) if decision else ()
        elif key == "escalation decided date":
            if current != State.ESCALATED or escalated_from is None:
                row.problem(
                    key,
                    gettext("there is no escalation to decide on this day: enter the day it was asked for"),
                )
                return [], ""
            try:
                history = [(move.moved_from, move.moved_to) for move in moves]
                targets = (
                    after_escalation(escalated_from, upheld=upheld, closed_after=closed_after(history)),
                )
            except ValueError:
                targets = (State.ACKNOWLEDGED,)  # never reached: a closed case was closed after a step
        else:
            targets = _STEP_TARGETS[key]
        for target in targets:
            if current is not None and not can_move(current, target):
                row.problem(
                    key,
                    gettext(
                        "a case that is “%(state)s” cannot move to “%(to)s”: "
                        "the workflow cannot reach this state"
                    )
                    % {"state": STATE_WORDS[current], "to": STATE_WORDS[target]},
                )
                return [], ""
            if target == State.ESCALATED:
                escalated_from = current
            if target in (State.THRESHOLD_MET, State.DISCRETIONARY_REVIEW):
                review_decision = target.value
            elif target in (State.THRESHOLD_NOT_MET, State.ACKNOWLEDGED):
                review_decision = ""
            moves.append(Move(current, target, day))
            current = target
    return moves, review_decision


def cells_by_key(cells: list[Any], positions: Mapping[str, int]) -> dict[str, Any]:
    """A row's cells by column key, from the headers' positions."""
    return {key: cells[position] if position < len(cells) else None for key, position in positions.items()}


def headers_check(cells: Iterable[Any]) -> tuple[dict[str, int], dict[str, str], list[Problem]]:
    """The known columns' positions and their headers as written, with the header row's problems:
    a column not known (a misspelt header would otherwise be quietly left out), one given twice, a
    required one missing."""
    positions: dict[str, int] = {}
    written: dict[str, str] = {}
    problems = []
    for position, header in enumerate(cells):
        key = header_key(header)
        if not key:
            continue
        if key not in COLUMNS:
            problems.append(
                Problem(1, str(header), gettext("is not a column this import knows (see the README)"))
            )
        elif key in positions:
            problems.append(Problem(1, str(header), gettext("is given twice")))
        else:
            positions[key], written[key] = position, str(header).strip()
    for key, column in COLUMNS.items():
        if column.required and key not in positions:
            problems.append(Problem(1, key, gettext("is missing: the file needs this column")))
    return positions, written, problems
