"""England and Wales bank holidays, and deadlines counted in working days."""

from __future__ import annotations

from datetime import date
from functools import cache

import holidays

from community_trigger.domain.working_days import add_working_days, working_days_between


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays in `year`, substitute days included (from the holidays package,
    which ships the calendar: nothing is fetched at run time)."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def bank_holidays_from(start: date) -> frozenset[date]:
    """The bank holidays a deadline counted from `start` can meet: a deadline of up to a few dozen
    working days spans at most the next calendar year."""
    return bank_holidays(start.year) | bank_holidays(start.year + 1)


def working_days_after(start: date, days: int) -> date:
    """The date `days` working days after `start` in England and Wales."""
    return add_working_days(start, days, bank_holidays_from(start))


def bank_holidays_between(first: date, last: date) -> frozenset[date]:
    """The bank holidays of every year from `first`'s to `last`'s: a case overdue since last year still
    counts last Christmas."""
    years = range(min(first, last).year, max(first, last).year + 1)
    return frozenset(day for year in years for day in bank_holidays(year))


def working_days_left(due: date, today: date) -> int:
    """Working days from `today` until `due` in England and Wales: 0 on the day, negative once overdue."""
    return working_days_between(today, due, bank_holidays_between(today, due))
