"""Reporting years: which year a day falls in, how a year is named and written in an address."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from community_trigger.common.wording import year_span
from community_trigger.domain.errors import InvalidInput
from community_trigger.domain.reporting_years import (
    ReportingYear,
    YearBasis,
    parse_year,
    year_of,
    years_between,
)

F, C = YearBasis.FINANCIAL, YearBasis.CALENDAR


@pytest.mark.parametrize(
    ("day", "basis", "start", "label"),
    [
        (date(2024, 3, 31), F, 2023, "2023/24"),  # the last day of a financial year
        (date(2024, 4, 1), F, 2024, "2024/25"),  # the first day of the next
        (date(2023, 4, 1), F, 2023, "2023/24"),
        (date(2024, 1, 1), F, 2023, "2023/24"),
        (date(2023, 12, 31), F, 2023, "2023/24"),
        (date(1999, 5, 1), F, 1999, "1999/00"),  # the century turns in the short form
        (date(2023, 12, 31), C, 2023, "2023"),
        (date(2024, 1, 1), C, 2024, "2024"),
        (date(2024, 3, 31), C, 2024, "2024"),
    ],
)
def test_a_day_falls_in_one_reporting_year(day: date, basis: YearBasis, start: int, label: str) -> None:
    year = year_of(day, basis)

    assert year == ReportingYear(basis, start)
    assert year.label == label
    assert year.contains(day)
    assert not year.next().contains(day)
    assert not year.previous().contains(day)


@pytest.mark.parametrize(
    ("year", "first", "last", "slug", "span"),
    [
        (ReportingYear(F, 2023), date(2023, 4, 1), date(2024, 3, 31), "2023-24", "April 2023 to March 2024"),
        (
            ReportingYear(C, 2022),
            date(2022, 1, 1),
            date(2022, 12, 31),
            "2022",
            "January 2022 to December 2022",
        ),
        (ReportingYear(F, 2027), date(2027, 4, 1), date(2028, 3, 31), "2027-28", "April 2027 to March 2028"),
    ],
)
def test_a_year_knows_its_first_and_last_days_and_its_address(
    year: ReportingYear, first: date, last: date, slug: str, span: str
) -> None:
    assert (year.first_day, year.last_day, year.slug, year_span(year)) == (first, last, slug, span)
    assert year.first_day_after == year.next().first_day


def test_a_year_has_ended_from_the_first_day_of_the_next() -> None:
    year = ReportingYear(F, 2023)

    assert not year.has_ended(date(2024, 3, 31))
    assert year.has_ended(date(2024, 4, 1))


@pytest.mark.parametrize(
    ("text", "basis", "expected"),
    [
        ("2023-24", F, ReportingYear(F, 2023)),
        ("1999-00", F, None),  # before the Community Trigger began
        ("2099-00", F, ReportingYear(F, 2099)),
        ("2023", C, ReportingYear(C, 2023)),
    ],
)
def test_an_address_names_a_year(text: str, basis: YearBasis, expected: ReportingYear | None) -> None:
    if expected is None:
        with pytest.raises(InvalidInput):
            parse_year(text, basis)
    else:
        assert parse_year(text, basis) == expected


@pytest.mark.parametrize(
    ("text", "basis", "words"),
    [
        ("2023-25", F, "ends in the year after it starts: 2023-24"),
        ("2023/24", F, "as in 2023-24"),
        ("2023", F, "this partnership counts financial years"),
        ("23-24", F, "as in 2023-24"),
        ("", F, "as in 2023-24"),
        ("2023-24", C, "this partnership counts calendar years"),
        ("two thousand", C, "as in 2023"),
        ("2013", C, "from 2014"),
        ("२०२३", C, "as in 2023"),  # digits of another script are not a year here
    ],
)
def test_anything_else_is_refused_saying_what_a_year_looks_like(
    text: str, basis: YearBasis, words: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_year(text, basis)

    assert raised.value.field == "year"
    assert words in raised.value.message


def test_years_between_lists_every_year_oldest_first() -> None:
    assert [year.label for year in years_between(ReportingYear(F, 2021), ReportingYear(F, 2023))] == [
        "2021/22",
        "2022/23",
        "2023/24",
    ]
    assert years_between(ReportingYear(F, 2023), ReportingYear(F, 2021)) == []


@given(st.dates(min_value=date(2014, 1, 1), max_value=date(9000, 12, 31)), st.sampled_from(YearBasis))
def test_every_day_is_in_exactly_the_year_that_contains_it(day: date, basis: YearBasis) -> None:
    year = year_of(day, basis)

    assert year.first_day <= day <= year.last_day
    assert (year.last_day - year.first_day).days in (364, 365)
    assert year_of(year.first_day, basis) == year == year_of(year.last_day, basis)
    if year.start_year >= 2014:
        assert parse_year(year.slug, basis) == year
