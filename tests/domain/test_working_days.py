"""Deadlines in working days: weekends and the bank holidays passed in never count, the start day never."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from community_trigger.common.calendar import (
    ENGLAND_AND_WALES,
    SCOTLAND,
    bank_holidays,
    calendar_for,
    working_days_after,
    working_days_left,
)
from community_trigger.domain.working_days import (
    BankHolidays,
    add_working_days,
    is_working_day,
    working_days_between,
)

NONE: frozenset[date] = frozenset()
CHRISTMAS_2026 = frozenset({date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)})

FRIDAY = date(2026, 11, 20)
SATURDAY = date(2026, 11, 21)
SUNDAY = date(2026, 11, 22)
MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (FRIDAY, True),
        (SATURDAY, False),
        (SUNDAY, False),
        (MONDAY, True),
        (date(2026, 12, 25), False),
        (date(2026, 12, 28), False),
    ],
)
def test_a_working_day_is_monday_to_friday_and_not_a_holiday(day: date, working: bool) -> None:
    assert is_working_day(day, CHRISTMAS_2026) is working


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (FRIDAY, 1, MONDAY),
        (FRIDAY, 2, date(2026, 11, 24)),
        (FRIDAY, 5, date(2026, 11, 27)),
        (SATURDAY, 1, MONDAY),
        (SUNDAY, 1, MONDAY),
        (MONDAY, 5, date(2026, 11, 30)),
        (MONDAY, 10, date(2026, 12, 7)),
    ],
)
def test_weekends_are_skipped(start: date, days: int, due: date) -> None:
    assert add_working_days(start, days, NONE) == due


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # Christmas Eve: Christmas, the weekend and Boxing Day's substitute Monday are skipped.
        (date(2026, 12, 24), 1, date(2026, 12, 29)),
        (date(2026, 12, 24), 3, date(2026, 12, 31)),
        # ... and New Year's Day.
        (date(2026, 12, 24), 4, date(2027, 1, 4)),
        (date(2026, 12, 24), 5, date(2027, 1, 5)),
        # Received on a bank holiday: the holiday itself never counts, as the start day never does.
        (date(2026, 12, 28), 1, date(2026, 12, 29)),
    ],
)
def test_bank_holidays_are_skipped(start: date, days: int, due: date) -> None:
    assert add_working_days(start, days, CHRISTMAS_2026) == due


@pytest.mark.parametrize("start", [FRIDAY, SATURDAY, date(2026, 12, 25)])
def test_zero_working_days_is_the_start_day_itself(start: date) -> None:
    assert add_working_days(start, 0, CHRISTMAS_2026) == start


@pytest.mark.parametrize("days", [-1, -10])
def test_a_negative_number_of_days_is_refused(days: int) -> None:
    with pytest.raises(ValueError, match="number of working days from 0 up"):
        add_working_days(FRIDAY, days, NONE)


def test_any_container_of_dates_can_hold_the_holidays() -> None:
    assert add_working_days(date(2026, 12, 24), 1, list(CHRISTMAS_2026)) == date(2026, 12, 29)


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    days=st.integers(min_value=1, max_value=40),
    holidays=st.frozensets(st.dates(min_value=date(2000, 1, 1), max_value=date(2041, 12, 31)), max_size=30),
)
def test_the_deadline_is_a_working_day_with_exactly_that_many_working_days_up_to_it(
    start: date, days: int, holidays: frozenset[date]
) -> None:
    due = add_working_days(start, days, holidays)

    between = [start + timedelta(days=n) for n in range(1, (due - start).days + 1)]
    assert is_working_day(due, holidays)
    assert sum(is_working_day(day, holidays) for day in between) == days
    # ... so counting the working days between gives back as many, ahead, and as many behind.
    assert working_days_between(start, due, holidays) == days
    assert working_days_between(due, start, holidays) == -days


def _counted_day_by_day(start: date, end: date, holidays: frozenset[date]) -> int:
    """Working days after `start` up to `end` (negative when `end` is earlier), one day at a time: the
    obvious count the arithmetic must agree with."""
    earlier, later, sign = (start, end, 1) if end >= start else (end, start, -1)
    days = (earlier + timedelta(days=n) for n in range(1, (later - earlier).days + 1))
    return sign * sum(1 for day in days if day.weekday() < 5 and day not in holidays)


def _added_day_by_day(start: date, days: int, holidays: frozenset[date]) -> date:
    day = start
    while days:
        day += timedelta(days=1)
        days -= day.weekday() < 5 and day not in holidays
    return day


DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2059, 12, 31))
REGIONS = st.sampled_from([ENGLAND_AND_WALES, SCOTLAND])


@settings(max_examples=500, deadline=None)
@given(start=DATES, end=DATES, region=REGIONS)
def test_counting_working_days_by_arithmetic_agrees_with_counting_them_one_by_one(
    start: date, end: date, region: str
) -> None:
    calendar = calendar_for(start, end, region)
    one_by_one = frozenset(day for year in range(2000, 2061) for day in bank_holidays(year, region))

    assert working_days_between(start, end, calendar) == _counted_day_by_day(start, end, one_by_one)


@settings(max_examples=500, deadline=None)
@given(start=DATES, days=st.integers(min_value=0, max_value=400), region=REGIONS)
def test_adding_working_days_by_arithmetic_agrees_with_adding_them_one_by_one(
    start: date, days: int, region: str
) -> None:
    calendar = calendar_for(start, start, region)
    one_by_one = frozenset(day for year in range(2000, 2061) for day in bank_holidays(year, region))

    assert add_working_days(start, days, calendar) == _added_day_by_day(start, days, one_by_one)


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2021, 12, 31)),
    end=st.dates(min_value=date(2020, 1, 1), max_value=date(2021, 12, 31)),
    holidays=st.frozensets(st.dates(min_value=date(2020, 1, 1), max_value=date(2021, 12, 31)), max_size=60),
)
def test_any_holidays_in_any_order_count_as_one_by_one(
    start: date, end: date, holidays: frozenset[date]
) -> None:
    """Holidays on weekends, clustered or side by side, given as a set or as the sorted calendar."""
    expected = _counted_day_by_day(start, end, holidays)

    assert working_days_between(start, end, holidays) == expected
    assert working_days_between(start, end, BankHolidays.of(holidays)) == expected


def test_the_calendar_is_built_once_per_process_and_region() -> None:
    assert calendar_for(date(2026, 1, 1), date(2027, 6, 1)) is calendar_for(
        date(2010, 5, 5), date(2030, 1, 1)
    )
    assert calendar_for(date(2026, 1, 1), date(2026, 1, 1), SCOTLAND) is not calendar_for(
        date(2026, 1, 1), date(2026, 1, 1)
    )


def test_scotland_has_its_own_bank_holidays() -> None:
    scotland = calendar_for(date(2026, 1, 1), date(2026, 1, 1), SCOTLAND)

    assert date(2026, 1, 2) in scotland
    assert date(2026, 1, 2) not in calendar_for(date(2026, 1, 1), date(2026, 1, 1))


def test_a_deadline_years_away_is_counted_across_every_bank_holiday_between() -> None:
    # Monday 5 January 2026 to Monday 4 January 2027: 52 weeks, 260 weekdays, 8 of them bank holidays.
    assert working_days_left(date(2027, 1, 4), date(2026, 1, 5)) == 260 - 8


@pytest.mark.parametrize(
    ("today", "due", "left"),
    [
        (FRIDAY, FRIDAY, 0),
        (FRIDAY, date(2026, 11, 24), 2),
        (SATURDAY, MONDAY, 1),
        # A deadline on a day off is still 0 working days away the day before: nothing to do in between.
        (FRIDAY, SUNDAY, 0),
        # Overdue: counted back the same way, so a deadline missed on Monday is 2 behind on Wednesday.
        (date(2026, 11, 25), MONDAY, -2),
        (date(2026, 12, 29), date(2026, 12, 24), -1),
    ],
)
def test_working_days_between_counts_what_is_left_or_how_far_behind(
    today: date, due: date, left: int
) -> None:
    assert working_days_between(today, due, CHRISTMAS_2026) == left


# The England and Wales calendar (community_trigger/common/calendar.py) --------------------------------


def test_the_calendar_has_the_england_and_wales_bank_holidays_with_substitute_days() -> None:
    assert bank_holidays(2026) == {
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 26),
        date(2026, 12, 28),
    }


def test_the_calendar_has_one_off_bank_holidays() -> None:
    assert date(2023, 5, 8) in bank_holidays(2023)  # the coronation of King Charles III


def test_scottish_only_bank_holidays_do_not_count() -> None:
    assert date(2026, 1, 2) not in bank_holidays(2026)
    assert date(2026, 11, 30) not in bank_holidays(2026)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2026, 12, 24), 5, date(2027, 1, 5)),
        (date(2026, 4, 2), 1, date(2026, 4, 7)),
        (date(2023, 5, 5), 1, date(2023, 5, 9)),
        (date(2027, 12, 24), 1, date(2027, 12, 29)),
    ],
)
def test_working_days_after_uses_the_england_and_wales_calendar_across_the_new_year(
    start: date, days: int, due: date
) -> None:
    assert working_days_after(start, days) == due
