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
