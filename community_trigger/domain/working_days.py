"""Deadlines in working days: Monday to Friday, less the bank holidays the caller passes in.

Partnerships promise to acknowledge a request, decide on the threshold and hold the review within so
many working days (research/domain.md, section 3: from 2 to 28). The calendar of bank holidays is
data from outside the domain, so it is passed in rather than looked up here.
"""

from __future__ import annotations

from collections.abc import Container
from datetime import date, timedelta

_SATURDAY = 5


def is_working_day(day: date, holidays: Container[date]) -> bool:
    return day.weekday() < _SATURDAY and day not in holidays


def add_working_days(start: date, days: int, holidays: Container[date]) -> date:
    """The date `days` working days after `start`; `start` itself never counts.

    A request received on a Friday with two working days to acknowledge it is due on Tuesday; one
    received on a bank holiday Monday with one working day is due on Tuesday too.
    """
    if days < 0:
        raise ValueError("a deadline is a number of working days from 0 up")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, holidays: Container[date]) -> int:
    """How many working days after `start` up to and including `end`; negative when `end` is earlier.

    It counts the way `add_working_days` adds, so a deadline set `n` working days after a day is `n`
    working days away on that day. Seen from a Friday, a deadline on Tuesday is 2 working days away
    (Monday, Tuesday); seen from Wednesday, a deadline missed on Monday is 2 working days overdue (-2:
    Tuesday, Wednesday).
    """
    earlier, later, sign = (start, end, 1) if end >= start else (end, start, -1)
    days = sum(
        1
        for offset in range(1, (later - earlier).days + 1)
        if is_working_day(earlier + timedelta(days=offset), holidays)
    )
    return sign * days
