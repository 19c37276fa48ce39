"""The published statistics as data: one JSON document (the download and the API answer alike) and CSV.

Each year carries its status: "published" (a frozen version, with its number and date) or
"provisional" (the live figures of a year not yet published, which can still change).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from django.utils import timezone

from community_trigger.agencies.models import Partnership
from community_trigger.domain.figures import FIGURE_LABELS, STANDING_LABELS, Cohort, Standing, YearFigures
from community_trigger.statistics.models import PublishedFigures
from community_trigger.statistics.selectors import YearStatement


def _cohort(cohort: Cohort) -> dict[str, Any]:
    return {
        "received": cohort.received,
        "met": cohort.met,
        "did_not_meet": cohort.did_not_meet,
        "pending": cohort.pending,
        "withdrawn": cohort.withdrawn,
        "by_standing": cohort.as_dict(),
    }


def _version(published: PublishedFigures) -> dict[str, Any]:
    return {
        "version": published.version,
        "published_at": published.published_at.isoformat(),
        "sentence": published.sentence,
        "figures": published.year_figures.as_dict(),
        "cohort": _cohort(published.year_cohort),
    }


def year_document(statement: YearStatement) -> dict[str, Any]:
    """One year as the API and the JSON download give it."""
    published = statement.published
    return {
        "year": statement.year.label,
        "slug": statement.year.slug,
        "first_day": statement.year.first_day.isoformat(),
        "last_day": statement.year.last_day.isoformat(),
        "complete": statement.complete,
        "status": statement.status,
        "version": published.version if published else None,
        "published_at": published.published_at.isoformat() if published else None,
        "sentence": statement.sentence,
        "figures": statement.figures.as_dict(),
        "cohort": _cohort(statement.cohort),
        "earlier_versions": [_version(earlier) for earlier in statement.earlier_versions],
    }


def partnership_summary(partnership: Partnership) -> dict[str, str]:
    return {"name": partnership.name, "slug": partnership.slug, "year_basis": partnership.year_basis}


def partnership_document(
    partnership: Partnership, statements: list[YearStatement], *, now: datetime | None = None
) -> dict[str, Any]:
    """Every year of a partnership, oldest first, with who it is and when this was made."""
    return {
        "partnership": partnership_summary(partnership),
        "generated_at": (now or timezone.now()).isoformat(),
        "years": [year_document(statement) for statement in statements],
    }


COHORT_COLUMNS = {f"cohort_{standing.value}": STANDING_LABELS[standing] for standing in Standing}
CSV_COLUMNS = [
    "year",
    "first_day",
    "last_day",
    "complete",
    "status",
    "version",
    "published_at",
    *FIGURE_LABELS,
    *COHORT_COLUMNS,
    "sentence",
]


def as_csv(statements: list[YearStatement]) -> str:
    """One row a year, oldest first; a header of the column names above (figures by their field name,
    as in the JSON, so a spreadsheet and a program read the same columns)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for statement in statements:
        document = year_document(statement)
        figures: YearFigures = statement.figures
        writer.writerow(
            {
                **{name: document[name] for name in CSV_COLUMNS[:7]},
                "complete": "yes" if statement.complete else "no",
                "version": document["version"] or "",
                "published_at": document["published_at"] or "",
                **figures.as_dict(),
                **{f"cohort_{name}": number for name, number in statement.cohort.as_dict().items()},
                "sentence": statement.sentence,
            }
        )
    return out.getvalue()
