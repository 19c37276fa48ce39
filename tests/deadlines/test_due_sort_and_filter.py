""" "Due and overdue" sorts and filters on the server (by due date, case reference and kind; mine, by
agency, by kind, overdue only), 50 a page, so a sort or a filter covers every page and the page
renders a bounded number of rows however much is due."""

from __future__ import annotations

import re
from datetime import date

import pytest
from accounts.people import verified
from applications.builders import NOON, partnership, submitted
from django.test import Client

from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application
from community_trigger.deadlines.selectors import due_sort_of

from .cases import asked, person, step_due

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]

DUE = "/staff/due/"
# A filter in use, as a tag: where it leads, and its words.
TAG = (
    r'class="moj-filter__tag" href="([^"]*)"><span class="govuk-visually-hidden">Remove this filter</span> '
    r"([^<]*)</a>"
)
# NOON is Friday 20 November 2026.
WEDNESDAY = date(2026, 11, 18)
TODAY = date(2026, 11, 20)
NEXT_TUESDAY = date(2026, 11, 24)
IN_A_FORTNIGHT = date(2026, 12, 4)


def _rows(client: Client, **params: str) -> list[tuple[str, str]]:
    """(reference, kind) of each item on the page, in order."""
    response = client.get(DUE, params)
    assert response.status_code == 200
    return [(item.reference, item.kind) for item in response.context["page"]]


@pytest.fixture
def due(client: Client) -> dict[str, Application]:
    coordinator = person("coordinator")
    late = step_due(submitted(partnership()), WEDNESDAY)
    waiting = asked(partnership(), "police", due_by=TODAY, review_by=IN_A_FORTNIGHT)
    mine = step_due(submitted(partnership()), NEXT_TUESDAY)
    # The others are someone else's (a new case goes to a coordinator in turn).
    Application.objects.update(owner=None)
    Application.objects.filter(pk=mine.pk).update(owner=coordinator)
    verified(client, coordinator)
    return {"late": late, "waiting": waiting, "mine": mine}


def test_by_default_the_longest_overdue_comes_first(client: Client, due: dict[str, Application]) -> None:
    assert _rows(client) == [
        (due["late"].reference, "case_step"),
        (due["waiting"].reference, "information_request"),
        (due["mine"].reference, "case_step"),
        (due["waiting"].reference, "case_step"),
    ]


@pytest.mark.parametrize("sort", ["due", "reference", "kind"])
def test_each_sort_reverses(client: Client, due: dict[str, Application], sort: str) -> None:
    assert _rows(client, sort=f"-{sort}") == list(reversed(_rows(client, sort=sort)))


def test_sorting_by_case_reference_keeps_a_cases_items_together_soonest_first(
    client: Client, due: dict[str, Application]
) -> None:
    references = [reference for reference, _ in _rows(client, sort="reference")]

    assert references == sorted(references)
    assert _rows(client, sort="reference")[1:3] == [
        (due["waiting"].reference, "information_request"),
        (due["waiting"].reference, "case_step"),
    ]


def test_sorting_by_kind_puts_case_steps_before_information_requests(
    client: Client, due: dict[str, Application]
) -> None:
    assert [kind for _, kind in _rows(client, sort="kind")] == [
        "case_step",
        "case_step",
        "case_step",
        "information_request",
    ]


@pytest.mark.parametrize("nonsense", ["when", "--due", "due_on", ""])
def test_a_sort_not_offered_falls_back_to_the_default(
    client: Client, due: dict[str, Application], nonsense: str
) -> None:
    assert _rows(client, sort=nonsense) == _rows(client)
    assert due_sort_of(nonsense) == ("due", False)


def test_the_sorted_heading_carries_aria_sort(client: Client, due: dict[str, Application]) -> None:
    html = client.get(DUE, {"sort": "-kind"}).content.decode()

    assert re.search(
        r'aria-sort="descending">\s*<button type="submit" form="due-sort" name="sort" value="kind">', html
    )
    assert html.count('aria-sort="none"') == 2


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"overdue": "on"}, ["late"]),
        ({"mine": "on"}, ["mine"]),
        ({"kind": "information_request"}, ["waiting"]),
        ({"kind": "case_step", "overdue": "on"}, ["late"]),
        ({"kind": "case_step", "mine": "on"}, ["mine"]),
        ({"kind": "information_request", "overdue": "on"}, []),
    ],
)
def test_filters_alone_and_combined(
    client: Client, due: dict[str, Application], params: dict[str, str], expected: list[str]
) -> None:
    assert [reference for reference, _ in _rows(client, **params)] == [
        due[name].reference for name in expected
    ]


def test_the_agency_filter_shows_only_what_that_agency_is_to_do(
    client: Client, due: dict[str, Application]
) -> None:
    police = partnership().agencies.get(kind="police")
    housing = partnership().agencies.get(kind="housing")

    assert _rows(client, agency=str(police.pk)) == [(due["waiting"].reference, "information_request")]
    assert _rows(client, agency=str(housing.pk)) == []


def test_each_filter_in_use_is_a_tag_that_removes_only_itself(
    client: Client, due: dict[str, Application]
) -> None:
    police = partnership().agencies.get(kind="police")
    html = client.get(
        DUE, {"kind": "information_request", "agency": str(police.pk), "overdue": "on", "sort": "reference"}
    ).content.decode()

    tags = dict(
        re.findall(
            TAG,
            html,
        )
    )
    by_text = {text: href.replace("&amp;", "&") for href, text in tags.items()}
    assert set(by_text) == {"Information requests", police.name, "Overdue only"}
    assert by_text["Overdue only"] == f"{DUE}?kind=information_request&agency={police.pk}&sort=reference"
    assert by_text[police.name] == f"{DUE}?kind=information_request&overdue=on&sort=reference"
    assert by_text["Information requests"] == f"{DUE}?agency={police.pk}&overdue=on&sort=reference"
    assert f'href="{DUE}?sort=reference">Clear filters' in html


def test_an_agency_not_in_the_list_is_explained_and_nothing_is_filtered(
    client: Client, due: dict[str, Application]
) -> None:
    response = client.get(DUE, {"agency": "999999", "kind": "everything-else"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Select an agency from the list" in html
    assert "Select what to show" in html
    assert len(response.context["page"]) == 4


def test_fifty_a_page_and_the_pages_keep_the_filters_and_sort(client: Client) -> None:
    coordinator = person("coordinator")
    for _ in range(55):
        step_due(submitted(partnership()), WEDNESDAY)
    verified(client, coordinator)
    before = AuditEntry.objects.count()

    first = client.get(DUE, {"overdue": "on", "sort": "-reference"})
    listed = AuditEntry.objects.count() - before
    second = client.get(DUE, {"overdue": "on", "sort": "-reference", "page": "2"})

    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 5
    # Only the page's cases are recorded as seen.
    assert listed == 50
    assert 'href="?overdue=on&amp;sort=-reference&amp;page=2"' in first.content.decode()
    everything = sorted(Application.objects.values_list("reference", flat=True), reverse=True)
    assert [item.reference for item in first.context["page"]] + [
        item.reference for item in second.context["page"]
    ] == everything
