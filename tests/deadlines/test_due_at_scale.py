""" "Due and overdue" at scale: every kind of item is ordered and paged together in the database, working
days are counted only for the items on the page, filters a person cannot use explain themselves, and
the staff home shows the first ten due today or overdue with how many there are in all."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from unittest import mock

import pytest
from accounts.people import verified
from applications.builders import NOON, partnership, submitted
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from community_trigger.cases.models import Application
from community_trigger.common.calendar import working_days_left
from community_trigger.deadlines import sources
from community_trigger.deadlines.selectors import DueFilters, due_page_for
from community_trigger.notifications.models import Message

from .cases import asked, person, step_due

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]

DUE = "/staff/due/"
HOME = "/staff/"
# NOON is Friday 20 November 2026.
LAST_MONDAY = date(2026, 11, 16)
WEDNESDAY = date(2026, 11, 18)
TODAY = date(2026, 11, 20)
NEXT_TUESDAY = date(2026, 11, 24)
IN_A_FORTNIGHT = date(2026, 12, 4)


def _failed_message(case: Application, on: date) -> Message:
    return Message.objects.create(
        key=f"failed:{case.pk}",
        kind="letter",
        to="someone@example.com",
        case=case,
        status=Message.Status.FAILED,
        last_attempt_at=datetime(on.year, on.month, on.day, 9, tzinfo=UTC),
    )


@pytest.fixture
def mixed() -> dict[str, Application]:
    """A case step late since Wednesday, an answer due today (its review due in a fortnight), a case
    step due next Tuesday and a letter that could not be sent on Monday."""
    late = step_due(submitted(partnership()), WEDNESDAY)
    waiting = asked(partnership(), "police", due_by=TODAY, review_by=IN_A_FORTNIGHT)
    coming = step_due(submitted(partnership()), NEXT_TUESDAY)
    _failed_message(coming, LAST_MONDAY)
    return {"late": late, "waiting": waiting, "coming": coming}


def _pages(per_page: int, **filters: Any) -> list[list[tuple[str, str, int]]]:
    """Each page of what the coordinator sees, as (case, kind, working days left) per item."""
    coordinator = person("coordinator")
    pages = []
    number = 1
    while True:
        page = due_page_for(
            coordinator, today=TODAY, filters=DueFilters(**filters), sort="", number=number, per_page=per_page
        )
        pages.append([(item.reference, item.kind, item.working_days_left) for item in page])
        if not page.has_next():
            return pages
        number += 1


def test_every_kind_is_ordered_together_across_the_pages(mixed: dict[str, Application]) -> None:
    late, waiting, coming = (mixed[name].reference for name in ("late", "waiting", "coming"))

    assert _pages(2) == [
        # The letter failed on Monday: Tuesday to Friday are 4 working days since.
        [(coming, "message", -4), (late, "case_step", -2)],
        [(waiting, "information_request", 0), (coming, "case_step", 2)],
        [(waiting, "case_step", 10)],
    ]


def test_the_overdue_filter_keeps_every_kind_that_is_overdue(mixed: dict[str, Application]) -> None:
    assert _pages(10, overdue=True) == [
        [(mixed["coming"].reference, "message", -4), (mixed["late"].reference, "case_step", -2)]
    ]


def test_working_days_are_counted_only_for_the_items_on_the_page(mixed: dict[str, Application]) -> None:
    with mock.patch.object(sources, "working_days_left", wraps=working_days_left) as counted:
        page = due_page_for(
            person("coordinator"), today=TODAY, filters=DueFilters(), sort="-due", number=1, per_page=2
        )

    assert page.paginator.count == 5
    assert counted.call_count == 2


def test_the_page_costs_the_same_queries_however_many_items_of_each_kind(client: Client) -> None:
    verified(client, person("coordinator"))
    # One of each kind: a few queries each, however many of it there are.
    _failed_message(asked(partnership(), "police", due_by=WEDNESDAY, review_by=LAST_MONDAY), LAST_MONDAY)
    client.get(DUE)
    with CaptureQueriesContext(connection) as few:
        client.get(DUE, {"overdue": "on"})
    for _ in range(4):
        case = asked(partnership(), "police", "housing", due_by=WEDNESDAY, review_by=LAST_MONDAY)
        _failed_message(case, LAST_MONDAY)
    with CaptureQueriesContext(connection) as many:
        response = client.get(DUE, {"overdue": "on"})

    assert len(response.context["page"]) == 3 + 4 * 4
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize(("number", "shown"), [("abc", 1), ("-1", 2), ("999", 2), ("", 1)])
def test_a_page_number_that_is_not_one_shows_a_page_rather_than_an_error(
    client: Client, number: str, shown: int
) -> None:
    for _ in range(51):
        step_due(submitted(partnership()), WEDNESDAY)
    verified(client, person("coordinator"))

    response = client.get(DUE, {"page": number})

    assert response.status_code == 200
    assert response.context["page"].number == shown


@pytest.mark.parametrize("agency", ["abc", "-1", "1.5", "999999"])
def test_an_agency_that_is_not_one_of_the_list_is_explained(client: Client, agency: str) -> None:
    verified(client, person("coordinator"))

    response = client.get(DUE, {"agency": agency})

    assert response.status_code == 200
    assert "Select an agency from the list" in response.content.decode()


def test_an_agency_officer_sees_only_their_agencys_items_whatever_the_filters(
    client: Client, mixed: dict[str, Application]
) -> None:
    asked(partnership(), "housing", due_by=TODAY, review_by=IN_A_FORTNIGHT)
    housing = partnership().agencies.get(kind="housing")
    police = partnership().agencies.get(kind="police")
    verified(client, person("police officer"))

    def seen(**params: str) -> list[tuple[str, str]]:
        return [(item.reference, item.kind) for item in client.get(DUE, params).context["page"]]

    mine = [(mixed["waiting"].reference, "information_request")]
    assert seen() == mine
    assert seen(agency=str(police.pk)) == mine
    assert seen(agency=str(housing.pk)) == []
    assert seen(kind="case_step") == []
    assert seen(kind="message") == []


def test_the_home_shows_the_first_ten_due_today_or_overdue_and_how_many(client: Client) -> None:
    for _ in range(12):
        step_due(submitted(partnership()), WEDNESDAY)
    step_due(submitted(partnership()), NEXT_TUESDAY)  # not yet due: on the due page only
    verified(client, person("coordinator"))

    response = client.get(HOME)

    due = response.context["worklist"].due
    assert (len(due.rows), due.count, due.more) == (10, 12, True)
    page = response.content.decode()
    assert "Showing the first 10 of 12." in page
    assert f'href="{DUE}?mine=on">See what is due on my cases<' in page


def test_the_home_costs_the_same_queries_however_much_is_due(client: Client) -> None:
    verified(client, person("coordinator"))
    _failed_message(asked(partnership(), "police", due_by=WEDNESDAY, review_by=LAST_MONDAY), LAST_MONDAY)
    client.get(HOME)
    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    # Later than those: the first ten still hold one of each kind.
    for _ in range(12):
        case = asked(partnership(), "police", due_by=TODAY, review_by=TODAY)
        _failed_message(case, TODAY)
    with CaptureQueriesContext(connection) as many:
        response = client.get(HOME)

    assert response.context["worklist"].due.count == 3 + 12 * 3
    # One more, to count them all once there are more than it shows.
    assert len(many.captured_queries) == len(few.captured_queries) + 1
