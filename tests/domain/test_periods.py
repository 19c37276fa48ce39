"""The statutory "period beginning with" arithmetic (spec section 2)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from community_trigger.domain.periods import Period, period_end, within

ONE_MONTH = Period(months=1)
SIX_MONTHS = Period(months=6)

# Spec section 2, row by row: D, one month beginning with D ends, six months beginning with D ends.
SPEC_TABLE = [
    (date(2024, 1, 15), date(2024, 2, 14), date(2024, 7, 14)),
    (date(2024, 1, 31), date(2024, 2, 29), date(2024, 7, 30)),
    (date(2023, 1, 31), date(2023, 2, 28), date(2023, 7, 30)),
    (date(2023, 8, 31), date(2023, 9, 30), date(2024, 2, 29)),
    (date(2024, 3, 1), date(2024, 3, 31), date(2024, 8, 31)),
]


@pytest.mark.parametrize(
    ("start", "end"), [(row[0], row[1]) for row in SPEC_TABLE], ids=[str(r[0]) for r in SPEC_TABLE]
)
def test_one_month_beginning_with_a_date_ends_as_the_spec_table_says(start: date, end: date) -> None:
    assert period_end(start, ONE_MONTH) == end


@pytest.mark.parametrize(
    ("start", "end"), [(row[0], row[2]) for row in SPEC_TABLE], ids=[str(r[0]) for r in SPEC_TABLE]
)
def test_six_months_beginning_with_a_date_end_as_the_spec_table_says(start: date, end: date) -> None:
    assert period_end(start, SIX_MONTHS) == end


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2024, 1, 1), 1, date(2024, 1, 31)),  # a whole calendar month
        (date(2024, 11, 15), 3, date(2025, 2, 14)),  # across the end of the year
        (date(2023, 12, 31), 2, date(2024, 2, 29)),  # no 31 February: the last day of February
        (date(2024, 10, 31), 1, date(2024, 11, 30)),  # no 31 November
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # no 29 February in 2025
        (date(2024, 2, 29), 48, date(2028, 2, 28)),  # 29 February 2028 exists: the day before it
        (date(2024, 1, 30), 1, date(2024, 2, 29)),  # no 30 February
        (date(2024, 1, 29), 1, date(2024, 2, 28)),  # 29 February 2024 exists: the day before it
        (date(2024, 7, 31), 6, date(2025, 1, 30)),
        (date(2024, 12, 1), 1, date(2024, 12, 31)),
    ],
)
def test_a_period_in_months_ends_the_day_before_the_same_day_number_or_at_the_month_end(
    start: date, months: int, end: date
) -> None:
    assert period_end(start, Period(months=months)) == end


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        (date(2024, 1, 15), 30, date(2024, 2, 13)),  # D plus 29 further days
        (date(2024, 1, 15), 1, date(2024, 1, 15)),  # one day is the day itself
        (date(2024, 2, 28), 2, date(2024, 2, 29)),  # a leap year has a 29 February
        (date(2023, 2, 28), 2, date(2023, 3, 1)),  # a common year does not
        (date(2024, 1, 1), 366, date(2024, 12, 31)),
        (date(2023, 12, 31), 2, date(2024, 1, 1)),
    ],
)
def test_a_period_in_days_is_the_first_day_plus_the_further_days(start: date, days: int, end: date) -> None:
    assert period_end(start, Period(days=days)) == end


@pytest.mark.parametrize("period", [ONE_MONTH, SIX_MONTHS, Period(days=30), Period(days=1)], ids=str)
def test_a_period_includes_its_first_and_last_day_and_nothing_outside(period: Period) -> None:
    start = date(2024, 1, 31)
    end = period_end(start, period)
    assert within(start, period, start)
    assert within(start, period, end)
    assert not within(start, period, start - timedelta(days=1))
    assert not within(start, period, end + timedelta(days=1))


def test_a_report_on_29_february_is_within_one_month_of_31_january_2024_and_1_march_is_not() -> None:
    assert within(date(2024, 1, 31), ONE_MONTH, date(2024, 2, 29))
    assert not within(date(2024, 1, 31), ONE_MONTH, date(2024, 3, 1))


@pytest.mark.parametrize(("months", "days"), [(0, 0), (1, 1), (-1, 0), (0, -30), (6, 30)], ids=str)
def test_a_period_is_a_positive_number_of_months_or_of_days_never_both(months: int, days: int) -> None:
    with pytest.raises(ValueError, match="period"):
        Period(months=months, days=days)


@pytest.mark.parametrize(
    ("period", "words"),
    [
        (Period(months=1), "one month"),
        (Period(months=6), "6 months"),
        (Period(days=1), "one day"),
        (Period(days=30), "30 days"),
    ],
)
def test_a_period_describes_itself_as_read_out_to_an_applicant(period: Period, words: str) -> None:
    assert period.describe() == words


def _corresponding_date_or_next_month(start: date, months: int) -> date:
    """An independent oracle: the day after the period of `months` beginning with `start`."""
    year, month = divmod(start.year * 12 + start.month - 1 + months, 12)
    month += 1
    if start.day <= calendar.monthrange(year, month)[1]:
        return date(year, month, start.day)
    year, month = divmod(year * 12 + month, 12)  # the first day of the month after
    return date(year, month + 1, 1)


starts = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@given(start=starts, months=st.integers(min_value=1, max_value=36))
def test_a_period_in_months_matches_the_corresponding_date_rule(start: date, months: int) -> None:
    end = period_end(start, Period(months=months))
    assert end >= start
    assert end + timedelta(days=1) == _corresponding_date_or_next_month(start, months)


@given(start=starts, days=st.integers(min_value=1, max_value=1000))
def test_a_period_in_days_holds_exactly_that_many_days(start: date, days: int) -> None:
    end = period_end(start, Period(days=days))
    assert (end - start).days + 1 == days


@given(
    first=starts,
    gap=st.integers(min_value=0, max_value=400),
    months=st.integers(min_value=1, max_value=12),
)
def test_a_later_start_never_ends_a_period_earlier(first: date, gap: int, months: int) -> None:
    later = first + timedelta(days=gap)
    assert period_end(first, Period(months=months)) <= period_end(later, Period(months=months))
