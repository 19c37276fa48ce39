"""Where a visitor lands in a real browser: styled, scripted, allowed by its own policy, and accessible.

With one partnership, the service's address leads straight to its start page.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership
from community_trigger.agencies.services import demo_partnership_load

from .accessibility import Audit
from .conftest import Tab
from .journey import START_HEADING, expect_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_visitor_lands_on_the_start_page_styled_with_its_scripts_and_without_errors(
    live_server: LiveServer, partnership: Partnership, tab: Tab
) -> None:
    tab.page.goto(live_server.url + "/")
    tab.page.wait_for_load_state("networkidle")

    assert tab.page.url == f"{live_server.url}/test-valley/"
    assert tab.page.title() == "Ask for an anti-social behaviour case review – Test Valley Partnership"
    expect_page(tab.page, START_HEADING)
    expect(tab.page.get_by_role("button", name="Start now")).to_have_attribute("href", "/test-valley/apply/")
    # Set by the nonce-carrying inline script; a blocked script would leave the classes off.
    body_classes = tab.page.evaluate("document.body.className").split()
    assert {"js-enabled", "govuk-frontend-supported"} <= set(body_classes)
    # GOV.UK Frontend's stylesheet, not the browser's defaults (8px margin, serif type).
    styles = tab.page.evaluate(
        """() => {
            const h1 = getComputedStyle(document.querySelector("h1"));
            const container = getComputedStyle(document.querySelector(".govuk-width-container"));
            return {
                bodyMargin: getComputedStyle(document.body).margin,
                headingFont: h1.fontFamily,
                headingWeight: h1.fontWeight,
                containerWidth: container.maxWidth,
            };
        }"""
    )
    assert styles["bodyMargin"] == "0px"
    assert "arial" in styles["headingFont"].lower()
    assert styles["headingWeight"] == "700"
    assert styles["containerWidth"] == "960px"
    # The stylesheet and the module scripts arrived, and no web font is fetched: GDS Transport is
    # licensed for gov.uk only, so our stylesheet is compiled to use Arial.
    loaded = {response.url.removeprefix(live_server.url): response.status for response in tab.responses}
    assert loaded["/static/css/community-trigger.css"] == 200
    assert loaded["/static/js/init.mjs"] == 200
    assert loaded["/static/govuk/govuk-frontend.min.js"] == 200
    assert [url for url in loaded if url.startswith("/assets/fonts/")] == []
    assert "GDS Transport" not in styles["headingFont"]
    assert tab.failed_requests == []
    # Content-Security-Policy violations are reported on the console as errors.
    assert tab.console_errors == []
    complaints = tab.page.get_by_role("link", name="Hampshire and Isle of Wight Constabulary complaints")
    expect(complaints).to_have_attribute("href", "https://www.hampshire.police.uk/")


def test_skip_to_main_content_moves_focus_to_the_main_content(
    live_server: LiveServer, partnership: Partnership, tab: Tab
) -> None:
    tab.page.goto(live_server.url + "/")

    tab.page.keyboard.press("Tab")
    skip_link = tab.page.get_by_role("link", name="Skip to main content")
    assert skip_link.evaluate("link => link === document.activeElement")

    tab.page.keyboard.press("Enter")

    assert tab.page.evaluate("document.activeElement.id") == "main-content"
    assert tab.console_errors == []


@pytest.mark.parametrize(
    ("address", "partnerships"),
    [("/", 1), ("/", 2), ("/no-such-page/", 1)],
    ids=["the start page", "the list of partnerships", "page not found"],
)
def test_the_pages_meet_wcag_2_2_aa_as_far_as_axe_can_tell(
    live_server: LiveServer, tab: Tab, audit: Audit, address: str, partnerships: int
) -> None:
    demo_partnership_load()
    if partnerships == 2:
        # With more than one, the home page lists them instead of leading to one start page.
        Partnership.objects.create(name="North Partnership", slug="north", reference_prefix="NP")
    tab.page.goto(live_server.url + address)
    tab.page.wait_for_load_state("networkidle")

    audit.check(tab.page)

    audit.assert_accessible()


def test_the_page_not_found_is_styled_and_raises_no_errors_of_its_own(
    live_server: LiveServer, tab: Tab
) -> None:
    address = live_server.url + "/no-such-page/"

    response = tab.page.goto(address)
    tab.page.wait_for_load_state("networkidle")

    assert response is not None
    assert response.status == 404
    assert tab.page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert "govuk-frontend-supported" in tab.page.evaluate("document.body.className")
    # The browser logs the page's own 404 status; anything else would be a real problem.
    assert tab.failed_requests == [f"404 {address}"]
    page_status = "Failed to load resource: the server responded with a status of 404 (Not Found)"
    assert tab.console_errors == [f"{page_status} ({address})"]
