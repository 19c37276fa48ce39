"""The counts behind the figures are written as cases move, and are exactly what rebuilding them from
the cases' history alone gives: `manage.py recount_figures` changes nothing on a database the
services kept, and puts back what was lost."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from applications.builders import partnership
from django.core.management import CommandError, call_command
from reviews.builders import team

from community_trigger.consequences.dispatch import recount
from community_trigger.domain.workflow import State
from community_trigger.statistics.models import Counted

from .builders import Casebook, local

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(time_machine: Any) -> Casebook:
    time_machine.move_to(local("2022-01-10 09:00"), tick=False)
    return Casebook(clock=time_machine, people=team())


def _rows() -> list[tuple[int, str, str, int]]:
    return sorted(Counted.objects.values_list("application_id", "figure", "year_basis", "year_start"))


def _a_history(book: Casebook) -> None:
    """A case of every kind: not met and escalated (upheld), reviewed with recommendations, withdrawn."""
    not_met = book.acknowledged(book.received("2022-03-01 10:00", incidents=1), "2022-03-02 10:00")
    book.decided(not_met, "2022-03-30 10:00", State.THRESHOLD_NOT_MET, "Too few reports.")
    escalation = book.escalated(not_met, "2022-04-04 10:00")
    book.escalation_decided(escalation, "2022-04-20 10:00", upheld=True)
    reviewed = book.to_review(book.received("2022-05-01 10:00"), "2022-05-10 10:00")
    book.outcome(book.reviewed(reviewed, "2022-06-01 10:00"), "2022-06-20 10:00")
    book.withdrawn(book.received("2022-07-01 10:00"), "2022-07-02 10:00")


def test_rebuilding_from_the_history_gives_exactly_what_was_counted_as_it_happened(book: Casebook) -> None:
    _a_history(book)
    as_they_happened = _rows()

    recount([partnership().pk])

    assert _rows() == as_they_happened
    figures = {figure for _, figure, _, _ in as_they_happened}
    assert figures == set(Counted.Figure.values) - {"discretionary_reviews"}
    # Each event once for each year basis: March 2022 is 2021/22 financially, 2022 by the calendar.
    assert {
        (basis, year) for _, figure, basis, year in as_they_happened if figure == "threshold_not_met"
    } == {
        ("financial", 2021),
        ("calendar", 2022),
    }


def test_the_command_puts_back_lost_counts_and_names_an_unknown_partnership(book: Casebook) -> None:
    _a_history(book)
    kept = _rows()
    Counted.objects.all().delete()
    out = StringIO()

    call_command("recount_figures", stdout=out)

    assert _rows() == kept
    assert out.getvalue().startswith(f"Counted {len(kept)} events")
    with pytest.raises(CommandError, match="No partnership 'nowhere'"):
        call_command("recount_figures", "--partnership", "nowhere")
