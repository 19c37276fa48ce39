"""Importing past cases: `import_check` reads a whole file and reports every problem, saving nothing;
`cases_import` checks it again and, only if it is clean, creates every case with its history in one
transaction (all rows or none), then recounts the partnership's figures and records the import in
the audit log.

Each case's history is written as the workflow would have written it, move by move through
`event_record`, on the days the spreadsheet gives, so the yearly figures count each decision in its own
year. The events say they were imported: the dispatcher sends no letter or email for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from community_trigger.agencies.models import Partnership
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record
from community_trigger.cases.history import event_record
from community_trigger.cases.models import Application, Happened, Person, PersonRole, ReferenceCounter
from community_trigger.common.calendar import bank_holidays_from, working_days_after
from community_trigger.consequences.dispatch import recount
from community_trigger.domain.deadlines import due_date
from community_trigger.domain.workflow import State
from community_trigger.imports.checks import Context, Planned, cells_by_key, headers_check, row_check
from community_trigger.imports.sheets import Opener, Problem, Unreadable, rows_of

# Rows checked against the cases already kept, and created, this many at a time.
BATCH = 500


@dataclass
class Report:
    """What a dry run found: every problem by row and column, and how many rows are ready."""

    name: str
    problems: list[Problem] = field(default_factory=list)
    ready: int = 0
    # The highest number each year among the references the file gives (TVP-2019-0007 is 7 in 2019),
    # so new references are numbered after them.
    given_numbers: dict[int, int] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return not self.problems and self.ready > 0


class ImportRefused(Exception):
    """The file has problems: nothing was saved."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{len(report.problems)} problem(s) in {report.name}")
        self.report = report


def import_check(*, partnership: Partnership, opener: Opener, name: str, today: date | None = None) -> Report:
    """Read the whole file and report every row's problems; nothing is saved."""
    report = Report(name=name)
    for _ in _planned(partnership, opener, report, today or timezone.localdate()):
        report.ready += 1
    if not report.problems and report.ready == 0:
        report.problems.append(Problem(1, "", gettext("The file has no cases in it")))
    return report


def _planned(partnership: Partnership, opener: Opener, report: Report, today: date) -> Iterator[Planned]:
    """The file's cases that pass every check, one at a time, with the others' problems in `report`."""
    context = Context(
        agencies={name.lower(): pk for pk, name in partnership.agencies.values_list("pk", "name")},
        today=today,
    )
    pattern = re.compile(rf"^{re.escape(partnership.reference_prefix)}-(\d{{4}})-(\d+)$", re.IGNORECASE)
    seen: set[str] = set()
    batch: list[Planned] = []
    try:
        rows = rows_of(opener, name=report.name)
        first = next(rows, None)
        if first is None:
            return
        positions, headers, problems = headers_check(first[1])
        report.problems += problems
        if problems:
            return
        for number, cells in rows:
            planned, problems = row_check(number, cells_by_key(cells, positions), headers, context)
            report.problems += problems
            if planned is None:
                continue
            if planned.reference and not _reference_check(planned, headers, pattern, seen, report):
                continue
            batch.append(planned)
            if len(batch) >= BATCH:
                yield from _not_kept_already(batch, headers, report)
                batch = []
        yield from _not_kept_already(batch, headers, report)
    except Unreadable as error:
        report.problems.append(Problem(0, "", str(error)))


def _reference_check(
    planned: Planned, headers: dict[str, str], pattern: re.Pattern[str], seen: set[str], report: Report
) -> bool:
    column = headers.get("reference", "reference")
    key = planned.reference.upper()
    if key in seen:
        report.problems.append(
            Problem(
                planned.row,
                column,
                gettext("%(reference)s is given twice in the file") % {"reference": planned.reference},
            )
        )
        return False
    seen.add(key)
    found = pattern.match(planned.reference)
    if found:
        year, number = int(found.group(1)), int(found.group(2))
        if year != planned.received.year:
            report.problems.append(
                Problem(
                    planned.row,
                    column,
                    gettext("%(reference)s names %(year)s, but the case was received in %(received)s")
                    % {"reference": planned.reference, "year": year, "received": planned.received.year},
                )
            )
            return False
        report.given_numbers[year] = max(report.given_numbers.get(year, 0), number)
    return True


def _not_kept_already(batch: list[Planned], headers: dict[str, str], report: Report) -> Iterator[Planned]:
    """The batch without the cases whose reference is already in the service (one query a batch)."""
    given = [planned.reference for planned in batch if planned.reference]
    kept = (
        {
            reference.upper()
            for reference in Application.objects.filter(reference__in=given).values_list(
                "reference", flat=True
            )
        }
        if given
        else set()
    )
    for planned in batch:
        if planned.reference.upper() in kept:
            report.problems.append(
                Problem(
                    planned.row,
                    headers.get("reference", "reference"),
                    gettext("%(reference)s is already a case in this service")
                    % {"reference": planned.reference},
                )
            )
        else:
            yield planned


@dataclass(frozen=True)
class Imported:
    name: str
    cases: int


@transaction.atomic
def cases_import(
    *, partnership: Partnership, opener: Opener, name: str, actor: Any = None, today: date | None = None
) -> Imported:
    """Check the file and, if every row is right, create all its cases with their histories; raise
    ImportRefused with the report (and save nothing) if any row is wrong. One transaction: a failure
    anywhere leaves the service as it was."""
    today = today or timezone.localdate()
    # One import at a time per partnership: the references it numbers are counted once.
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    report = import_check(partnership=partnership, opener=opener, name=name, today=today)
    if not report.clean:
        raise ImportRefused(report)
    numbers = _Numbers(partnership, report.given_numbers)
    label = f"imported from {name}"[:100]
    created = 0
    batch: list[Planned] = []
    second = Report(name=name)
    for planned in _planned(partnership, opener, second, today):
        batch.append(planned)
        if len(batch) >= BATCH:
            created += _create(partnership, batch, numbers, label, name)
            batch = []
    created += _create(partnership, batch, numbers, label, name)
    if second.problems:
        # The file changed under us between the two readings: undo everything rather than leave a row out.
        raise ImportRefused(second)
    numbers.save()
    recount([partnership.pk])
    audit_record(
        actor=actor,
        actor_label="" if actor else "the command line",
        action=AuditEntry.Action.CREATE,
        subject=partnership,
        detail=f"imported {created} past case(s) from {name}",
    )
    return Imported(name=name, cases=created)


class _Numbers:
    """The partnership's reference numbers, counted in memory through the import (each year's counter
    locked on first use) and written back once."""

    def __init__(self, partnership: Partnership, given: dict[int, int]) -> None:
        self.partnership, self.given = partnership, given
        self.last: dict[int, int] = {}

    def _load(self, year: int) -> None:
        if year not in self.last:
            counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(
                partnership=self.partnership, year=year
            )
            self.last[year] = max(counter.last, self.given.get(year, 0))

    def take(self, year: int) -> tuple[int, str]:
        self._load(year)
        self.last[year] += 1
        number = self.last[year]
        return number, f"{self.partnership.reference_prefix}-{year}-{number:04d}"

    def save(self) -> None:
        for year in self.given:
            self._load(year)
        for year, last in self.last.items():
            ReferenceCounter.objects.filter(partnership=self.partnership, year=year).update(last=last)


def _moment(day: date) -> datetime:
    """A day of the spreadsheet as a moment: its start, in the service's time zone (the time of day
    is not known), which is how the figures tell years apart."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _number(planned: Planned, numbers: _Numbers) -> tuple[int, str]:
    if planned.reference:
        digits = re.search(r"-(\d{4})-(\d+)$", planned.reference)
        prefix = f"{numbers.partnership.reference_prefix}-".upper()
        if (
            digits
            and planned.reference.upper().startswith(prefix)
            and int(digits.group(1)) == planned.received.year
        ):
            return int(digits.group(2)), planned.reference
        # A reference of another shape keeps its words and takes the next number of its year.
        return numbers.take(planned.received.year)[0], planned.reference
    return numbers.take(planned.received.year)


def _create(partnership: Partnership, batch: list[Planned], numbers: _Numbers, label: str, name: str) -> int:
    """Create a batch of cases together, then write each one's history move by move."""
    if not batch:
        return 0
    cases = []
    for planned in batch:
        number, reference = _number(planned, numbers)
        last_day = planned.moves[-1].on
        cases.append(
            Application(
                partnership=partnership,
                reference=reference,
                year=planned.received.year,
                number=number,
                channel=planned.channel,
                state=planned.state,
                submitted_at=_moment(planned.received),
                applicant_role=planned.applicant_role,
                satisfaction=planned.satisfaction,
                acknowledge_by=working_days_after(planned.received, partnership.acknowledge_within_days),
                due_by=due_date(
                    planned.state, last_day, partnership.timescales, bank_holidays_from(last_day)
                ),
                review_decision=planned.review_decision,
            )
        )
    Application.objects.bulk_create(cases)
    Person.objects.bulk_create(
        Person(
            application=case,
            role=PersonRole.APPLICANT,
            position=0,
            name=planned.applicant_name,
            email=planned.applicant_email,
            phone=planned.applicant_phone,
        )
        for case, planned in zip(cases, batch, strict=True)
        if planned.applicant_name or planned.applicant_email or planned.applicant_phone
    )
    for case, planned in zip(cases, batch, strict=True):
        for position, move in enumerate(planned.moves):
            facts: dict[str, Any] = {"imported": True}
            if move.moved_to == State.RECEIVED:
                facts.update(
                    channel=planned.channel,
                    received_on=planned.received,
                    row=planned.row,
                    agencies=planned.agencies,
                )
            elif move.moved_to == State.REVIEW_HELD:
                facts["held_on"] = _moment(move.on)
            event_record(
                application=case,
                kind=Happened.MOVED,
                moved_from=move.moved_from,
                moved_to=move.moved_to,
                actor_label=label,
                at=_moment(move.on),
                facts=facts,
                words=_words(planned, name) if position == 0 else "",
            )
    return len(batch)


def _words(planned: Planned, name: str) -> str:
    """What the case's first event keeps beside it: where it came from, who was involved, the summary."""
    said = [f"Imported from {name}, row {planned.row}."]
    if planned.agency_names:
        said.append(f"Agencies involved: {'; '.join(planned.agency_names)}.")
    if planned.summary:
        said.append(f"Summary: {planned.summary}")
    return " ".join(said)
