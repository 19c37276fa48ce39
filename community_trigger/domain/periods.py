"""The statutory "period beginning with" date arithmetic used by the threshold rules.

The 2014 Act (s104(11)) counts a complaint as qualifying when it is made "within the period of one
month beginning with the date on which the behaviour occurred", and the application "within the period
of six months beginning with the date on which the complaint was made". A period *beginning with* a
date includes that date. A calendar month follows the corresponding-date rule: it ends on the day
before the same day-number in the later month, or on the last day of that month when it has no such
day (Interpretation Act 1978, Sch. 1; Dodds v Walker [1981] 1 WLR 1441).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import msgspec


class Period(msgspec.Struct, frozen=True):
    """A length of time measured either in calendar months or in days, never both.

    A frozen msgspec struct rather than a dataclass: the engine looks up a memo table by period for
    every assessment, and a struct hashes in compiled code.
    """

    months: int = 0
    days: int = 0

    def __post_init__(self) -> None:
        if (self.months > 0) == (self.days > 0) or self.months < 0 or self.days < 0:
            raise ValueError("a period is a positive number of months or of days, not both")

    @property
    def unit(self) -> str:
        return "months" if self.months else "days"

    @property
    def length(self) -> int:
        return self.months or self.days

    def describe(self) -> str:
        """Plain English, as read out to an applicant: "one month", "6 months", "30 days"."""
        singular = self.unit[:-1]
        if self.length == 1:
            return f"one {singular}"
        return f"{self.length} {self.unit}"

    def as_dict(self) -> dict[str, int]:
        return {self.unit: self.length}


def period_end(start: date, period: Period) -> date:
    """The last day of the period of `period` beginning with `start` (inclusive of `start`).

    Months: the day before the corresponding date `period.months` later; where that later month has no
    corresponding date (31 Jan + 1 month), the period ends on the last day of that month instead.
    Days: `start` plus `period.days - 1` further days.
    """
    if period.days:
        if (date.max - start).days < period.days - 1:
            return date.max  # the period runs past the calendar's last representable day
        return start + timedelta(days=period.days - 1)
    month_index = start.month - 1 + period.months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    if year > date.max.year:
        return date.max
    last_day = calendar.monthrange(year, month)[1]
    if start.day > last_day:
        return date(year, month, last_day)
    return date(year, month, start.day) - timedelta(days=1)


def within(start: date, period: Period, when: date) -> bool:
    """True when `when` falls inside the period of `period` beginning with `start`."""
    return start <= when <= period_end(start, period)


_TABLE_LIMIT = 20_000
_tables: dict[Period, dict[date, date]] = {}


def end_table(period: Period) -> dict[date, date]:
    """A memo of `period_end` for one period, keyed by start date, shared across assessments.

    The engine looks up a deadline for every report; dates repeat within and across applications,
    and a plain dict keyed by date is far cheaper than recomputing (bench/engine.py). Callers fill
    missing entries with `period_end`; the table is emptied when it grows past a bound.
    """
    table = _tables.get(period)
    if table is None or len(table) > _TABLE_LIMIT:
        table = _tables[period] = {}
    return table
