"""The review's other pages in a real browser: staff record an escalation the applicant asked for by
phone, and are told plainly when a step cannot be taken (a case with open recommendations cannot
close; the panel's own chair cannot decide its escalation). Each page scanned with axe."""

from __future__ import annotations

import pytest
from accounts.people import with_backup_codes
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer
from reviews.builders import outcome_sent, team

from community_trigger.agencies.models import Partnership
from community_trigger.domain.workflow import State
from community_trigger.reviews.models import Escalation

from .accessibility import Audit
from .conftest import OpenTab
from .journey import Pointer, expect_errors
from .staff import sign_in_with_a_backup_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_escalation_by_phone_and_the_steps_that_cannot_be_taken(
    live_server: LiveServer, partnership: Partnership, open_tab: OpenTab, audit: Audit
) -> None:
    people = team()
    case = outcome_sent(people)
    case_url = f"{live_server.url}/staff/cases/{case.reference}/"
    tab = open_tab()
    hands = Pointer(tab.page, arrived=audit.check)
    page = tab.page
    sign_in_with_a_backup_code(hands, f"{case_url}review/", "cora", with_backup_codes(people.coordinator)[0])

    hands.activate(page.get_by_role("button", name="Close the case"))
    expect(page.get_by_role("heading", level=1)).to_have_text("The case cannot close yet")
    expect(page.get_by_text("2 recommendations are still open")).to_be_visible()

    hands.open(f"{case_url}review/")
    hands.activate(
        page.get_by_role("link", name="Record an escalation request made by phone, letter or in person")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an escalation request")
    hands.activate(page.get_by_role("button", name="Record the request"))
    assert expect_errors(page) == [
        "Select what you would like looked at again",
        "Select at least one reason",
        "Enter what you think went wrong",
    ]
    hands.choose(page.get_by_role("radio", name="How the review was carried out"))
    hands.choose(page.get_by_role("checkbox", name="The procedure was not followed"))
    hands.type_into(page.get_by_label("What do they think went wrong?"), "Told by phone: nobody called back.")
    hands.activate(page.get_by_role("button", name="Record the request"))
    expect(page.locator(".govuk-tag", has_text="Being looked at again")).to_be_visible()
    escalation = Escalation.objects.get(application=case)
    assert escalation.entered_by == people.coordinator

    chair_tab = open_tab()
    chair = Pointer(chair_tab.page, arrived=audit.check)
    sign_in_with_a_backup_code(
        chair,
        f"{case_url}review/escalations/{escalation.pk}/decide/",
        people.chair.username,
        with_backup_codes(people.chair)[0],
    )
    expect(chair_tab.page.get_by_role("heading", level=1)).to_have_text(
        "Someone else must decide this escalation"
    )

    case.refresh_from_db()
    assert case.state == State.ESCALATED
    # The two refusals answer 409 and 403, as they should; nothing else failed, nothing was blocked.
    assert tab.failed_requests == [f"409 {case_url}review/close/"]
    assert chair_tab.failed_requests == [f"403 {case_url}review/escalations/{escalation.pk}/decide/"]
    # Chromium's console repeats each refusal as a failed load; nothing else may be there (no CSP block).
    for opened in (tab, chair_tab):
        assert [e for e in opened.console_errors if "the server responded with a status of 40" not in e] == []
    audit.assert_accessible()
