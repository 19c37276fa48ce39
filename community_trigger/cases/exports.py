"""The case list as a CSV file, for staff to work on or share within the partnership.

It holds what the list shows and no more: it is written from the list's rows (`CaseRow`), which hold,
for each case someone may see at all, only what every such person may see of it. A cell that a
spreadsheet would read as a formula (one starting with =, +, - or @, as a name typed by the public
might) is prefixed with an apostrophe, so that opening the file never runs anything.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date

from django.utils import timezone

from community_trigger.cases.selectors import CaseRow

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


def safe_cell(value: str) -> str:
    """`value` as a spreadsheet will show it, never run it."""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def cases_csv(rows: Iterable[CaseRow], *, today: date) -> str:
    """One line per row, in the order given."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        due = row.due_by
        writer.writerow(
            [
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
        )
    return out.getvalue()
