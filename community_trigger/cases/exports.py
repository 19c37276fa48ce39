"""The case list as a CSV file, for staff to work on or share within the partnership.

It holds what the list shows and no more: it is written from the list's rows (`CaseRow`), which hold,
for each case someone may see at all, only what every such person may see of it. A cell that a
spreadsheet would read as a formula (one starting with =, +, - or @, as a name typed by the public
might) is prefixed with an apostrophe, so that opening the file never runs anything.

A partnership may have 100,000 cases, so the file is never held whole: the rows are read from the
database a chunk at a time, as plain values rather than model instances, and written out as they come.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from community_trigger.cases.models import Application, Channel, Person, PersonRole
from community_trigger.cases.selectors import CaseRow
from community_trigger.common.wording import next_step_words, state_words

HEADER = (
    "Reference",
    "Partnership",
    "Applicant",
    "State",
    "Next step",
    "Due by",
    "Overdue",
    "Received",
    "Received by",
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# What a row is made from: the columns `CaseRow.of` reads, with the applicant's name.
_COLUMNS = ("reference", "partnership__name", "applicant", "state", "due_by", "submitted_at", "channel")
# How many cases the database hands over at a time, and about how much text is sent at a time.
CHUNK_ROWS = 2000
_CHUNK_CHARACTERS = 32 * 1024


def safe_cell(value: str) -> str:
    """`value` as a spreadsheet will show it, never run it."""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def case_rows(cases: QuerySet[Application]) -> Iterator[CaseRow]:
    """`cases` (from `case_list_matching`), in their order, as the rows `CaseRow.of` would make of
    them, read a chunk at a time. Nothing is read until the first row is asked for."""
    # The words for each state and channel are looked up once, not once a row.
    states: dict[str, tuple[str, str]] = {}
    channels = {value: str(label) for value, label in Channel.choices}
    # The applicant as `with_applicant_name` finds them, without its join back to the case for
    # `Person`'s default order (the case's own, the same for all its people): one index look-up a row.
    applicant = Person.objects.filter(application=OuterRef("pk"), role=PersonRole.APPLICANT)
    values = (
        cases.annotate(applicant=Subquery(applicant.order_by("position").values("name")[:1]))
        .values_list(*_COLUMNS)
        .iterator(chunk_size=CHUNK_ROWS)
    )
    for reference, partnership_name, applicant_name, state, due_by, submitted_at, channel in values:
        if state not in states:
            states[state] = (state_words(state), next_step_words(state) or "")
        public_state, next_step = states[state]
        yield CaseRow(
            reference=reference,
            partnership_name=partnership_name,
            applicant_name=applicant_name or "",
            state=state,
            public_state=public_state,
            next_step=next_step if due_by else "",
            due_by=due_by,
            submitted_at=submitted_at,
            channel=channels.get(channel, channel),
        )


def _cells(row: CaseRow, today: date) -> list[str]:
    due = row.due_by
    return [
        safe_cell(cell)
        for cell in (
            row.reference,
            row.partnership_name,
            row.applicant_name,
            row.public_state,
            row.next_step,
            due.isoformat() if due else "",
            ("Yes" if due < today else "No") if due else "",
            timezone.localdate(row.submitted_at).isoformat(),
            row.channel,
        )
    ]


def cases_csv_chunks(rows: Iterable[CaseRow], *, today: date) -> Iterator[str]:
    """The file a piece at a time: the header, then one line per row in the order given, sent on
    whenever some 32 KB have been written."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(_cells(row, today))
        if buffer.tell() >= _CHUNK_CHARACTERS:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()
