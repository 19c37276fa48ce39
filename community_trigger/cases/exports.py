"""The case list as a CSV file, for staff to work on or share within the partnership.

It holds what the list shows and no more: for each case someone may see at all (`case_list_for`),
only what every such person may see of it (see `Disclosure` in cases/selectors.py). A cell that a
spreadsheet would read as a formula (one starting with =, +, - or @, as a name typed by the public
might) is prefixed with an apostrophe, so that opening the file never runs anything.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date

from django.utils import timezone

from community_trigger.cases.models import Application
from community_trigger.domain.deadlines import next_step
from community_trigger.domain.workflow import State

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


def cases_csv(cases: Iterable[Application], *, today: date) -> str:
    """One row per case (each annotated with `applicant_name`), in the order given."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for case in cases:
        due = case.due_by
        writer.writerow(
            [
                safe_cell(cell)
                for cell in (
                    case.reference,
                    case.partnership.name,
                    getattr(case, "applicant_name", "") or "",
                    case.public_state,
                    (next_step(State(case.state)) or "") if due else "",
                    due.isoformat() if due else "",
                    ("Yes" if due < today else "No") if due else "",
                    timezone.localdate(case.submitted_at).isoformat(),
                    case.get_channel_display(),
                )
            ]
        )
    return out.getvalue()
