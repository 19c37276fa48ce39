"""Every figure of every year, from cases taken through the services with the clock frozen at each step:
what each figure counts, the 31 March / 1 April boundary in British Summer Time, a calendar-year
partnership, an application counted once a year however often it goes round, the cohort, and a
fixed number of queries however many cases and years."""

from __future__ import annotations

from typing import Any

import pytest
from accounts.people import staff
from applications.builders import partnership
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reviews.builders import team

from community_trigger.agencies.models import Partnership
from community_trigger.domain.figures import Cohort, YearFigures
from community_trigger.domain.reporting_years import ReportingYear, YearBasis
from community_trigger.domain.workflow import State
from community_trigger.statistics.selectors import LiveYear, live_figures, year_statements

from .builders import Casebook, local

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(time_machine: Any) -> Casebook:
    time_machine.move_to(local("2022-01-10 09:00"), tick=False)
    return Casebook(clock=time_machine, people=team())


def figures_in(start_year: int, *, on: str = "2026-12-01", basis: YearBasis | None = None) -> LiveYear:
    """The live figures of the demo partnership's year starting in `start_year`, seen on `on`."""
    demo = partnership()
    if basis:
        Partnership.objects.filter(pk=demo.pk).update(year_basis=basis)
        demo.refresh_from_db()
    years = live_figures(demo, today=local(on).date())
    return next(year for year in years if year.year.start_year == start_year)


def test_a_year_with_nothing_in_it_is_all_noughts_and_says_so(book: Casebook) -> None:
    year = figures_in(2026)

    assert year.figures == YearFigures()
    assert year.cohort == Cohort()
    assert year.sentence == "No community trigger requests were received in 2026/27."


def test_an_application_counts_in_the_year_it_was_received_to_the_minute_in_local_time(
    book: Casebook,
) -> None:
    # British Summer Time began at 01:00 on 31 March 2024: 23:30 that night is 22:30 UTC, and 00:30 on
    # 1 April is still 31 March in UTC, yet belongs to the new financial year.
    book.received("2024-03-31 23:30")
    book.received("2024-04-01 00:30")
    book.received("2024-04-01 09:00")

    assert figures_in(2023).figures.received == 1
    assert figures_in(2024).figures.received == 2


def test_each_figure_counts_its_event_in_the_year_the_event_happened(book: Casebook) -> None:
    # Received in 2023/24; each later step falls in 2024/25, one day after the boundary.
    not_met = book.received("2024-03-20 10:00", incidents=1)
    book.decided(not_met, "2024-04-01 10:00", State.THRESHOLD_NOT_MET)
    discretionary = book.received("2024-03-21 10:00", incidents=1)
    book.decided(discretionary, "2024-03-31 16:00", State.DISCRETIONARY_REVIEW, reasons="Serious harm.")
    reviewed = book.received("2024-03-22 10:00")
    book.to_review(reviewed, "2024-03-25 10:00")
    book.reviewed(reviewed, "2024-04-02 10:00", recommendations=True)
    withdrawn = book.received("2024-03-23 10:00")
    book.withdrawn(withdrawn, "2024-04-01 11:00")

    last_year, this_year = figures_in(2023), figures_in(2024)

    assert last_year.figures == YearFigures(received=4, discretionary_reviews=1)
    assert this_year.figures == YearFigures(
        threshold_not_met=1, reviews_carried_out=1, reviews_with_recommendations=1, withdrawn=1
    )


def test_a_review_counts_by_when_its_meeting_was_held_not_when_it_was_recorded(book: Casebook) -> None:
    case = book.received("2024-02-01 10:00")
    book.to_review(case, "2024-02-12 10:00")
    meeting = book.scheduled(case, "2024-03-28 14:00")
    book.held(meeting, "2024-04-03 09:00", recommendations=False)  # written up after Easter

    assert figures_in(2023).figures.reviews_carried_out == 1
    assert figures_in(2024).figures.reviews_carried_out == 0


def test_a_review_without_recommendations_is_carried_out_but_not_one_with_recommendations(
    book: Casebook,
) -> None:
    with_some = book.received("2024-05-01 10:00")
    book.to_review(with_some, "2024-05-10 10:00")
    book.reviewed(with_some, "2024-06-03 10:00", recommendations=True)
    without = book.received("2024-05-02 10:00")
    book.to_review(without, "2024-05-10 10:00")
    book.reviewed(without, "2024-06-04 10:00", recommendations=False)

    figures = figures_in(2024).figures

    assert (figures.reviews_carried_out, figures.reviews_with_recommendations) == (2, 2 - 1)


def test_an_escalation_that_goes_round_twice_counts_the_application_once_a_year(book: Casebook) -> None:
    case = book.received("2024-05-01 10:00", incidents=1)
    book.decided(case, "2024-05-10 10:00", State.THRESHOLD_NOT_MET)
    escalation = book.escalated(case, "2024-05-20 10:00")
    book.escalation_decided(escalation, "2024-06-03 10:00", upheld=True)
    book.decided(case, "2024-06-10 10:00", State.THRESHOLD_NOT_MET)  # not met again, same year
    second = book.escalated(case, "2024-06-17 10:00")
    book.escalation_decided(second, "2024-07-01 10:00", upheld=True)

    figures = figures_in(2024).figures

    assert figures.threshold_not_met == 1
    assert figures.escalations_requested == 1
    assert figures.escalations_upheld == 1
    assert figures.received == 1


def test_a_second_review_after_an_upheld_escalation_counts_once_a_year_and_again_the_next(
    book: Casebook,
) -> None:
    case = book.received("2024-05-01 10:00")
    book.to_review(case, "2024-05-10 10:00")
    first = book.reviewed(case, "2024-06-03 10:00", recommendations=False)
    book.outcome(first, "2024-06-05 10:00")
    escalation = book.escalated(case, "2024-06-10 10:00")
    book.escalation_decided(escalation, "2024-06-24 10:00", upheld=True)
    second = book.reviewed(case, "2024-07-15 10:00", recommendations=False)
    book.outcome(second, "2024-07-17 10:00")
    third = book.escalated(case, "2024-07-22 10:00")
    book.escalation_decided(third, "2025-04-07 10:00", upheld=True)  # decided in the next year
    book.reviewed(case, "2025-05-01 10:00", recommendations=True)

    this_year, next_year = figures_in(2024).figures, figures_in(2025).figures

    assert (this_year.reviews_carried_out, this_year.reviews_with_recommendations) == (1, 0)
    assert (this_year.escalations_requested, this_year.escalations_upheld) == (1, 1)
    assert (next_year.reviews_carried_out, next_year.reviews_with_recommendations) == (1, 1)
    assert (next_year.escalations_requested, next_year.escalations_upheld) == (0, 1)


def test_an_escalation_not_upheld_is_asked_for_but_not_upheld(book: Casebook) -> None:
    case = book.received("2024-05-01 10:00", incidents=1)
    book.decided(case, "2024-05-10 10:00", State.THRESHOLD_NOT_MET)
    escalation = book.escalated(case, "2024-05-20 10:00")
    book.escalation_decided(escalation, "2024-06-03 10:00", upheld=False)

    figures = figures_in(2024).figures

    assert (figures.escalations_requested, figures.escalations_upheld) == (1, 0)


def test_the_cohort_says_where_each_application_received_in_the_year_stands_now(book: Casebook) -> None:
    reviewed = book.received("2023-05-01 10:00")
    book.to_review(reviewed, "2023-05-10 10:00")
    book.reviewed(reviewed, "2023-06-01 10:00", recommendations=False)
    waiting_review = book.received("2023-06-01 11:00")
    book.to_review(waiting_review, "2023-06-12 10:00")
    not_met = book.received("2023-07-01 10:00", incidents=1)
    book.decided(not_met, "2023-07-10 10:00", State.THRESHOLD_NOT_MET)
    discretionary = book.received("2023-08-01 10:00", incidents=1)
    book.decided(discretionary, "2023-08-10 10:00", State.DISCRETIONARY_REVIEW, reasons="Harm.")
    waiting_decision = book.received("2023-09-01 10:00")
    book.acknowledged(waiting_decision, "2023-09-04 10:00")
    withdrawn = book.received("2023-10-01 10:00")
    book.withdrawn(withdrawn, "2023-10-05 10:00")
    # Not met, escalated and upheld: waiting for the threshold to be decided again.
    sent_back = book.received("2024-01-08 10:00", incidents=1)
    book.decided(sent_back, "2024-01-18 10:00", State.THRESHOLD_NOT_MET)
    book.escalation_decided(book.escalated(sent_back, "2024-01-25 10:00"), "2024-02-08 10:00", upheld=True)
    # Not met, escalated, upheld, then met: it met the criteria after all.
    met_after_all = book.received("2024-02-05 10:00", incidents=1)
    book.decided(met_after_all, "2024-02-12 10:00", State.THRESHOLD_NOT_MET)
    book.escalation_decided(
        book.escalated(met_after_all, "2024-02-15 10:00"), "2024-02-22 10:00", upheld=True
    )
    book.decided(met_after_all, "2024-03-01 10:00", State.THRESHOLD_MET, reasons="Two more reports found.")

    year = figures_in(2023)

    assert year.cohort == Cohort(
        met_reviewed=1,
        met_pending_review=2,
        discretionary_pending_review=1,
        not_met=1,
        pending_decision=2,
        withdrawn=1,
    )
    assert year.cohort.received == year.figures.received == 8
    assert year.sentence.startswith("8 community trigger requests were received in 2023/24. Of these one met")


def test_the_seeds_year_is_told_in_the_seeds_words(book: Casebook) -> None:
    pending = book.received("2023-05-10 10:00")
    book.to_review(pending, "2023-05-22 10:00")
    not_met = book.received("2023-11-02 10:00", incidents=1)
    book.decided(not_met, "2023-11-14 10:00", State.THRESHOLD_NOT_MET)

    assert figures_in(2023).sentence == (
        "2 community trigger requests were received in 2023/24. Of these one met the criteria and is pending "
        "review, and the other did not meet the criteria."
    )


def test_a_calendar_year_partnership_counts_january_to_december(book: Casebook) -> None:
    book.received("2023-12-31 23:30")
    late_decision = book.received("2024-03-31 23:30", incidents=1)
    book.decided(late_decision, "2024-04-01 10:00", State.THRESHOLD_NOT_MET)
    book.received("2024-01-01 00:30")

    in_2023 = figures_in(2023, basis=YearBasis.CALENDAR)
    in_2024 = figures_in(2024, basis=YearBasis.CALENDAR)

    assert in_2023.year.label == "2023"
    assert in_2023.figures == YearFigures(received=1)
    assert in_2024.figures == YearFigures(received=2, threshold_not_met=1)
    assert in_2024.sentence.startswith("2 community trigger requests were received in 2024.")


def test_the_years_run_from_the_first_application_to_this_one(book: Casebook) -> None:
    book.received("2021-06-01 10:00")

    years = live_figures(partnership(), today=local("2024-05-01 12:00").date())

    assert [year.year for year in years] == [
        ReportingYear(YearBasis.FINANCIAL, start) for start in (2021, 2022, 2023, 2024)
    ]
    assert [year.figures.received for year in years] == [1, 0, 0, 0]


def test_another_partnerships_cases_are_not_counted(book: Casebook) -> None:
    book.received("2024-05-01 10:00")
    elsewhere = Partnership.objects.create(name="Elsewhere", slug="elsewhere", reference_prefix="ELS")

    assert [year.figures for year in live_figures(elsewhere, today=local("2024-06-01 12:00").date())] == [
        YearFigures()
    ]
    assert figures_in(2024).figures.received == 1


def test_all_years_take_the_same_few_queries_however_many_cases(book: Casebook) -> None:
    demo = partnership()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            year_statements(demo)
        return len(captured.captured_queries)

    case = book.received("2021-06-01 10:00")
    few = queries()
    book.to_review(case, "2021-06-10 10:00")
    book.reviewed(case, "2021-07-01 10:00")
    for when in ("2022-06-01 10:00", "2023-06-01 10:00", "2024-06-01 10:00", "2025-06-01 10:00"):
        book.withdrawn(book.received(when), when.replace("10:00", "11:00"))
    staff("someone-else")

    assert queries() == few == 3  # the published versions, the applications, the counted events
