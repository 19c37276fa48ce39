"""The case page in a real browser: a coordinator walks the sub navigation of a case with a little of
everything, each section scanned with axe, takes a step from the identity bar and is told what it did,
and opens a step page that shows the same bar. Screenshots of the summary at a laptop's 1366×768 and
at 1920×1080 go to build/screenshots/ for review, with the layout checked: the bar and the sub
navigation above the fold, the reference on one line, the page wider than GOV.UK's 960 px."""

from __future__ import annotations

from pathlib import Path

import pytest
from accounts.people import staff, with_backup_codes
from applications.builders import submitted
from diary.builders import entry
from django.conf import settings
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership
from community_trigger.cases.services.decisions import application_acknowledge, threshold_decide

from .accessibility import Audit
from .conftest import OpenTab
from .journey import Pointer
from .staff import sign_in_with_a_backup_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "build" / "screenshots"
SECTIONS = ("People", "Incidents", "Information", "Review", "Letters and messages", "Documents", "History")


def _box(page: Page, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return {"x": box["x"], "y": box["y"], "width": box["width"], "height": box["height"]}


def _screenshot_and_layout(page: Page, size: tuple[int, int], name: str) -> None:
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
    bar = _box(page, ".moj-identity-bar")
    navigation = _box(page, ".moj-sub-navigation")
    # Both above the fold, so the case and the way round it are seen without scrolling.
    assert bar["y"] + bar["height"] <= height
    assert navigation["y"] + navigation["height"] <= height
    # The reference on one line: no taller than a line of its text.
    reference = _box(page, "#case-reference")
    line = page.locator("#case-reference").evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    assert reference["height"] <= line * 1.5
    # The staff page is wider than the public 960 px column.
    assert _box(page, "main")["width"] > 960


def test_a_coordinator_walks_the_case_and_takes_a_step_from_the_bar(
    live_server: LiveServer, partnership: Partnership, open_tab: OpenTab, audit: Audit
) -> None:
    case = submitted(partnership)
    coordinator = staff("cara")
    application_acknowledge(application=case, actor=coordinator)
    threshold_decide(application=case, outcome="threshold_met", reasons="", actor=coordinator)
    entry(case, coordinator, "Rang the applicant to explain what happens next.")
    codes = with_backup_codes(coordinator)
    case_url = f"{live_server.url}/staff/cases/{case.reference}/"

    tab = open_tab(viewport={"width": 1366, "height": 768})
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    sign_in_with_a_backup_code(hands, case_url, "cara", codes[0])
    expect(page.get_by_role("heading", level=1)).to_have_text(case.reference)
    expect(page.locator("#case-state")).to_have_text("Threshold met: a review will be held")
    _screenshot_and_layout(page, (1366, 768), "case-summary-1366x768.png")
    _screenshot_and_layout(page, (1920, 1080), "case-summary-1920x1080.png")
    page.set_viewport_size({"width": 1366, "height": 768})

    sub_navigation = page.get_by_role("navigation", name="Parts of the case")
    for name in SECTIONS:
        hands.activate(sub_navigation.get_by_role("link", name=name, exact=True))
        expect(sub_navigation.get_by_role("link", name=name, exact=True)).to_have_attribute(
            "aria-current", "page"
        )
        expect(page).to_have_title(f"{case.reference} – {name} – Community Trigger staff")
        expect(page.get_by_role("heading", level=1)).to_have_text(case.reference)
    expect(page.locator(".moj-timeline__title").first).to_have_text(
        "A note or contact added to the case diary (phone call)"
    )

    # The step the case waits for is in the bar, on every section; taking it says what it did.
    hands.activate(page.get_by_role("button", name="Request information from every agency"))
    expect(page).to_have_url(f"{case_url}information/")
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text(f"{case.reference}: Information requested from")
    audit.check(page, "after a step")

    # A step page of the case shows the same bar, its reference not the page's heading.
    hands.activate(page.get_by_role("button", name="Give the case to another coordinator"))
    expect(page.locator("#case-reference")).to_have_text(case.reference)
    expect(page.get_by_role("heading", level=1)).not_to_have_text(case.reference)

    tab.assert_nothing_went_wrong()
    audit.assert_accessible()
