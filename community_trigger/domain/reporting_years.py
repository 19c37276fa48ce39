"""Reporting years for the published figures: financial ("2023/24", April to March) or calendar ("2023").

s104 asks the relevant bodies to publish their figures at least once every twelve months, without
saying which twelve. Most partnerships publish by financial year; some (Watford) by calendar year, so
the basis is a setting of each partnership. A year is named for people as "2023/24" or "2023" and
in addresses as "2023-24" or "2023" (a slash cannot stand in a URL path segment).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from community_trigger.domain.errors import InvalidInput

# The month a financial year begins in (1 April); a calendar year begins in January.
FINANCIAL_YEAR_FIRST_MONTH = 4
# Schedule 4 came into force in 2014: no year before it can hold an application.
EARLIEST_YEAR = 2014
LATEST_YEAR = 9998


class YearBasis(StrEnum):
    FINANCIAL = "financial"
    CALENDAR = "calendar"


BASIS_LABELS = {
    YearBasis.FINANCIAL: "Financial year (April to March)",
    YearBasis.CALENDAR: "Calendar year (January to December)",
}
# As a sentence says it: "The figures are counted in financial years, from April to March."
BASIS_WORDS = {
    YearBasis.FINANCIAL: "financial years, from April to March",
    YearBasis.CALENDAR: "calendar years, from January to December",
}


@dataclass(frozen=True, order=True, slots=True)
class ReportingYear:
    """One reporting year, named by the calendar year it starts in."""

    basis: YearBasis
    start_year: int

    @property
    def first_day(self) -> date:
        month = FINANCIAL_YEAR_FIRST_MONTH if self.basis is YearBasis.FINANCIAL else 1
        return date(self.start_year, month, 1)

    @property
    def first_day_after(self) -> date:
        """The first day of the next year: a year is the days from first_day up to, not including, this."""
        return self.next().first_day

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.first_day_after.toordinal() - 1)

    @property
    def label(self) -> str:
        """As people write it: "2023/24" for a financial year, "2023" for a calendar year."""
        if self.basis is YearBasis.FINANCIAL:
            return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"
        return str(self.start_year)

    @property
    def slug(self) -> str:
        """As an address writes it: "2023-24" or "2023"."""
        return self.label.replace("/", "-")

    def contains(self, day: date) -> bool:
        return self.first_day <= day < self.first_day_after

    def next(self) -> ReportingYear:
        return ReportingYear(self.basis, self.start_year + 1)

    def previous(self) -> ReportingYear:
        return ReportingYear(self.basis, self.start_year - 1)

    def has_ended(self, today: date) -> bool:
        return today >= self.first_day_after


def year_of(day: date, basis: YearBasis) -> ReportingYear:
    """The reporting year `day` falls in: 31 March 2024 is in 2023/24, 1 April 2024 in 2024/25."""
    if basis is YearBasis.FINANCIAL and day.month < FINANCIAL_YEAR_FIRST_MONTH:
        return ReportingYear(basis, day.year - 1)
    return ReportingYear(basis, day.year)


def years_between(first: ReportingYear, last: ReportingYear) -> list[ReportingYear]:
    """Every year from `first` to `last`, both included, oldest first (empty if `last` is earlier)."""
    return [ReportingYear(first.basis, start) for start in range(first.start_year, last.start_year + 1)]


_FINANCIAL = re.compile(r"([0-9]{4})-([0-9]{2})")
_CALENDAR = re.compile(r"[0-9]{4}")


def parse_year(text: str, basis: YearBasis) -> ReportingYear:
    """The year an address names ("2023-24" for a financial year, "2023" for a calendar year).

    Raises InvalidInput (field "year") for anything else, saying what the partnership's years look like.
    """
    if basis is YearBasis.FINANCIAL:
        matched = _FINANCIAL.fullmatch(text)
        if not matched:
            hint = " (this partnership counts financial years)" if _CALENDAR.fullmatch(text) else ""
            raise InvalidInput(
                "year", f"Give a financial year as two years joined by a dash, as in 2023-24{hint}"
            )
        start, end = int(matched.group(1)), int(matched.group(2))
        if end != (start + 1) % 100:
            following = f"{(start + 1) % 100:02d}"
            raise InvalidInput(
                "year", f"A financial year ends in the year after it starts: {start}-{following}"
            )
    else:
        if not _CALENDAR.fullmatch(text):
            hint = " (this partnership counts calendar years)" if _FINANCIAL.fullmatch(text) else ""
            raise InvalidInput("year", f"Give a calendar year as four digits, as in 2023{hint}")
        start = int(text)
    if not EARLIEST_YEAR <= start <= LATEST_YEAR:
        raise InvalidInput(
            "year", f"Give a year from {EARLIEST_YEAR}, when the Community Trigger began, onwards"
        )
    return ReportingYear(basis, start)
