"""The case list sorts on the server by reference, state, next step due and received (each way round,
ties broken by id), so a sort covers every page; the filters in use show as tags, each removing itself."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from accounts.people import staff, verified
from applications.builders import partnership, submitted
from django.test import Client
from django.utils import timezone

from community_trigger.cases.models import Application
from community_trigger.cases.selectors import case_sort_of

pytestmark = pytest.mark.django_db

LIST = "/staff/cases/"
# A filter in use, as a tag: its words.
TAG = (
    r'class="moj-filter__tag" href="[^"]*"><span class="govuk-visually-hidden">Remove this filter</span> '
    r"([^<]*)</a>"
)


def _case(*, state: str, due: date | None, received_days_ago: int) -> Application:
    case = submitted(partnership())
    received = case.submitted_at - timedelta(days=received_days_ago)
    Application.objects.filter(pk=case.pk).update(state=state, due_by=due, submitted_at=received)
    case.refresh_from_db()
    return case


@pytest.fixture
def cases() -> list[Application]:
    today = timezone.localdate()
    return [
        _case(state="received", due=today + timedelta(days=3), received_days_ago=1),
        _case(state="acknowledged", due=today + timedelta(days=1), received_days_ago=5),
        _case(state="closed", due=None, received_days_ago=9),
        # Ties with the first on every key but the reference: the id decides.
        _case(state="received", due=today + timedelta(days=3), received_days_ago=1),
    ]


def _listed(client: Client, sort: str = "") -> list[str]:
    html = client.get(LIST, {"sort": sort} if sort else {}).content.decode()
    return re.findall(r'href="/staff/cases/([A-Z]+-\d{4}-\d{4})/"', html)


def _by_id(cases: list[Application], *, reverse: bool = False) -> list[Application]:
    return sorted(cases, key=lambda case: case.pk, reverse=reverse)


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("reference", lambda case: (case.reference, case.pk)),
        ("state", lambda case: (case.state, case.pk)),
        ("received", lambda case: (case.submitted_at, case.pk)),
    ],
)
def test_each_key_sorts_every_case_both_ways_round_ties_broken_by_id(
    client: Client, cases: list[Application], sort: str, key: Callable[[Application], Any]
) -> None:
    verified(client, staff("cora"))

    ascending = _listed(client, sort)
    descending = _listed(client, f"-{sort}")

    expected = [case.reference for case in sorted(cases, key=key)]
    assert ascending == expected
    assert descending == list(reversed(expected))


def test_the_due_sort_puts_nothing_due_last_both_ways_round(client: Client, cases: list[Application]) -> None:
    received, acknowledged, closed, twin = cases
    verified(client, staff("cora"))

    assert _listed(client, "due") == [
        acknowledged.reference,
        received.reference,
        twin.reference,
        closed.reference,
    ]
    assert _listed(client, "-due") == [
        twin.reference,
        received.reference,
        acknowledged.reference,
        closed.reference,
    ]


@pytest.mark.parametrize("nonsense", ["colour", "--due", "-", "reference;drop", "applicant_name"])
def test_a_sort_the_list_does_not_offer_falls_back_to_soonest_due_first(
    client: Client, cases: list[Application], nonsense: str
) -> None:
    verified(client, staff("cora"))

    response = client.get(LIST, {"sort": nonsense})

    assert response.status_code == 200
    assert _listed(client, nonsense) == _listed(client)
    assert case_sort_of(nonsense) == ("due", False)


def test_the_sorted_heading_says_so_and_its_button_sorts_the_other_way(
    client: Client, cases: list[Application]
) -> None:
    verified(client, staff("cora"))

    html = client.get(LIST, {"sort": "reference"}).content.decode()

    assert re.search(
        r'aria-sort="ascending">\s*<button type="submit" form="case-sort" name="sort" value="-reference">',
        html,
    )
    assert re.search(
        r'aria-sort="none">\s*<button type="submit" form="case-sort" name="sort" value="due">', html
    )
    assert html.count('aria-sort="none"') == 3


def test_the_list_shows_each_state_in_words(client: Client, cases: list[Application]) -> None:
    verified(client, staff("cora"))

    html = client.get(LIST).content.decode()

    assert "Acknowledged" in html
    assert ">acknowledged<" not in html


def test_pages_keep_the_sort(client: Client) -> None:
    for _ in range(26):
        submitted(partnership())
    verified(client, staff("cora"))

    first = client.get(LIST, {"sort": "-reference"})
    second = client.get(LIST, {"sort": "-reference", "page": "2"})

    assert 'href="?sort=-reference&amp;page=2"' in first.content.decode()
    everything = sorted(Application.objects.values_list("reference", flat=True), reverse=True)
    assert [row.reference for row in first.context["page"]] == everything[:25]
    assert [row.reference for row in second.context["page"]] == everything[25:]


def _saved(client: Client, filters: dict[str, str], *, sort: str = "") -> str:
    response = client.post(LIST + (f"?sort={sort}" if sort else ""), filters)
    assert response.status_code == 302
    return str(response["Location"])


def test_each_filter_in_use_shows_as_a_tag_in_words(client: Client, cases: list[Application]) -> None:
    verified(client, staff("cora"))
    police = partnership().agencies.get(kind="police")

    html = client.get(
        _saved(
            client,
            {
                "q": "nobody",
                "state": "acknowledged",
                "agency": str(police.pk),
                "owner": "me",
                "year": "2026",
                "overdue": "on",
            },
        )
    ).content.decode()

    tags = re.findall(
        TAG,
        html,
    )
    assert tags == ["nobody", "Acknowledged", "Overdue only", police.name, "Me", "2026"]
    assert "Clear filters" in html


def test_removing_a_tag_keeps_the_other_filters_and_the_sort(
    client: Client, cases: list[Application]
) -> None:
    received, _acknowledged, _closed, twin = cases
    verified(client, staff("cora"))
    listed = client.get(_saved(client, {"state": "received", "year": "2025"}, sort="-reference"))
    assert [row.reference for row in listed.context["page"]] == []
    remove_year = re.search(r'href="([^"]*remove=year[^"]*)"', listed.content.decode())
    assert remove_year is not None

    removed = client.get(remove_year.group(1).replace("&amp;", "&"))

    assert removed.status_code == 302
    assert "sort=-reference" in removed["Location"]
    after = client.get(removed["Location"])
    assert [row.reference for row in after.context["page"]] == sorted(
        [received.reference, twin.reference], reverse=True
    )
    assert after.context["form"]["state"].value() == "received"
    assert after.context["form"]["year"].value() in (None, "")


def test_removing_the_last_tag_lists_every_case(client: Client, cases: list[Application]) -> None:
    verified(client, staff("cora"))
    listed = client.get(_saved(client, {"state": "closed"}))
    remove = re.search(r'href="([^"]*remove=state[^"]*)"', listed.content.decode())
    assert remove is not None

    removed = client.get(remove.group(1).replace("&amp;", "&"))

    assert removed["Location"] == LIST
    assert len(client.get(LIST).context["page"]) == 4


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"state": "acknowledged"}, [1]),
        ({"overdue": "on"}, [1]),
        ({"state": "received", "overdue": "on"}, []),
        ({"state": "received"}, [0, 3]),
    ],
)
def test_filters_alone_and_combined(
    client: Client, cases: list[Application], filters: dict[str, str], expected: list[int]
) -> None:
    Application.objects.filter(pk=cases[1].pk).update(due_by=date(2020, 1, 1))
    verified(client, staff("cora"))

    listed = client.get(_saved(client, filters))

    assert sorted(row.reference for row in listed.context["page"]) == sorted(
        cases[i].reference for i in expected
    )


def test_a_year_that_is_not_one_is_explained_and_kept(client: Client, cases: list[Application]) -> None:
    verified(client, staff("cora"))

    html = client.get(_saved(client, {"year": "twenty", "state": "received"})).content.decode()

    assert "govuk-error-summary" in html
    assert "Enter a year, like 2026" in html
    assert 'value="twenty"' in html
