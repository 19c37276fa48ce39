"""The staff lists in a real browser: a coordinator filters and sorts the case list and "Due and
overdue" with the keyboard alone (Tab, Enter, Space), each state scanned with axe; and the case list,
"Due and overdue" and the worklist photographed whole at 1366×768 and 1920×1080 (build/screenshots/),
with the first case above the fold on the laptop and every reference on one line."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from accounts.people import staff, with_backup_codes
from applications.builders import submitted
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership
from community_trigger.cases.models import Application
from community_trigger.domain.workflow import State
from community_trigger.sharing.models import InformationRequest

from .accessibility import Audit
from .conftest import OpenTab
from .journey import Keyboard, Pointer
from .staff import sign_in_with_a_backup_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "build" / "screenshots"
SIZES = ((1366, 768), (1920, 1080))
_STATES = [State.RECEIVED, State.ACKNOWLEDGED, State.INFORMATION_REQUESTED, State.REVIEW_SCHEDULED]


def _cases(partnership: Partnership, owner: object) -> list[Application]:
    """Thirty cases in several states, some overdue, some due later, one closed; half of them cara's,
    the police asked about one of them."""
    today = timezone.localdate()
    made = []
    for number in range(30):
        case = submitted(partnership)
        state = State.CLOSED if number == 29 else _STATES[number % len(_STATES)]
        due = None if state == State.CLOSED else today + timedelta(days=(number % 9) - 4)
        Application.objects.filter(pk=case.pk).update(
            state=state, due_by=due, owner=owner if number % 2 == 0 else None
        )
        made.append(case)
    InformationRequest.objects.create(
        application=made[2],
        agency=partnership.agencies.get(kind="police"),
        requested_at=timezone.now() - timedelta(days=15),
        due_by=today - timedelta(days=1),
    )
    return made


def _sorted_by(page: Page, name: str) -> str | None:
    return page.get_by_role("columnheader", name=name).get_attribute("aria-sort")


def _press_space_on(hands: Keyboard, control: Locator) -> None:
    """Reach `control` with Tab and press it with Space, as a button also answers to."""
    hands._focus(control)
    with hands.page.expect_navigation():
        hands.page.keyboard.press("Space")
    hands.arrived(hands.page)


def _references(page: Page, table: Locator) -> list[str]:
    return [text.strip() for text in table.locator("tbody tr td:first-child a").all_inner_texts()]


def test_a_coordinator_filters_and_sorts_the_lists_with_the_keyboard_alone(
    live_server: LiveServer, partnership: Partnership, open_tab: OpenTab, audit: Audit
) -> None:
    cara = staff("cara")
    codes = with_backup_codes(cara)
    cases = _cases(partnership, cara)
    tab = open_tab(viewport={"width": 1366, "height": 768})
    page = tab.page
    hands = Keyboard(page, arrived=audit.check)
    sign_in_with_a_backup_code(hands, f"{live_server.url}/staff/cases/", "cara", codes[0])

    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")
    audit.check(page, "every case")
    assert _sorted_by(page, "Next step due") == "ascending"
    assert _sorted_by(page, "Reference") == "none"

    # Filter: mine, overdue only.
    owner = page.locator("select[name=owner]")
    hands._focus(owner)
    page.keyboard.press("ArrowDown")  # from "Anyone" to "Me"
    expect(owner).to_have_value("me")
    hands.choose(page.get_by_role("checkbox", name="Overdue only"))
    hands.activate(page.get_by_role("button", name="Apply filters"))
    audit.check(page, "filtered")
    mine_overdue = {
        case.reference for case in Application.objects.filter(owner=cara, due_by__lt=timezone.localdate())
    }
    table = page.get_by_role("table")
    assert set(_references(page, table)) == mine_overdue
    expect(page.get_by_role("link", name="Remove this filter Me")).to_be_visible()
    expect(page.get_by_role("link", name="Remove this filter Overdue only")).to_be_visible()

    # Sort by reference with Enter, then the other way round with Space: the filters stay.
    hands.activate(page.get_by_role("button", name="Reference"))
    assert _sorted_by(page, "Reference") == "ascending"
    assert _sorted_by(page, "Next step due") == "none"
    assert _references(page, table) == sorted(mine_overdue)
    _press_space_on(hands, page.get_by_role("button", name="Reference"))
    assert _sorted_by(page, "Reference") == "descending"
    assert _references(page, table) == sorted(mine_overdue, reverse=True)
    audit.check(page, "filtered and sorted")

    # Remove one filter by its tag: the other filter and the sort stay.
    hands.activate(page.get_by_role("link", name="Remove this filter Overdue only"))
    mine = sorted((case.reference for case in Application.objects.filter(owner=cara)), reverse=True)
    assert _references(page, table) == mine
    assert _sorted_by(page, "Reference") == "descending"
    expect(page.get_by_role("link", name="Remove this filter Overdue only")).to_have_count(0)

    # "Due and overdue", from the navigation.
    hands.activate(page.get_by_role("link", name="Due and overdue", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Due and overdue")
    hands.choose(page.get_by_role("checkbox", name="Overdue only"))
    hands.choose(page.get_by_role("radio", name="Information requests"))
    hands.activate(page.get_by_role("button", name="Apply filters"))
    audit.check(page, "filtered")
    due = page.get_by_role("table", name="1 thing due")
    expect(due).to_contain_text("Answer the information request")
    expect(due.get_by_role("link", name=cases[2].reference)).to_be_visible()
    hands.activate(page.get_by_role("link", name="Remove this filter Information requests"))
    _press_space_on(hands, page.get_by_role("button", name="Case"))
    assert _sorted_by(page, "Case") == "ascending"
    listed = _references(page, page.get_by_role("table"))
    assert listed == sorted(listed)
    assert len(listed) > 1
    hands.activate(page.get_by_role("button", name="Case"))
    assert _sorted_by(page, "Case") == "descending"
    assert _references(page, page.get_by_role("table")) == sorted(listed, reverse=True)
    audit.check(page, "overdue, sorted")

    hands.activate(page.get_by_role("link", name="Home", exact=True))
    audit.check(page, "worklist")
    assert sum(hands.presses.values()) > 0
    tab.assert_nothing_went_wrong()
    audit.assert_accessible()


_ONE_LINE = "links => links.filter(link => link.getClientRects().length !== 1).map(link => link.textContent)"


@pytest.mark.parametrize("size", SIZES)
def test_the_lists_and_the_worklist_fit_the_screen_and_are_photographed(
    live_server: LiveServer, partnership: Partnership, open_tab: OpenTab, audit: Audit, size: tuple[int, int]
) -> None:
    width, height = size
    cara = staff("cara")
    codes = with_backup_codes(cara)
    _cases(partnership, cara)
    tab = open_tab(viewport={"width": width, "height": height})
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    sign_in_with_a_backup_code(hands, f"{live_server.url}/staff/", "cara", codes[0])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    for name, path in (("worklist", "/staff/"), ("case-list", "/staff/cases/"), ("due", "/staff/due/")):
        hands.open(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}x{height}.png"), full_page=True)
        references = page.locator("table tbody tr td:first-child a")
        assert references.count() > 0, name
        # A reference on two lines reads as two things: each stays on one.
        assert references.evaluate_all(_ONE_LINE) == [], name
        if name == "case-list" and (width, height) == (1366, 768):
            row = page.locator("table tbody tr").first.bounding_box()
            assert row is not None
            assert row["y"] + row["height"] <= height, "the first case is below the fold"
    tab.assert_nothing_went_wrong()
    audit.assert_accessible()
