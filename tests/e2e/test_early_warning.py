"""Early warning in a real browser: a coordinator opens the early-warning page, finds a person whose
reports meet the threshold with the engine's reasons, opens the finding (the incidents behind it),
starts a contact, records that the person was told about the Case Review, and no application is made;
every page scanned with axe."""

from __future__ import annotations

from datetime import timedelta

import pytest
from accounts.people import staff, with_backup_codes
from django.utils import timezone
from earlywarning.findings import person, report
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership
from community_trigger.cases.models import Application
from community_trigger.earlywarning.models import Finding, State, Step
from community_trigger.earlywarning.services import findings_detect

from .accessibility import Audit
from .conftest import OpenTab
from .journey import Pointer
from .staff import sign_in_with_a_backup_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_acts_on_a_finding_by_starting_a_contact_and_recording_its_outcome(
    live_server: LiveServer,
    partnership: Partnership,
    open_tab: OpenTab,
    audit: Audit,
) -> None:
    today = timezone.localdate()
    robin = person(partnership)
    for kind, days_ago in (("police", 100), ("council", 60), ("housing", 20)):
        report(kind, today - timedelta(days=days_ago), by=robin)
    findings_detect(partnership=partnership, today=today)
    cora = staff("cora")
    codes = with_backup_codes(cora)
    tab = open_tab()
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    sign_in_with_a_backup_code(hands, f"{live_server.url}/staff/early-warning/", "cora", codes[0])
    expect(page.get_by_role("heading", level=1)).to_have_text("Early warning")
    expect(page.get_by_text("P1 made 3 qualifying complaints about separate incidents")).to_be_visible()

    hands.activate(page.get_by_role("link", name="Person meeting the threshold"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Person meeting the threshold")
    expect(page.locator("#records tbody tr")).to_have_count(3)

    # An outcome before any contact is refused, keeping what was typed.
    hands.choose(page.get_by_role("radio", name="Told about the Case Review"))
    hands.activate(page.get_by_role("button", name="Record the step"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Record the contact before its outcome")

    hands.choose(page.get_by_role("radio", name="Contact started"))
    hands.type_into(page.get_by_label("Who makes the contact"), "PC Lee, police")
    page.get_by_label("How").select_option("phone")
    hands.activate(page.get_by_role("button", name="Record the step"))
    expect(page.get_by_text("Step recorded")).to_be_visible()

    hands.choose(page.get_by_role("radio", name="Told about the Case Review"))
    hands.activate(page.get_by_role("button", name="Record the step"))
    expect(page.locator("#steps li")).to_have_count(2)
    expect(page.get_by_role("button", name="Record the step")).to_have_count(0)

    finding = Finding.objects.get(kind="person")
    assert (finding.state, finding.outcome) == (State.CLOSED, Step.TOLD)
    assert not Application.objects.exists()
