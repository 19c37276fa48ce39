"""The staff home is a worklist: my open cases, what is due today and overdue (mine first), new requests
and messages that failed for those who manage cases, each ten rows at most, with the account to the
side."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from applications.builders import partnership, submitted
from django.test import Client
from django.utils import timezone

from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application
from community_trigger.cases.services.decisions import application_acknowledge
from community_trigger.domain.access import Role
from community_trigger.notifications.models import Message

from .people import HOME, staff, verified

pytestmark = pytest.mark.django_db


def _worklist(client: Client) -> object:
    return client.get(HOME).context["worklist"]


def test_a_coordinator_sees_their_open_cases_new_requests_and_failed_messages(client: Client) -> None:
    cara = staff("cara")
    received = submitted(partnership())
    acknowledged = submitted(partnership())
    application_acknowledge(application=acknowledged, actor=cara)
    Message.objects.filter(case=received).update(status=Message.Status.FAILED, last_attempt_at=timezone.now())
    Message.objects.create(
        key="failed:1", kind="letter", to="x@example.com", case=received, status=Message.Status.FAILED
    )
    verified(client, cara)

    response = client.get(HOME)

    worklist = response.context["worklist"]
    assert [case.reference for case in worklist.mine.rows] == [received.reference, acknowledged.reference]
    assert [case.reference for case in worklist.new_requests.rows] == [received.reference]
    assert [message.case_id for message in worklist.failed.rows] == [received.pk]
    page = response.content.decode()
    for heading in ("My cases", "Due today and overdue", "New requests", "Messages that failed"):
        assert heading in page
    assert 'href="/staff/cases/">All cases<' in page
    assert AuditEntry.objects.filter(detail="worklist", actor=cara).count() == 2


def test_an_agency_officer_sees_no_new_requests_nor_failed_messages(client: Client) -> None:
    staff("cara")
    submitted(partnership())
    verified(client, staff("pat", role=Role.AGENCY_OFFICER, agency_kind="police"))

    response = client.get(HOME)

    worklist = response.context["worklist"]
    assert (worklist.mine.rows, worklist.due.rows) == ([], [])
    assert worklist.new_requests is None
    assert worklist.failed is None
    page = response.content.decode()
    assert "New requests" not in page
    assert "All cases" not in page


def test_due_today_and_overdue_lists_my_cases_first(client: Client) -> None:
    cara, cory = staff("cara"), staff("cory")
    first, second = submitted(partnership()), submitted(partnership())  # cara's, then cory's
    yesterday = timezone.localdate() - timedelta(days=1)
    Application.objects.filter(pk=first.pk).update(due_by=timezone.localdate())
    Application.objects.filter(pk=second.pk).update(due_by=yesterday)
    verified(client, cory)

    due = _worklist(client).due.rows  # type: ignore[attr-defined]

    assert [item.reference for item in due] == [second.reference, first.reference]
    verified(client, cara)
    assert [item.reference for item in _worklist(client).due.rows] == [  # type: ignore[attr-defined]
        first.reference,
        second.reference,
    ]


def test_each_section_shows_ten_cases_and_links_to_the_rest(client: Client) -> None:
    cara = staff("cara")
    for _ in range(11):
        submitted(partnership())
    verified(client, cara)

    response = client.get(HOME)

    worklist = response.context["worklist"]
    assert (len(worklist.mine.rows), worklist.mine.more) == (10, True)
    assert (len(worklist.new_requests.rows), worklist.new_requests.more) == (10, True)
    page = response.content.decode()
    assert 'href="/staff/cases/?owner=me"' in page
    assert 'href="/staff/cases/?state=received"' in page


def test_the_case_list_shows_only_my_cases_when_asked(client: Client) -> None:
    cara, cory = staff("cara"), staff("cory")
    mine, _ = submitted(partnership()), submitted(partnership())
    verified(client, cara)

    listed = client.get("/staff/cases/?owner=me", follow=True)

    assert [row.reference for row in listed.context["page"]] == [mine.reference]
    assert cory is not None


def test_the_account_links_sit_beside_the_work(client: Client) -> None:
    verified(client, staff("cara"))

    page = client.get(HOME).content.decode()

    assert '<h1 class="govuk-heading-l">Your work</h1>' in page
    assert 'href="/staff/account/"' in page
    assert 'href="/staff/password/"' in page


def test_signing_out_is_in_the_navigation_and_never_the_homes_button(client: Client) -> None:
    verified(client, staff("cara"))

    page = client.get(HOME).content.decode()

    assert 'action="/staff/sign-out/"' not in page
    assert re.search(r'<a class="govuk-service-navigation__link" href="/staff/sign-out/">\s*Sign out', page)
    assert ">Sign out</button>" not in page.replace("\n", "").replace("  ", "")


def test_each_section_says_how_many_it_holds_and_states_are_in_words(client: Client) -> None:
    cara = staff("cara")
    cases = [submitted(partnership()) for _ in range(12)]
    Application.objects.filter(pk__in=[case.pk for case in cases]).update(owner=cara)
    verified(client, cara)

    page = client.get(HOME).content.decode()

    assert re.search(
        r'id="my-cases">My cases <strong class="govuk-tag govuk-tag--blue">More than 10</strong>', page
    )
    assert re.search(
        r'id="new-requests">New requests <strong class="govuk-tag govuk-tag--blue">More than 10', page
    )
    assert re.search(
        r'id="failed">Messages that failed <strong class="govuk-tag govuk-tag--grey">0</strong>', page
    )
    assert ">Received</td>" in page
    assert ">received</td>" not in page
