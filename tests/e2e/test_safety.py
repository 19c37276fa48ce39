"""Leaving safely and reaching one's request safely, in a real browser: Back after "Exit this page" and
after deleting one's answers shows nothing; the status page by reference and code, with the postcode
check, "are you sure?" and a confirmation before withdrawing; help with tap-to-call numbers; the start
page at 320 pixels wide. Every page reached is scanned with axe."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, Route, expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership, SupportService
from community_trigger.applications.models import Draft
from community_trigger.applications.services import status_code_issue
from community_trigger.cases.models import Application

from . import journey
from .accessibility import Audit
from .conftest import Tab
from .journey import Details, Pointer, expect_errors, expect_page
from .test_returning import submitted

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAM = Details(
    name="Sam Safehouse",
    address_line_1="9 Quiet Lane",
    town="Andover",
    postcode="SP10 5QL",
    email="sam@example.com",
)
WEATHER = (
    "<!DOCTYPE html><html lang='en'><head><title>Weather</title></head><body><h1>Weather</h1></body></html>"
)


def _weather_instead_of_the_bbc(page: Page) -> None:
    # The exit's everyday page is on the internet; the test browser gets a stand-in for it.
    def weather(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html", body=WEATHER)

    page.route("https://www.bbc.co.uk/**", weather)


def _up_to_the_answers(hands: Pointer, base_url: str) -> None:
    journey.start(hands, base_url)
    journey.answer_who(hands, "victim")
    journey.answer_consent(hands, "Yes")
    journey.answer_your_details(hands, SAM)


def test_back_after_exit_this_page_shows_no_answers(
    live_server: LiveServer, partnership: Partnership, tab: Tab, audit: Audit
) -> None:
    page = tab.page
    _weather_instead_of_the_bbc(page)
    hands = Pointer(page, arrived=audit.check)
    _up_to_the_answers(hands, live_server.url)
    answers_page = page.url

    # The click waits for the leaving chain (/leave/ ends the session, then the everyday page), which
    # on a busy machine can take longer than an action's usual 5 seconds.
    page.get_by_role("button", name="Exit this page").click(timeout=15_000)
    expect(page.get_by_role("heading", name="Weather")).to_be_visible(timeout=15_000)
    page.go_back()
    page.wait_for_load_state()

    # Back asks the server again (no-store), and the session has gone: the start page, no answers.
    assert page.url != answers_page
    assert SAM.name not in page.content()
    assert SAM.postcode not in page.content()
    page.goto(live_server.url + "/test-valley/apply/your-details/")
    assert SAM.name not in page.content()
    audit.assert_accessible()


def test_pressing_shift_three_times_leaves_too(
    live_server: LiveServer, partnership: Partnership, tab: Tab
) -> None:
    page = tab.page
    _weather_instead_of_the_bbc(page)
    hands = Pointer(page)
    _up_to_the_answers(hands, live_server.url)

    # The shortcut listens once GOV.UK Frontend has started the component, as a person's page would be.
    expect(page.locator("[data-govuk-exit-this-page-init]")).to_have_count(1)
    page.locator("body").click(position={"x": 5, "y": 300})
    for _ in range(3):
        page.keyboard.press("Shift")

    # Leaving ends the session on the way out (/leave/), then the everyday page loads: on a busy
    # machine that chain can take longer than an assertion's usual 5 seconds.
    expect(page.get_by_role("heading", name="Weather")).to_be_visible(timeout=15_000)
    page.go_back()
    page.wait_for_load_state()
    assert SAM.name not in page.content()


def test_deleting_my_answers_leaves_nothing_to_go_back_to(
    live_server: LiveServer, partnership: Partnership, tab: Tab, audit: Audit
) -> None:
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    _up_to_the_answers(hands, live_server.url)
    assert Draft.objects.count() == 1

    hands.activate(page.get_by_role("button", name="Delete my answers from this device"))
    expect_page(page, "Are you sure you want to delete your answers?")
    hands.activate(page.get_by_role("button", name="Yes, delete my answers"))
    expect_page(page, "Your answers have been deleted")

    assert Draft.objects.count() == 0
    for _ in range(3):
        page.go_back()
        page.wait_for_load_state()
        assert SAM.name not in page.content()
    audit.assert_accessible()
    tab.assert_nothing_went_wrong()


def test_checking_and_withdrawing_a_request_by_reference_code_and_postcode(
    live_server: LiveServer, partnership: Partnership, tab: Tab, audit: Audit
) -> None:
    application = submitted(partnership)
    code = status_code_issue(application)
    page = tab.page
    hands = Pointer(page, arrived=audit.check)

    hands.open(live_server.url + reverse("applications:status_lookup", args=["test-valley"]))
    expect_page(page, "Check your request")
    hands.activate(page.get_by_role("button", name="Continue"))
    assert expect_errors(page) == ["Enter your reference number", "Enter your status code"]
    hands.type_into(page.get_by_label("Reference number"), application.reference)
    hands.type_into(page.get_by_label("Status code"), "AAAA-BBBB")
    hands.activate(page.get_by_role("button", name="Continue"))
    assert expect_errors(page) == ["The reference number and status code do not match a request. Check both"]
    page.get_by_label("Status code").fill(code.lower())
    hands.activate(page.get_by_role("button", name="Continue"))
    expect_page(page, f"Your request {application.reference}")

    hands.activate(page.get_by_role("link", name="Withdraw your request"))
    expect_page(page, "What postcode did you give in your request?")
    hands.type_into(page.get_by_label("What postcode did you give in your request?"), "SP10 4DD")
    hands.activate(page.get_by_role("button", name="Continue"))
    expect_page(page, "Are you sure you want to withdraw your request?")
    hands.choose(page.get_by_role("group", name="Do you want to withdraw your request?").get_by_label("Yes"))
    hands.activate(page.get_by_role("button", name="Continue"))
    expect_page(page, "Your request has been withdrawn")

    assert Application.objects.get().state == "withdrawn"
    audit.assert_accessible()
    tab.assert_nothing_went_wrong()


def test_help_is_signposted_with_numbers_a_phone_can_call(
    live_server: LiveServer, partnership: Partnership, tab: Tab, audit: Audit
) -> None:
    SupportService.objects.create(
        partnership=partnership, name="Test Valley Victim Hub", phone="01632 960 456"
    )
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    hands.open(live_server.url + "/test-valley/")

    help_list = page.locator("ul[aria-labelledby='support']")
    for name, href in (
        ("999", "tel:999"),
        ("101", "tel:101"),
        ("08 08 16 89 111", "tel:08081689111"),
        ("01632 960 456", "tel:01632960456"),
    ):
        link = help_list.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        expect(link).to_have_attribute("href", href)
    expect(help_list.get_by_role("link", name="Victim Support")).to_be_visible()
    expect(help_list.get_by_role("link", name="ASB Help")).to_be_visible()
    audit.assert_accessible()


def test_the_start_page_fits_a_phone_320_pixels_wide_even_with_a_long_email_address(
    live_server: LiveServer, partnership: Partnership, open_tab: object, audit: Audit
) -> None:
    Partnership.objects.filter(pk=partnership.pk).update(
        email="community.safety.partnership.enquiries@testvalley-borough-council.example"
    )
    tab = open_tab(viewport={"width": 320, "height": 640})  # type: ignore[operator]
    page = tab.page
    page.goto(live_server.url + "/test-valley/")
    expect(page.get_by_role("link", name="community.safety.partnership.enquiries")).to_be_visible()

    width = page.evaluate("document.scrollingElement.scrollWidth")

    assert width <= 320
    tab.assert_nothing_went_wrong()
