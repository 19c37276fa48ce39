"""A coordinator's day with the keyboard alone, in a real browser: from the worklist to a new request,
through its first steps (each confirmed by a banner), a call written in the diary, the answer an agency
without an account sent by email, the case's history, "Due and overdue", and signing out. Not one mouse
button is pressed; every page is scanned with axe."""

from __future__ import annotations

import re

import pytest
from accounts.people import staff, with_backup_codes
from applications.builders import submitted
from django.utils import timezone
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership
from community_trigger.sharing.models import AnswerSource, InformationResponse

from .accessibility import Audit
from .conftest import OpenTab
from .journey import Keyboard, expect_page, type_date
from .staff import log_the_applicants_call, open_section, sign_in_with_a_backup_code
from .test_keyboard_and_no_javascript import COUNT_MOUSE_PRESSES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COUNCIL = "Test Valley Borough Council"


def _banner_says(hands: Keyboard, words: str) -> None:
    expect(hands.page.locator(".govuk-notification-banner--success")).to_contain_text(words)


def test_a_coordinators_day_with_the_keyboard_alone(
    live_server: LiveServer, partnership: Partnership, open_tab: OpenTab, audit: Audit
) -> None:
    cara = staff("cara")
    codes = with_backup_codes(cara)
    case = submitted(partnership)
    partnership.agencies.filter(name=COUNCIL).update(contact_email="asb-team@council.example")

    tab = open_tab(viewport={"width": 1366, "height": 768})
    page = tab.page
    page.context.add_init_script(COUNT_MOUSE_PRESSES)
    hands = Keyboard(page, arrived=audit.check)
    sign_in_with_a_backup_code(hands, f"{live_server.url}/staff/", "cara", codes[0])

    # The worklist: the new request is there, named by its reference.
    new_requests = page.get_by_role("table", name="New requests to acknowledge, oldest first")
    hands.activate(new_requests.get_by_role("link", name=case.reference))
    expect(page.get_by_role("heading", level=1)).to_have_text(case.reference)

    # The first steps, each from the identity bar, each confirmed by what it did.
    hands.activate(page.get_by_role("button", name="Acknowledge the request"))
    _banner_says(hands, f"{case.reference}: ")
    hands.activate(page.get_by_role("button", name="Record the threshold decision"))
    hands.choose(page.get_by_role("radio", name="The threshold is met: hold a review"))
    hands.activate(page.get_by_role("button", name="Record the decision and write to the applicant"))
    _banner_says(hands, "Threshold decision recorded")
    hands.activate(page.get_by_role("button", name="Request information from every agency"))
    _banner_says(hands, "Information requested from")

    # A call from the applicant, in the diary.
    hands.activate(page.get_by_role("button", name="Write in the diary"))
    log_the_applicants_call(hands, "Asked when the agencies will answer.")
    _banner_says(hands, "diary")

    # The council, with no one in the service, answered by email: the answer is recorded.
    hands.activate(page.get_by_role("link", name="Back to the case"))
    open_section(hands, "Information")
    hands.activate(
        page.get_by_role("link", name=f"Record an answer sent by email, phone or letter for {COUNCIL}")
    )
    expect_page(page, f"Record the answer from {COUNCIL}")
    hands.type_into(page.get_by_label("Name"), "Jo Bloggs")
    type_date(hands, "Day it was received", timezone.localdate())
    hands.choose(page.get_by_role("group", name="How it came").get_by_role("radio", name="Email"))
    for finding in page.get_by_role("radio", name="Not found").all():
        hands.choose(finding)
    hands.type_into(page.get_by_label("Action taken"), "A noise abatement notice was considered.")
    hands.type_into(page.get_by_label("Outcome of that action"), "No notice was served.")
    attach = page.get_by_role("group", name=re.compile("Do you have the email or letter they sent"))
    hands.choose(attach.get_by_role("radio", name="No"))
    hands.activate(page.get_by_role("button", name="Record the answer"))
    _banner_says(hands, case.reference)
    answer = InformationResponse.objects.get(request__application=case, request__agency__name=COUNCIL)
    assert (answer.source, answer.sender_name) == (AnswerSource.RECORDED, "Jo Bloggs")

    # The day's steps, in the history's words.
    open_section(hands, "History")
    timeline = page.locator(".moj-timeline")
    expect(timeline).to_contain_text("Information requested from")
    expect(timeline).to_contain_text("A note or contact added to the case diary")

    # What else is due, then home and out.
    hands.activate(page.get_by_role("link", name="Due and overdue", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Due and overdue")
    hands.activate(page.get_by_role("link", name="Sign out", exact=True))

    assert page.evaluate("Number(sessionStorage.getItem('mousedowns'))") == 0
    assert sum(hands.presses.values()) > 0
    tab.assert_nothing_went_wrong()
    audit.assert_accessible()
