"""A case past its retention period loses every person's data, from every table and from storage,
while its history keeps its shape and the figures, live, recounted and published, do not change."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.files.storage import default_storage
from reviews.builders import Team, team

from community_trigger.cases.models import Application, CaseEvent, Happened
from community_trigger.consequences.dispatch import recount
from community_trigger.domain.reporting_years import YearBasis, year_of
from community_trigger.letters.models import Letter
from community_trigger.retention.anonymise import REMOVED, case_anonymise
from community_trigger.retention.selectors import schedule_for, years_after
from community_trigger.retention.tasks import retention_sweep
from community_trigger.statistics.models import Counted, PublishedFigures
from community_trigger.statistics.selectors import year_statement
from community_trigger.statistics.services import figures_publish
from retention.builders import LIVED, Personal, left_behind, lived_case, stored_files

pytestmark = pytest.mark.django_db

SIX_YEARS_ON = datetime.combine(years_after(LIVED.date(), 6), LIVED.timetz())


@pytest.fixture
def people() -> Team:
    return team()


@pytest.fixture
def lived(people: Team) -> tuple[Application, Personal]:
    personal = Personal.of("1")
    with time_machine.travel(LIVED, tick=False):
        return lived_case(people, personal), personal


def _history(case: Application) -> list[tuple[Any, ...]]:
    return list(
        CaseEvent.objects.filter(application=case)
        .order_by("pk")
        .values_list("kind", "from_state", "to_state", "at", "actor_id", "actor_label", "facts")
    )


def _counted(case: Application) -> set[tuple[Any, ...]]:
    return set(
        Counted.objects.filter(partnership_id=case.partnership_id).values_list(
            "application_id", "figure", "year_basis", "year_start"
        )
    )


def test_a_lived_case_holds_each_value_before_its_period_ends(lived: tuple[Application, Personal]) -> None:
    case, personal = lived

    with time_machine.travel(SIX_YEARS_ON - timedelta(days=1), tick=False):
        retention_sweep.enqueue()

    case.refresh_from_db()
    assert case.anonymised_at is None
    assert left_behind(personal) == list(personal.values)
    assert all(default_storage.exists(name) for name in stored_files(case))


def test_six_years_after_closing_every_value_is_gone_from_every_table_and_storage(
    lived: tuple[Application, Personal],
) -> None:
    case, personal = lived
    files = stored_files(case)
    history = _history(case)

    with time_machine.travel(SIX_YEARS_ON, tick=False):
        result = retention_sweep.enqueue()

    assert result.return_value is not None
    assert result.return_value["cases"] == 1
    assert left_behind(personal) == []
    assert files
    assert not any(default_storage.exists(name) for name in files)
    letters = Letter.objects.filter(application=case)
    assert letters.exists()
    assert {(letter.pdf, letter.body_text, letter.recipient_name) for letter in letters} == {
        (b"", "", REMOVED)
    }
    # The history keeps its shape: every event as it was, and one more that says what was removed.
    after = _history(case)
    assert after[: len(history)] == history
    (anonymised,) = after[len(history) :]
    assert anonymised[0] == Happened.ANONYMISED
    assert anonymised[6]["why"] == "retention"
    assert anonymised[6]["removed"]["person"] == 2
    assert anonymised[6]["removed"]["document"] == 1
    assert case.events.filter(kind=Happened.ANONYMISED).get().reason == ""


def test_the_figures_live_recounted_and_published_do_not_change(
    lived: tuple[Application, Personal], people: Team
) -> None:
    case, _ = lived
    partnership = case.partnership
    year = year_of(LIVED.date(), YearBasis(partnership.year_basis))
    with time_machine.travel(SIX_YEARS_ON, tick=False):
        published = figures_publish(partnership=partnership, year=year, actor=people.coordinator)
        before = year_statement(partnership, year)
        counted = _counted(case)

        retention_sweep.enqueue()
        after = year_statement(partnership, year)
        counted_after = _counted(case)
        recount([partnership.pk])
        recounted = _counted(case)
        recounted_statement = year_statement(partnership, year)

    assert before is not None
    assert after is not None
    assert recounted_statement is not None
    assert before.live.figures.reviews_carried_out == 1
    assert counted_after == recounted == counted
    assert after.live == before.live
    assert recounted_statement.live == before.live
    assert not after.changed_since_published
    assert list(PublishedFigures.objects.values_list("pk", "figures", "cohort", "sentence")) == [
        (published.pk, published.figures, published.cohort, published.sentence)
    ]


def test_anonymising_twice_changes_nothing_the_second_time(lived: tuple[Application, Personal]) -> None:
    case, _ = lived
    with time_machine.travel(SIX_YEARS_ON, tick=False):
        first = case_anonymise(application=case, why="retention")
        again = case_anonymise(application=case, why="erasure")
        swept = retention_sweep.enqueue()

    assert swept.return_value is not None
    assert (first, again, swept.return_value["cases"]) == (True, False, 0)
    assert case.events.filter(kind=Happened.ANONYMISED).count() == 1
    case.refresh_from_db()
    assert case.anonymised_at == SIX_YEARS_ON


def test_a_longer_period_in_the_partnerships_schedule_keeps_the_case_longer(
    lived: tuple[Application, Personal],
) -> None:
    case, personal = lived
    schedule = schedule_for(case.partnership)
    schedule.closed_years = 8
    schedule.save()

    with time_machine.travel(SIX_YEARS_ON + timedelta(days=365), tick=False):
        retention_sweep.enqueue()

    assert left_behind(personal) == list(personal.values)
