"""The "Due and overdue" page in a real browser: a coordinator goes there from the staff navigation, sees
what is late at the top, filters to the information requests and follows one to its case. Each state
of the page is scanned with axe."""

from __future__ import annotations

from datetime import timedelta

import pytest
from accounts.people import staff, with_backup_codes
from applications.builders import submitted
from django.utils import timezone
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership
from community_trigger.cases.models import Application
from community_trigger.domain.workflow import State
from community_trigger.sharing.models import InformationRequest

from .accessibility import Audit
from .conftest import OpenTab
from .journey import Pointer
from .staff import sign_in_with_a_backup_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_finds_what_is_late_and_goes_to_the_case(
    live_server: LiveServer, partnership: Partnership, open_tab: OpenTab, audit: Audit
) -> None:
    today = timezone.localdate()
    late = submitted(partnership)
    Application.objects.filter(pk=late.pk).update(due_by=today - timedelta(days=7))
    waiting = submitted(partnership)
    Application.objects.filter(pk=waiting.pk).update(
        state=State.INFORMATION_REQUESTED, due_by=today + timedelta(days=28)
    )
    InformationRequest.objects.create(
        application=waiting, agency=partnership.agencies.get(kind="police"), due_by=today
    )
    codes = with_backup_codes(staff("cara"))
    tab = open_tab()
    page = tab.page
    hands = Pointer(page, arrived=audit.check)

    sign_in_with_a_backup_code(hands, f"{live_server.url}/staff/", "cara", codes[0])
    hands.activate(page.get_by_role("link", name="Due and overdue", exact=True))

    expect(page.get_by_role("heading", level=1)).to_have_text("Due and overdue")
    listed = page.get_by_role("table", name="3 things due")
    # The longest overdue first: the late case's step, then the police's answer due today.
    first, second = listed.locator("tbody tr").nth(0), listed.locator("tbody tr").nth(1)
    expect(first.get_by_role("link", name=late.reference)).to_be_visible()
    expect(first).to_contain_text("working days overdue")
    expect(second).to_contain_text("Answer the information request")
    expect(second).to_contain_text("Due today")

    hands.choose(page.get_by_role("radio", name="Information requests"))
    hands.activate(page.get_by_role("button", name="Apply filters"))
    audit.check(page, "information requests only")
    expect(page.get_by_role("table", name="1 thing due")).to_contain_text("Answer the information request")
    expect(page.get_by_role("link", name="Remove this filter Information requests")).to_be_visible()

    hands.activate(page.get_by_role("link", name=waiting.reference))
    expect(page.get_by_role("heading", level=1)).to_have_text(waiting.reference)
    tab.assert_nothing_went_wrong()
    audit.assert_accessible()
