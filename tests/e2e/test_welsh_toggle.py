"""The language toggle in a real browser: English | Cymraeg at the top of a partnership's public pages,
used with the keyboard alone, changing the language the page declares, and accessible; absent where the
partnership offers English only."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership

from .accessibility import Audit
from .conftest import Tab
from .journey import html_lang, said, speaking

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The navigation that holds a link to another language; its name ("Language") is in the page's language.
TOGGLE = "nav:has(a[hreflang])"


def _tab_to(page: Page, name: str) -> None:
    """Press Tab until the link called `name` has the focus, as a keyboard user would."""
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == name:
            return
    raise AssertionError(f"the keyboard never reached {name!r}")


def _follow_with_enter(page: Page) -> None:
    """Press Enter on the focused link and wait for the page it leads to (through the redirect)."""
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()


def test_a_visitor_switches_to_welsh_and_back_with_the_keyboard_alone(
    live_server: LiveServer, bilingual: Partnership, tab: Tab, audit: Audit
) -> None:
    page = tab.page
    start = f"{live_server.url}/test-valley/"
    page.goto(start)

    toggle = page.locator(TOGGLE)
    expect(toggle.get_by_role("link", name="Cymraeg")).to_have_attribute("hreflang", "cy")
    expect(toggle.get_by_role("link", name="English")).to_have_count(0)
    assert html_lang(page) == "en"
    audit.check(page, "English, with the toggle")

    _tab_to(page, "Cymraeg")
    _follow_with_enter(page)
    assert page.url == start

    assert html_lang(page) == "cy"
    with speaking("cy"):
        expect(toggle).to_have_attribute("aria-label", said("Language"))
        assert said("Language") != "Language"
    expect(toggle.get_by_role("link", name="English")).to_have_attribute("lang", "en")
    expect(toggle.get_by_role("link", name="Cymraeg")).to_have_count(0)
    audit.check(page, "Welsh")

    _tab_to(page, "English")
    _follow_with_enter(page)
    assert page.url == start

    assert html_lang(page) == "en"
    expect(toggle.get_by_role("link", name="Cymraeg")).to_be_visible()
    audit.assert_accessible()
    tab.assert_nothing_went_wrong()


def test_the_choice_holds_on_the_next_page(live_server: LiveServer, bilingual: Partnership, tab: Tab) -> None:
    page = tab.page
    page.goto(f"{live_server.url}/test-valley/procedure/")

    with page.expect_navigation():
        page.locator(TOGGLE).get_by_role("link", name="Cymraeg").click()
    assert page.url == f"{live_server.url}/test-valley/procedure/"
    page.goto(f"{live_server.url}/test-valley/check/")

    assert html_lang(page) == "cy"
    tab.assert_nothing_went_wrong()


def test_there_is_no_toggle_where_the_partnership_offers_english_only(
    live_server: LiveServer, partnership: Partnership, tab: Tab
) -> None:
    page = tab.page
    page.goto(f"{live_server.url}/test-valley/")

    expect(page.locator(TOGGLE)).to_have_count(0)
    expect(page.get_by_role("link", name="Cymraeg")).to_have_count(0)
    assert html_lang(page) == "en"
