"""The "Due and overdue" page: each member of staff sees only what is theirs to see, overdue first, in
working days; every case on it is in the audit log, and its cost does not grow with what it lists."""

from __future__ import annotations

from datetime import date

import pytest
from accounts.people import verified
from applications.builders import NOON, partnership, submitted
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from community_trigger.agencies.models import Agency
from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application
from community_trigger.deadlines.sources import DueItem
from community_trigger.sharing.models import InformationRequest

from .cases import asked, elsewhere, person, step_due

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]

DUE = "/staff/due/"
# NOON is Friday 20 November 2026.
LAST_MONDAY = date(2026, 11, 16)
WEDNESDAY = date(2026, 11, 18)
TODAY = date(2026, 11, 20)
NEXT_TUESDAY = date(2026, 11, 24)
IN_A_FORTNIGHT = date(2026, 12, 4)


def _items(response: object) -> list[DueItem]:
    return list(response.context["page"])  # type: ignore[attr-defined]


def _seen(client: Client, name: str) -> set[str]:
    """What `name` sees on the page, each item as "<case>: <whose>" (the step, or the asked agency)."""
    verified(client, person(name))
    labels = {
        "TVP-2026-0001": "waiting",
        "TVP-2026-0002": "fresh",
        "OBP-2026-0001": "elsewhere",
    }
    items = _items(client.get(DUE))
    whose: dict[int | None, str] = {None: "step", **dict(Agency.objects.values_list("pk", "kind"))}
    return {f"{labels[item.reference]}: {whose[item.responsible.agency_id]}" for item in items}


EVERYTHING_HERE = {"waiting: step", "waiting: police", "waiting: housing", "fresh: step"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("coordinator", EVERYTHING_HERE),
        ("panel chair", EVERYTHING_HERE),
        ("auditor", EVERYTHING_HERE),
        # An agency officer sees their own agency's request, not the partnership's steps nor the others'.
        ("police officer", {"waiting: police"}),
        ("housing officer", {"waiting: housing"}),
        # Nobody asked the health board, so it has nothing due and sees no case.
        ("health officer", set()),
        ("other coordinator", {"elsewhere: step"}),
    ],
)
def test_each_member_of_staff_sees_only_what_is_theirs(client: Client, name: str, expected: set[str]) -> None:
    asked(partnership(), "police", "housing", due_by=NEXT_TUESDAY, review_by=IN_A_FORTNIGHT)
    submitted(partnership())
    submitted(elsewhere())

    assert _seen(client, name) == expected


def test_someone_not_signed_in_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(DUE)

    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/")


def test_overdue_comes_first_then_due_today_then_coming_up_each_in_working_days(client: Client) -> None:
    coming_up = step_due(submitted(partnership()), NEXT_TUESDAY)
    today = step_due(submitted(partnership()), TODAY)
    a_little_late = step_due(submitted(partnership()), WEDNESDAY)
    very_late = step_due(submitted(partnership()), LAST_MONDAY)
    verified(client, person("coordinator"))

    html = client.get(DUE).content.decode()

    order = [
        "4 things due",
        very_late.reference,
        "4 working days overdue",
        a_little_late.reference,
        "2 working days overdue",
        today.reference,
        "Due today</strong>",
        coming_up.reference,
        # Monday and Tuesday: the weekend does not count.
        "2 working days left",
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)


def test_each_item_links_to_its_case_page(client: Client) -> None:
    case = asked(partnership(), "police", due_by=NEXT_TUESDAY, review_by=IN_A_FORTNIGHT)
    verified(client, person("police officer"))

    html = client.get(DUE).content.decode()

    assert f'href="/staff/cases/{case.reference}/"' in html
    assert "Answer the information request" in html
    assert "Hampshire and Isle of Wight Constabulary" in html


def test_an_empty_page_says_so(client: Client) -> None:
    verified(client, person("coordinator"))

    html = client.get(DUE).content.decode()

    assert "0 things due" in html
    assert "Nothing is due." in html


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("case_step", ["case_step"]),
        ("information_request", ["information_request", "information_request"]),
        ("all", ["information_request", "information_request", "case_step"]),
    ],
)
def test_the_page_can_show_one_kind_of_item(client: Client, kind: str, expected: list[str]) -> None:
    asked(partnership(), "police", "housing", due_by=NEXT_TUESDAY, review_by=IN_A_FORTNIGHT)
    verified(client, person("coordinator"))

    response = client.get(DUE, {"kind": kind})

    assert [item.kind for item in _items(response)] == expected


def test_what_is_answered_or_no_longer_wanted_is_not_due(client: Client) -> None:
    answered = asked(partnership(), "police", due_by=NEXT_TUESDAY, review_by=IN_A_FORTNIGHT)
    InformationRequest.objects.filter(application=answered).update(answered_at=NOON)
    withdrawn = asked(partnership(), "police", due_by=NEXT_TUESDAY)
    Application.objects.filter(pk=withdrawn.pk).update(state="withdrawn", due_by=None)
    verified(client, person("coordinator"))

    items = _items(client.get(DUE))

    assert [(item.reference, item.what) for item in items] == [
        (answered.reference, "Hold the review meeting")
    ]


def test_looking_at_the_page_puts_each_case_on_it_in_the_audit_log_once(client: Client) -> None:
    waiting = asked(partnership(), "police", "housing", due_by=NEXT_TUESDAY, review_by=IN_A_FORTNIGHT)
    fresh = submitted(partnership())
    coordinator = person("coordinator")
    verified(client, coordinator)
    before = AuditEntry.objects.count()

    client.get(DUE)

    entries = AuditEntry.objects.order_by("pk")[before:]
    assert sorted((e.actor_id, e.action, e.subject, e.subject_id, e.detail) for e in entries) == sorted(
        (coordinator.pk, "view", "application", str(case.pk), "due list") for case in (waiting, fresh)
    )


def test_the_page_costs_the_same_queries_however_much_is_due(client: Client) -> None:
    verified(client, person("coordinator"))
    asked(partnership(), "police", "housing", due_by=NEXT_TUESDAY, review_by=IN_A_FORTNIGHT)
    submitted(partnership())
    client.get(DUE)
    with CaptureQueriesContext(connection) as few:
        client.get(DUE)
    for _ in range(5):
        asked(partnership(), "police", "housing", "council", due_by=WEDNESDAY, review_by=NEXT_TUESDAY)
        submitted(partnership())
    with CaptureQueriesContext(connection) as many:
        response = client.get(DUE)

    assert len(_items(response)) == 4 + 5 * 5
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_staff_navigation_leads_to_the_page_and_marks_it_current(client: Client) -> None:
    verified(client, person("coordinator"))

    home = client.get("/staff/").content.decode()
    due = client.get(DUE).content.decode()

    assert f'href="{DUE}">' in home.replace("\n", "").replace("  ", "")
    assert f'href="{DUE}" aria-current="page"' in due
