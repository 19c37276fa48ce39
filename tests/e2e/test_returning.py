"""Coming back in a real browser: a saved request carried on from its emailed link, and the status page
from the confirmation email, where the request can be withdrawn."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Agency, Partnership
from community_trigger.applications.consent import CONSENT_WORDING_VERSION
from community_trigger.applications.services import status_token
from community_trigger.cases.answers import application_answers
from community_trigger.cases.models import Application, CaseEvent
from community_trigger.cases.services.intake import application_submit

from . import journey
from .accessibility import Audit
from .conftest import OpenTab, Tab
from .journey import Details, Incident, Pointer, Report, days_ago, expect_errors, expect_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

YOU = Details(
    name="Robin Resident",
    address_line_1="4 Station Road",
    town="Andover",
    postcode="SP10 4DD",
    email="robin@example.com",
)
INCIDENT = Incident(
    days_ago(9),
    "Graffiti sprayed on my car",
    "Station Road",
    (Report("You", "Test Valley Borough Council", days_ago(8), reference="TVBC-9"),),
)


def link_in(message: mail.EmailMessage, live_server: LiveServer, kind: str) -> str:
    found = re.search(rf"{re.escape(live_server.url)}/test-valley/{kind}/[^/\s]+/", str(message.body))
    assert found, message.body
    return found.group(0)


def summary_value(page: Page, key: str) -> str:
    row = page.locator(".govuk-summary-list__row").filter(has=page.locator("dt", has_text=key))
    return row.locator("dd").inner_text().strip()


def test_a_saved_request_carries_on_from_the_emailed_link_in_another_browser(
    live_server: LiveServer, partnership: Partnership, tab: Tab, open_tab: OpenTab, audit: Audit
) -> None:
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    journey.start(hands, live_server.url)
    journey.answer_who(hands, "victim")
    journey.answer_consent(hands, "Yes")
    journey.answer_your_details(hands, YOU, help_needed="An interpreter (Polish)")
    journey.add_incident_and_reports(hands, INCIDENT)
    expect_page(page, journey.incidents_added(1))

    journey.save_for_later(hands)
    email_address = page.get_by_label("Email address (optional)")
    expect(email_address).to_have_value(YOU.email)
    hands.type_into(email_address, "")
    hands.activate(page.get_by_role("button", name="Send", exact=True))
    assert expect_errors(page) == ["Enter an email address or a mobile phone number, or carry on"]
    hands.type_into(page.get_by_label("Email address (optional)"), "robin.later@example.com")
    hands.activate(page.get_by_role("button", name="Send", exact=True))
    expect_page(page, "Your answers are saved")
    expect(page.get_by_text("We have sent a link to robin.later@example.com.")).to_be_visible()

    (message,) = mail.outbox
    assert message.to == ["robin.later@example.com"]
    resume_link = link_in(message, live_server, "resume")

    # Another browser: no cookies, so no session; only the link leads back to the answers.
    later = open_tab()
    assert later.page.context.cookies() == []
    later_hands = Pointer(later.page, arrived=audit.check)
    later_hands.open(resume_link)
    expect_page(later.page, "Carry on with your request")
    later_hands.activate(later.page.get_by_role("button", name="Continue"))
    expect_page(later.page, journey.incidents_added(1))
    # The first browser lost the draft when the link was opened in the second.
    hands.open(f"{live_server.url}/test-valley/apply/your-details/")
    expect_page(page, "Ask for an anti-social behaviour case review")
    expect(later.page.get_by_text(INCIDENT.location)).to_be_visible()
    later_hands.activate(later.page.get_by_role("link", name="Back", exact=True))
    expect_page(later.page, journey.LETTER_FORMAT)
    later_hands.activate(later.page.get_by_role("link", name="Back", exact=True))
    expect_page(later.page, journey.CONTACT)
    later_hands.activate(later.page.get_by_role("link", name="Back", exact=True))
    expect_page(later.page, "Your details")
    expect(later.page.get_by_label("Full name")).to_have_value(YOU.name)
    expect(later.page.get_by_label("Postcode")).to_have_value(YOU.postcode)
    expect(later.page.get_by_label("Do you need any help to take part? (optional)")).to_have_value(
        "An interpreter (Polish)"
    )
    later_hands.activate(later.page.get_by_role("button", name="Continue"))
    expect_page(later.page, journey.CONTACT)
    later_hands.activate(later.page.get_by_role("button", name="Continue"))
    expect_page(later.page, journey.LETTER_FORMAT)
    later_hands.activate(later.page.get_by_role("button", name="Continue"))
    journey.answer_add_another(later_hands, journey.incidents_added(1), journey.ANOTHER_INCIDENT, "No")
    journey.answer_staff_conduct(later_hands, "No")
    journey.answer_satisfaction(later_hands)
    journey.answer_impact(later_hands)
    expect(later.page.get_by_text(YOU.name, exact=True)).to_be_visible()
    reference = journey.accept_and_send(later_hands)

    application = Application.objects.get()
    assert application.reference == reference
    applicant = application.people.get()
    assert (applicant.name, applicant.help_needed) == (YOU.name, "An interpreter (Polish)")
    incident = application.incidents.get()
    assert (incident.date, incident.location, incident.reports.get().reference) == (
        INCIDENT.on,
        INCIDENT.location,
        "TVBC-9",
    )
    # The confirmation goes to the address on the request.
    assert mail.outbox[-1].to == [YOU.email]

    # The link works once: opening it again says so (and the request has been sent anyway).
    later_hands.open(resume_link)
    expect_page(later.page, "This link has already been used")

    audit.assert_accessible()
    tab.assert_nothing_went_wrong()
    assert later.failed_requests == [f"410 {resume_link}"]
    gone = "Failed to load resource: the server responded with a status of 410 (Gone)"
    assert later.console_errors == [f"{gone} ({resume_link})"]


def test_the_status_link_in_the_confirmation_email_shows_the_request_and_can_withdraw_it(
    live_server: LiveServer, partnership: Partnership, tab: Tab, audit: Audit
) -> None:
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    journey.request_as_a_victim(hands, live_server.url, YOU, (INCIDENT,))
    reference = journey.accept_and_send(hands)
    (message,) = mail.outbox

    hands.open(link_in(message, live_server, "status"))
    expect_page(page, f"Your request {reference}")
    assert summary_value(page, "Status") == "Received"
    withdraw = page.get_by_role("group", name="Do you want to withdraw your request?")

    # The postcode they gave first: whoever only holds the link cannot withdraw.
    hands.activate(page.get_by_role("link", name="Withdraw your request"))
    postcode = page.get_by_label("What postcode did you give in your request?")
    hands.type_into(postcode, "SO51 8GY")
    hands.activate(page.get_by_role("button", name="Continue"))
    assert expect_errors(page) == ["The postcode does not match the one in your request"]
    postcode.fill("")
    hands.type_into(postcode, YOU.postcode)
    hands.activate(page.get_by_role("button", name="Continue"))
    expect_page(page, "Are you sure you want to withdraw your request?")

    hands.activate(page.get_by_role("button", name="Continue"))
    assert expect_errors(page) == ["Select yes if you want to withdraw your request"]

    # "No" changes nothing.
    hands.choose(withdraw.get_by_label("No", exact=True))
    hands.activate(page.get_by_role("button", name="Continue"))
    assert summary_value(page, "Status") == "Received"
    assert Application.objects.get().state == "received"

    hands.activate(page.get_by_role("link", name="Withdraw your request"))
    hands.choose(withdraw.get_by_label("Yes", exact=True))
    hands.type_into(page.get_by_label("Why are you withdrawing it? (optional)"), "The neighbours moved away")
    hands.activate(page.get_by_role("button", name="Continue"))
    expect_page(page, "Your request has been withdrawn")
    hands.activate(page.get_by_role("link", name="Back to your request"))

    expect_page(page, f"Your request {reference}")
    assert summary_value(page, "Status") == "Withdrawn"
    expect(page.get_by_role("heading", name="Withdraw your request")).to_have_count(0)
    expect(withdraw).to_have_count(0)
    expect(page.get_by_role("button", name="Continue")).to_have_count(0)
    audit.check(page, "withdrawn")
    application = Application.objects.get()
    assert application.state == "withdrawn"
    last = CaseEvent.objects.filter(application=application).order_by("at", "pk").last()
    assert last is not None
    assert (last.from_state, last.to_state, last.reason) == (
        "received",
        "withdrawn",
        "The neighbours moved away",
    )

    audit.assert_accessible()
    tab.assert_nothing_went_wrong()


def submitted(partnership: Partnership) -> Application:
    """A victim's request, as the journey would send it."""
    council = partnership.agencies.get(kind=Agency.Kind.COUNCIL)
    report = {"key": "r1", "by": "you", "agency": str(council.pk), "date": days_ago(8).isoformat()}
    return application_submit(
        partnership=partnership,
        answers=application_answers(
            {
                "role": "victim",
                "you": {
                    "name": YOU.name,
                    "address_line_1": YOU.address_line_1,
                    "town": YOU.town,
                    "postcode": YOU.postcode,
                    "email": YOU.email,
                    "contact_preference": "email",
                },
                "incidents": [
                    {
                        "key": "i1",
                        "date": days_ago(9).isoformat(),
                        "description": INCIDENT.description,
                        "location": INCIDENT.location,
                        "harassment_alarm_distress": "yes",
                        "hate": "no",
                        "reports": [{**report, "other_organisation": "", "reference": ""}],
                    }
                ],
                "satisfaction": "not_satisfied",
                "consent": "yes",
            }
        ),
        consent_wording_version=CONSENT_WORDING_VERSION,
    )


def test_the_status_page_tells_the_history_in_the_words_of_the_status(
    live_server: LiveServer, partnership: Partnership, tab: Tab
) -> None:
    page = tab.page
    page.goto(f"{live_server.url}/test-valley/status/{status_token(submitted(partnership))}/")

    assert summary_value(page, "Status") == "Received"
    history = page.locator("h2:has-text('History') + ul li").all_inner_texts()
    # In the words the status uses, not the codes the database keeps.
    assert [entry.split(": ", 1)[1] for entry in history] == ["Received"]
    tab.assert_nothing_went_wrong()


def test_a_withdrawn_request_is_not_promised_a_decision(
    live_server: LiveServer, partnership: Partnership, tab: Tab
) -> None:
    page = tab.page
    hands = Pointer(page)
    status_url = f"{live_server.url}/test-valley/status/{status_token(submitted(partnership))}/"
    hands.open(f"{status_url}check/withdraw/")
    hands.type_into(page.get_by_label("What postcode did you give in your request?"), YOU.postcode)
    hands.activate(page.get_by_role("button", name="Continue"))
    withdraw = page.get_by_role("group", name="Do you want to withdraw your request?")
    hands.choose(withdraw.get_by_label("Yes", exact=True))
    hands.activate(page.get_by_role("button", name="Continue"))
    hands.open(status_url)

    assert summary_value(page, "Status") == "Withdrawn"
    # Nobody will decide on a withdrawn request, so the page must not say they will hear about it.
    assert "You will hear" not in summary_value(page, "Threshold decision")
    tab.assert_nothing_went_wrong()


def test_the_save_button_mid_page_keeps_the_words_being_typed_and_a_code_brings_them_back(
    live_server: LiveServer, partnership: Partnership, tab: Tab, open_tab: OpenTab, audit: Audit
) -> None:
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    journey.start(hands, live_server.url)
    journey.answer_who(hands, "victim")
    journey.answer_consent(hands, "Yes")
    journey.answer_your_details(hands, YOU)
    expect_page(page, "Add an incident")
    # Half an incident: words typed, no date yet. Saving keeps them anyway.
    hands.type_into(page.get_by_label("What happened?"), "He kicked the bins over and shouted at me")

    code = journey.save_for_later(hands)

    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    later = open_tab()
    later_hands = Pointer(later.page, arrived=audit.check)
    journey.return_with_code(later_hands, live_server.url, code)
    expect_page(later.page, "Add an incident")
    expect(later.page.get_by_label("What happened?")).to_have_value(
        "He kicked the bins over and shouted at me"
    )
    # The code worked once.
    journey.return_with_code(later_hands, live_server.url, code)
    assert expect_errors(later.page) == [
        "This code has already been used. If you saved again, use the newer code"
    ]
    audit.assert_accessible()
    tab.assert_nothing_went_wrong()
