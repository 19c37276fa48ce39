"""Reporting years, dates and a case's state in words, in the language being spoken (the public
threshold's words are tested in tests/applications/test_threshold_words.py)."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from community_trigger.common.dates import long_date
from community_trigger.common.wording import STATE_WORDS, year_span
from community_trigger.domain.reporting_years import ReportingYear, YearBasis
from community_trigger.domain.workflow import State


def test_a_financial_year_spans_april_to_march() -> None:
    assert year_span(ReportingYear(YearBasis.FINANCIAL, 2023)) == "April 2023 to March 2024"


def test_month_names_come_from_the_language_being_spoken() -> None:
    """Django's own Welsh gives the month names, so no date is ever written with %B."""
    with translation.override("cy"):
        assert long_date(date(2026, 12, 3)) == "3 Rhagfyr 2026"
        assert "Ebrill 2023" in year_span(ReportingYear(YearBasis.FINANCIAL, 2023))
    assert long_date(date(2026, 12, 3)) == "3 December 2026"


def test_every_state_has_words_for_the_applicant() -> None:
    assert set(STATE_WORDS) == set(State)
