"""The eligibility checker: a rough answer from the same engine, with reasons, and nothing stored."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from community_trigger.agencies.models import Partnership
from community_trigger.applications.models import Draft
from community_trigger.cases.models import Application

from .builders import NOON, other_partnership, partnership

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]

LIKELY = "From your answers, your case is likely to meet the threshold for a review."
UNLIKELY = "From your answers, your case may not meet the threshold for a review."

# Three incidents, each reported within a month, recently, to the police, and not satisfied.
LIKELY_ANSWERS = {
    "incidents": "3",
    "agencies": "police",
    "within_a_month": "yes",
    "when": "recent",
    "satisfied": "no",
}


@pytest.fixture
def tvp() -> Partnership:
    return partnership()


def _check(client: Client, slug: str = "test-valley", **changes: Any) -> Any:
    return client.get(f"/{slug}/check/", {**LIKELY_ANSWERS, **changes})


def _html(response: Any) -> str:
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_checker_asks_its_questions_without_an_answer_until_they_are_given(
    client: Client, tvp: Partnership
) -> None:
    html = _html(client.get("/test-valley/check/"))

    assert "Check if you can ask for a review" in html
    assert "checker-result" not in html
    assert "There is a problem" not in html


def test_three_timely_recent_reports_to_partner_agencies_are_likely_to_meet_the_threshold(
    client: Client, tvp: Partnership
) -> None:
    html = _html(_check(client))

    assert LIKELY in html
    assert UNLIKELY not in html


def test_the_checker_stores_nothing_and_reads_only_the_partnership_and_its_agencies(
    client: Client, tvp: Partnership
) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = _check(client)

    # The partnership's languages (which the page may speak), the partnership, its agencies; beside
    # them, the directory of partnerships is kept in the shared cache (a table on the database cache).
    cache_table = settings.CACHES["default"].get("LOCATION", "")
    read = [q["sql"] for q in queries.captured_queries if cache_table not in q["sql"]]
    read = [sql for sql in read if not sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    assert [re.findall(r'FROM "([a-z_]+)"', sql)[:1] for sql in read] == [
        ["agencies_partnership"],
        ["agencies_partnership"],
        ["agencies_agency"],
    ]

    assert LIKELY in _html(response)
    assert Draft.objects.count() == 0
    assert Application.objects.count() == 0
    assert "sessionid" not in response.cookies


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"within_a_month": "no"}, "each incident must be reported within one month of it happening"),
        (
            {"agencies": "other"},
            "reports must be made to Test Valley Borough Council, Hampshire and Isle of Wight Integrated "
            "Care Board, Aster Group or Hampshire and Isle of Wight Constabulary",
        ),
        (
            {"satisfied": "yes"},
            "you must feel that no action was taken, or not be satisfied with the action taken",
        ),
        ({"when": "older"}, "you must ask within 6 months of the reports"),
    ],
)
def test_reports_that_would_not_count_are_explained(
    client: Client, tvp: Partnership, changes: dict[str, str], reason: str
) -> None:
    html = _html(_check(client, **changes))

    assert UNLIKELY in html
    assert "0 of your reports would count, and 3 are needed from one person." in html
    assert f"<li>{reason}</li>" in html


def test_too_few_incidents_are_explained_by_the_count_alone(client: Client, tvp: Partnership) -> None:
    html = _html(_check(client, incidents="2"))

    assert UNLIKELY in html
    assert "2 of your reports would count, and 3 are needed from one person." in html
    assert "Some reports would not count because" not in html


def test_reports_to_partners_and_to_another_organisation_count_only_the_partners(
    client: Client, tvp: Partnership
) -> None:
    response = client.get(
        "/test-valley/check/", {**LIKELY_ANSWERS, "incidents": "4", "agencies": ["police", "other"]}
    )

    html = _html(response)
    assert UNLIKELY in html
    assert "2 of your reports would count" in html
    assert "reports must be made to" in html


def test_the_checker_applies_the_partnerships_own_policy(client: Client, tvp: Partnership) -> None:
    # The statutory default does not ask whether people are satisfied.
    other_partnership(policy="statutory-default")

    assert LIKELY in _html(_check(client, "other-borough", satisfied="yes"))
    assert UNLIKELY in _html(_check(client, "test-valley", satisfied="yes"))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("incidents", "", "Enter how many separate incidents you reported"),
        ("incidents", "three", "Enter a whole number, like 3"),
        ("incidents", "-1", "Number of incidents must be 0 or more"),
        ("incidents", "101", "Number of incidents must be 100 or fewer"),
        ("agencies", None, "Select who you reported the incidents to"),
        ("within_a_month", None, "Select yes if you reported each incident within a month"),
        ("when", None, "Select when you made the reports"),
        ("satisfied", None, "Select yes if you are satisfied with the action taken"),
    ],
)
def test_an_answer_left_out_or_wrong_gives_its_message_and_no_result(
    client: Client, tvp: Partnership, field: str, value: str | None, message: str
) -> None:
    # Browsers send nothing at all for radios and checkboxes left unchosen.
    answers = {name: given for name, given in LIKELY_ANSWERS.items() if name != field or value is not None}
    response = client.get("/test-valley/check/", {**answers, **({field: value} if value is not None else {})})

    assert "checker-result" not in _html(response)
    assert response.context["form"].errors[field] == [message]


def test_an_agency_kind_the_partnership_does_not_have_is_refused(client: Client, tvp: Partnership) -> None:
    other_partnership()

    response = _check(client, "other-borough", agencies="council")

    assert "checker-result" not in _html(response)
    assert "agencies" in response.context["form"].errors


def test_the_checker_of_a_partnership_that_does_not_exist_is_not_found(client: Client) -> None:
    assert client.get("/nowhere/check/").status_code == 404


@pytest.mark.parametrize(
    "today", [datetime(2026, 2, 15, 12, tzinfo=UTC), datetime(2027, 2, 2, 12, tzinfo=UTC)]
)
def test_reports_made_more_than_a_month_late_never_count_whatever_the_time_of_year(
    client: Client, tvp: Partnership, time_machine: Any, today: datetime
) -> None:
    time_machine.move_to(today, tick=False)

    html = _html(_check(client, within_a_month="no"))

    assert UNLIKELY in html
    assert "0 of your reports would count" in html


def test_the_result_takes_the_focus_and_the_title_says_it(client: Client, tvp: Partnership) -> None:
    html = _html(_check(client))

    assert "<title>Likely to meet the conditions for a review: Check if you can ask for a review" in html
    assert 'id="checker-result" role="alert" tabindex="-1" autofocus' in html


def test_an_unlikely_result_is_in_the_title_too(client: Client, tvp: Partnership) -> None:
    html = _html(_check(client, incidents="1"))

    assert "<title>May not meet the conditions for a review: Check if you can ask" in html


def test_too_few_reports_from_one_person_points_to_asking_as_a_group(
    client: Client, tvp: Partnership
) -> None:
    html = " ".join(_html(_check(client, incidents="2")).split())

    assert "you can ask together as a group" in html
    assert "A group of 5 people who have each reported similar incidents can ask for a review" in html
    assert "someone acting for a group of residents" in html


def test_without_a_group_route_the_checker_does_not_offer_one(client: Client) -> None:
    other_partnership(policy="statutory-default")

    html = _html(_check(client, "other-borough", incidents="2"))

    assert "ask together as a group" not in html
