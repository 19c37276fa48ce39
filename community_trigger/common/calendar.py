"""Bank holidays by region (England and Wales by default), and deadlines counted in working days."""

from __future__ import annotations

from datetime import date
from functools import cache, lru_cache

import holidays

from community_trigger.domain.working_days import BankHolidays, add_working_days, working_days_between

ENGLAND_AND_WALES = "ENG"
SCOTLAND = "SCT"
# The years every process reads its calendar for once: from before the Case Review began (2014)
# to well past any deadline set today. A date outside them widens the span for that call.
_FIRST_YEAR = 2000
_LAST_YEAR = 2060


@cache
def bank_holidays(year: int, region: str = ENGLAND_AND_WALES) -> frozenset[date]:
    """The region's bank holidays in `year` (England and Wales by default), substitute days included
    (from the holidays package, which ships the calendar: nothing is fetched at run time)."""
    return frozenset(holidays.country_holidays("GB", subdiv=region, years=year))


@lru_cache(maxsize=16)
def _calendar(first_year: int, last_year: int, region: str) -> BankHolidays:
    return BankHolidays.of(
        day for year in range(first_year, last_year + 1) for day in bank_holidays(year, region)
    )


def calendar_for(first: date, last: date, region: str = ENGLAND_AND_WALES) -> BankHolidays:
    """The region's bank holidays, sorted, for a deadline between `first` and `last` (either way
    round): the one calendar each process builds once, unless the dates fall outside its years."""
    years = min(first.year, last.year), max(first.year, last.year)
    return _calendar(min(_FIRST_YEAR, years[0]), max(_LAST_YEAR, years[1]), region)


def bank_holidays_from(start: date) -> BankHolidays:
    """The bank holidays a deadline counted from `start` can meet."""
    return calendar_for(start, date(min(start.year + 1, date.max.year), 12, 31))


def working_days_after(start: date, days: int) -> date:
    """The date `days` working days after `start` in England and Wales."""
    return add_working_days(start, days, bank_holidays_from(start))


def bank_holidays_between(first: date, last: date) -> BankHolidays:
    """The bank holidays of every year from `first`'s to `last`'s: a case overdue since last year still
    counts last Christmas."""
    return calendar_for(first, last)


def working_days_left(due: date, today: date) -> int:
    """Working days from `today` until `due` in England and Wales: 0 on the day, negative once overdue."""
    return working_days_between(today, due, bank_holidays_between(today, due))
