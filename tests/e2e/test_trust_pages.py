"""The pages a visitor checks before trusting the service, in a real browser: the privacy notice, the
accessibility statement and the cookies page reached from the footer and scanned with axe; the
checker's result taking the focus and naming itself in the title; and the procedure and the figures
read on a 320 pixel wide screen without scrolling sideways (WCAG 2.2 reflow)."""

from __future__ import annotations

import pytest
from accounts.people import staff
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership

from .accessibility import Audit
from .conftest import OpenTab
from .journey import Pointer
from .test_statistics_and_procedure import the_seeds_year

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 640}


def scrolls_sideways(page: Page) -> bool:
    return bool(page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth"))


def test_the_footer_leads_to_the_privacy_notice_the_accessibility_statement_and_cookies(
    live_server: LiveServer, partnership: Partnership, open_tab: OpenTab, audit: Audit
) -> None:
    tab = open_tab()
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    hands.open(f"{live_server.url}/test-valley/")
    footer = page.get_by_role("contentinfo")

    hands.activate(footer.get_by_role("link", name="Privacy"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    expect(page.get_by_text("Test Valley Borough Council is the data controller")).to_be_visible()
    expect(page.get_by_role("link", name="Make a complaint on the ICO's website")).to_be_visible()

    hands.activate(page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    expect(page.get_by_role("link", name="01632 960 123")).to_have_attribute("href", "tel:01632960123")

    hands.activate(page.get_by_role("contentinfo").get_by_role("link", name="Cookies"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cookies")
    expect(page.get_by_role("heading", name="sessionid", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="csrftoken", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="django_language", exact=True)).to_be_visible()
    tab.assert_nothing_went_wrong()
    audit.assert_accessible()


def test_the_checkers_result_takes_the_focus_and_names_itself_in_the_title(
    live_server: LiveServer, partnership: Partnership, open_tab: OpenTab, audit: Audit
) -> None:
    tab = open_tab()
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    hands.open(f"{live_server.url}/test-valley/check/")
    expect(page).to_have_title("Check if you can ask for a review – Test Valley Partnership")

    hands.type_into(page.get_by_label("How many separate incidents have you reported?"), "2")
    hands.choose(page.get_by_label("Hampshire and Isle of Wight Constabulary"))
    hands.choose(page.get_by_role("group", name="Did you report each incident").get_by_label("Yes"))
    hands.choose(page.get_by_label("Within the last 6 months"))
    hands.choose(page.get_by_role("group", name="Are you satisfied").get_by_label("No"))
    hands.activate(page.get_by_role("button", name="Check"))

    result = page.locator("#checker-result")
    expect(result).to_be_focused()
    expect(page.get_by_role("alert")).to_contain_text("may not meet the threshold")
    expect(result).to_contain_text("you can ask together as a group")
    expect(page).to_have_title(
        "May not meet the conditions for a review: "
        "Check if you can ask for a review – Test Valley Partnership"
    )
    audit.check(page, "result")
    tab.assert_nothing_went_wrong()
    audit.assert_accessible()


def test_the_procedure_and_the_figures_fit_a_320_pixel_screen(
    live_server: LiveServer, partnership: Partnership, open_tab: OpenTab, audit: Audit
) -> None:
    the_seeds_year(partnership, staff("cara"))
    # A long address, as some councils' are, must wrap rather than widen the page.
    Partnership.objects.filter(pk=partnership.pk).update(
        email="community.safety.partnership.case.reviews@testvalleyboroughcouncil.example"
    )
    tab = open_tab(viewport=NARROW)
    page = tab.page
    hands = Pointer(page, arrived=audit.check)

    hands.open(f"{live_server.url}/test-valley/procedure/")
    expect(page.get_by_role("link", name="community.safety.partnership")).to_be_visible()
    assert not scrolls_sideways(page)

    hands.open(f"{live_server.url}/test-valley/statistics/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Community Trigger figures")
    assert not scrolls_sideways(page)
    for address in ("privacy", "accessibility", "cookies", "check"):
        hands.open(f"{live_server.url}/test-valley/{address}/")
        assert not scrolls_sideways(page), address
    tab.assert_nothing_went_wrong()
    audit.assert_accessible()
