"""Deadlines in working days: Monday to Friday, less the bank holidays the caller passes in.

Partnerships promise to acknowledge a request, decide on the threshold and hold the review within so
many working days (research/domain.md, section 3: from 2 to 28). The calendar of bank holidays is
data from outside the domain, so it is passed in rather than looked up here.

Days are counted arithmetically, not one at a time: the weekdays between two dates come from whole
weeks and the remainder, and the bank holidays among them from a sorted tuple with `bisect`, so a
page listing thousands of deadlines costs the same per item whether each is a day or a year away.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

_SATURDAY = 5
_WEEKDAYS = 5


@dataclass(frozen=True, slots=True)
class BankHolidays:
    """Bank holidays that fall on a weekday, sorted: the only ones that take away a working day
    (one on a Saturday is replaced by a substitute day, which the calendar lists itself)."""

    days: tuple[date, ...] = ()

    @classmethod
    def of(cls, days: Iterable[date]) -> BankHolidays:
        if isinstance(days, BankHolidays):
            return days
        return cls(tuple(sorted({day for day in days if day.weekday() < _SATURDAY})))

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        at = bisect_left(self.days, day)
        return at < len(self.days) and self.days[at] == day

    def __iter__(self) -> Iterator[date]:
        return iter(self.days)

    def __len__(self) -> int:
        return len(self.days)

    def after_up_to(self, earlier: date, later: date) -> int:
        """How many fall after `earlier`, up to and including `later`."""
        return bisect_right(self.days, later) - bisect_right(self.days, earlier)


def _weekdays_up_to(day: date) -> int:
    """Weekdays from 1 January of year 1 (a Monday) up to and including `day`."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * _WEEKDAYS + min(rest, _WEEKDAYS)


def _weekday_number(count: int) -> date:
    """The `count`th weekday from 1 January of year 1 (the first is that Monday)."""
    weeks, rest = divmod(count - 1, _WEEKDAYS)
    return date.fromordinal(weeks * 7 + rest + 1)


def is_working_day(day: date, holidays: Iterable[date]) -> bool:
    return day.weekday() < _SATURDAY and day not in BankHolidays.of(holidays)


def add_working_days(start: date, days: int, holidays: Iterable[date]) -> date:
    """The date `days` working days after `start`; `start` itself never counts.

    A request received on a Friday with two working days to acknowledge it is due on Tuesday; one
    received on a bank holiday Monday with one working day is due on Tuesday too.
    """
    if days < 0:
        raise ValueError("a deadline is a number of working days from 0 up")
    if days == 0:
        return start
    calendar = BankHolidays.of(holidays)
    counted = _weekdays_up_to(start)
    # Step past the bank holidays met on the way until there are no more to step past: the first
    # weekday reached this way that leaves `days` working days is the answer (never a holiday, as the
    # weekday before one with the same count would have been reached first).
    skipped = 0
    while True:
        due = _weekday_number(counted + days + skipped)
        met = calendar.after_up_to(start, due)
        if met == skipped:
            return due
        skipped = met


def working_days_between(start: date, end: date, holidays: Iterable[date]) -> int:
    """How many working days after `start` up to and including `end`; negative when `end` is earlier.

    It counts the way `add_working_days` adds, so a deadline set `n` working days after a day is `n`
    working days away on that day. Seen from a Friday, a deadline on Tuesday is 2 working days away
    (Monday, Tuesday); seen from Wednesday, a deadline missed on Monday is 2 working days overdue (-2:
    Tuesday, Wednesday).
    """
    earlier, later, sign = (start, end, 1) if end >= start else (end, start, -1)
    weekdays = _weekdays_up_to(later) - _weekdays_up_to(earlier)
    return sign * (weekdays - BankHolidays.of(holidays).after_up_to(earlier, later))
