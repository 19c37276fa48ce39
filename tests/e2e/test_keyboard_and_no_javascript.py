"""The journey without a mouse, and without JavaScript: both must get a person all the way through."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core import mail
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership
from community_trigger.cases.models import Application

from . import journey
from .accessibility import Audit
from .conftest import OpenTab, Tab
from .journey import (
    CHECK_ANSWERS,
    Details,
    Incident,
    Keyboard,
    Pointer,
    Report,
    days_ago,
    expect_errors,
    expect_field_error,
    expect_page,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

YOU = Details(
    name="Kim Keys",
    address_line_1="5 Church Street",
    town="Stockbridge",
    postcode="SO20 6EX",
    email="kim@example.com",
    phone="01632 960 555",
)
INCIDENTS = (
    Incident(
        days_ago(25),
        "Loud music every night until 4am",
        "6 Church Street",
        (Report("You", "Test Valley Borough Council", days_ago(24)),),
    ),
    Incident(
        days_ago(12),
        "Rubbish dumped in my front garden",
        "5 Church Street",
        (
            Report("You", "Hampshire and Isle of Wight Constabulary", days_ago(11)),
            Report("You", "Aster Group", days_ago(10), reference="AG/123"),
        ),
    ),
)

# Counts the mouse buttons pressed on every page of the tab, across page loads (from "0", so a count
# of None would mean the counter never ran).
COUNT_MOUSE_PRESSES = """
const count = () => Number(sessionStorage.getItem("mousedowns") || 0);
sessionStorage.setItem("mousedowns", String(count()));
addEventListener("mousedown", () => sessionStorage.setItem("mousedowns", String(count() + 1)), true);
"""


def test_the_whole_journey_works_with_the_keyboard_alone(
    live_server: LiveServer, partnership: Partnership, tab: Tab, audit: Audit
) -> None:
    page = tab.page
    page.context.add_init_script(COUNT_MOUSE_PRESSES)
    keys = Keyboard(page, arrived=audit.check)

    journey.start(keys, live_server.url)

    # Sent with nothing chosen: the error summary takes the focus, its link leads to the first radio.
    expect_page(page, "Who are you?")
    keys.activate(page.get_by_role("button", name="Continue"))
    assert expect_errors(page) == ["Select who you are"]
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Select who you are")).to_be_focused()
    page.keyboard.press("Enter")
    victim = page.get_by_role("group", name="Who are you?").get_by_label(journey.ROLES["victim"])
    expect(victim).to_be_focused()
    page.keyboard.press("Space")
    expect(victim).to_be_checked()
    keys.activate(page.get_by_role("button", name="Continue"))
    journey.answer_consent(keys, "Yes")

    journey.answer_your_details(
        keys, replace(YOU, name="Kim Kyes"), contact_by="Phone", help_needed="A hearing loop", send=False
    )
    # A typo in the name, put right by going back up the form.
    keys.type_into(page.get_by_label("Full name"), YOU.name)
    assert keys.presses["Shift+Tab"] >= 4
    keys.activate(page.get_by_role("button", name="Continue"))
    journey.answer_contact(keys, YOU, contact_by="Phone")
    journey.add_incidents(keys, INCIDENTS)
    journey.answer_staff_conduct(keys, "No")
    journey.answer_satisfaction(keys, journey.NO_ACTION)
    journey.answer_impact(keys, impact="I am afraid to go out", support="Mediation")
    journey.change_answer(keys, "your phone number")
    expect_page(page, journey.CONTACT)
    keys.type_into(page.get_by_label(journey.PHONE_LABEL), "01632 960 556")
    keys.activate(page.get_by_role("button", name="Continue"))
    expect_page(page, CHECK_ANSWERS)
    reference = journey.accept_and_send(keys)

    assert page.evaluate("sessionStorage.getItem('mousedowns')") == "0"
    application = Application.objects.get()
    assert application.reference == reference
    assert application.impact == "I am afraid to go out"
    applicant = application.people.get()
    assert (applicant.phone, applicant.contact_preference) == ("01632 960 556", "phone")
    assert (applicant.name, applicant.help_needed) == (YOU.name, "A hearing loop")
    assert [incident.reports.count() for incident in application.incidents.all()] == [1, 2]
    assert application.assessments.get().threshold_met is False
    audit.assert_accessible()
    tab.assert_nothing_went_wrong()


def test_the_whole_journey_works_without_javascript(
    live_server: LiveServer, partnership: Partnership, open_tab: OpenTab
) -> None:
    tab = open_tab(java_script_enabled=False)
    page = tab.page
    hands = Pointer(page)

    journey.start(hands, live_server.url)
    # No script ran: the inline one that marks the page as scripted would have.
    assert "js-enabled" not in page.evaluate("document.body.className")
    journey.answer_who(hands, "victim")
    journey.answer_consent(hands, "Yes")
    journey.answer_your_details(hands, replace(YOU, postcode="nowhere"), send=False)
    hands.activate(page.get_by_role("button", name="Continue"))
    assert expect_errors(page) == ["Enter a full UK postcode, like AA3 1AB"]
    expect_field_error(page, "Enter a full UK postcode, like AA3 1AB")
    expect(page.get_by_label("Postcode")).to_have_value("nowhere")
    expect(page.get_by_label("Full name")).to_have_value(YOU.name)
    hands.type_into(page.get_by_label("Postcode"), YOU.postcode)
    hands.activate(page.get_by_role("button", name="Continue"))
    journey.answer_contact(hands, YOU)
    journey.add_incidents(hands, INCIDENTS)
    journey.answer_staff_conduct(hands, "No")
    journey.answer_satisfaction(hands)
    journey.answer_impact(hands)
    journey.change_answer(hands, "your name")
    hands.type_into(page.get_by_label("Full name"), "Kim Keys-Smith")
    hands.activate(page.get_by_role("button", name="Continue"))
    expect_page(page, CHECK_ANSWERS)
    expect(page.get_by_text("Kim Keys-Smith", exact=True)).to_be_visible()
    reference = journey.accept_and_send(hands)

    application = Application.objects.get()
    assert application.reference == reference
    assert application.people.get().name == "Kim Keys-Smith"
    assert application.incidents.count() == 2
    (message,) = mail.outbox
    assert reference in message.subject
    tab.assert_nothing_went_wrong()
