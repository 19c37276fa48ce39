"""The start page in a real browser: styled, scripted, allowed by its own policy, and accessible."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.services import demo_partnership_load

from .conftest import Tab

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# npm's axe-core, newer than the copy bundled with axe-playwright-python.
AXE = Axe.from_file(Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js")
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def test_the_home_page_loads_styled_with_its_scripts_and_without_errors(
    live_server: LiveServer, tab: Tab
) -> None:
    demo_partnership_load()

    tab.page.goto(live_server.url + "/")
    tab.page.wait_for_load_state("networkidle")

    assert tab.page.title() == "Anti-social behaviour case review – Community Trigger"
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
    assert tab.page.get_by_role("cell", name="Hampshire and Isle of Wight Constabulary").is_visible()


def test_skip_to_main_content_moves_focus_to_the_main_content(live_server: LiveServer, tab: Tab) -> None:
    tab.page.goto(live_server.url + "/")

    tab.page.keyboard.press("Tab")
    skip_link = tab.page.get_by_role("link", name="Skip to main content")
    assert skip_link.evaluate("link => link === document.activeElement")

    tab.page.keyboard.press("Enter")

    assert tab.page.evaluate("document.activeElement.id") == "main-content"
    assert tab.console_errors == []


@pytest.mark.parametrize("address", ["/", "/no-such-page/"])
def test_the_pages_meet_wcag_2_2_aa_as_far_as_axe_can_tell(
    live_server: LiveServer, tab: Tab, address: str
) -> None:
    demo_partnership_load()
    tab.page.goto(live_server.url + address)
    tab.page.wait_for_load_state("networkidle")

    result = AXE.run(
        tab.page,
        options={"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]},
    )

    assert result.response["violations"] == [], result.generate_snapshot()
    # axe ran the rules it was asked for, so an empty list means something.
    assert len(result.response["passes"]) > 10


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
