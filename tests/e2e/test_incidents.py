"""Incident records in a real browser: a coordinator turns intake on with the information sharing
agreement, uploads an agency's file with errors, matches its columns, reads the report by row and
column (nothing saved), uploads the corrected file (the columns now proposed), and finds the records
in the list and on a record's page; after the day's early warning has linked them, the coordinator
finds what they show on the early-warning page and acts on it by starting a contact (no application
is made); every kind of page scanned with axe."""

from __future__ import annotations

from pathlib import Path

import pytest
from accounts.people import staff, with_backup_codes
from django.utils import timezone
from incidents.records import MAPPING, csv_bytes, row
from playwright.sync_api import FilePayload, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership
from community_trigger.cases.models import Application
from community_trigger.earlywarning.models import Finding, State
from community_trigger.earlywarning.tasks import early_warning_daily
from community_trigger.incidents.models import IncidentRecord

from .accessibility import Audit
from .conftest import OpenTab
from .journey import Pointer
from .staff import sign_in_with_a_backup_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
POLICE = "Hampshire and Isle of Wight Constabulary"


def _upload(hands: Pointer, name: str, content: bytes) -> None:
    page = hands.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload incident records")
    hands.choose(page.get_by_role("radio", name=POLICE, exact=False))
    page.get_by_label("Upload the agency's incident records").set_input_files(
        files=[FilePayload(name=name, mimeType="text/csv", buffer=content)]
    )
    hands.activate(page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Match the file's columns")


@pytest.fixture(autouse=True)
def _pending(settings: Settings, tmp_path: Path) -> None:
    settings.IMPORTS_PENDING_ROOT = str(tmp_path)


def test_a_coordinator_uploads_a_file_with_errors_then_a_good_one_and_acts_on_what_it_shows(
    live_server: LiveServer,
    partnership: Partnership,
    open_tab: OpenTab,
    audit: Audit,
) -> None:
    cora = staff("cora")
    codes = with_backup_codes(cora)
    tab = open_tab()
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    sign_in_with_a_backup_code(hands, f"{live_server.url}/staff/incidents/", "cora", codes[0])
    expect(page.get_by_role("heading", level=1)).to_have_text("Incident records")

    # Intake on, with the information sharing agreement.
    hands.activate(page.get_by_role("link", name="Turn intake on"))
    hands.type_into(page.get_by_label("Information sharing agreement reference"), "ISA-2024-01")
    year = timezone.localdate().year + 1
    hands.type_into(
        page.get_by_role("group", name="Date the agreement is next reviewed").get_by_label("Day"), "1"
    )
    hands.type_into(
        page.get_by_role("group", name="Date the agreement is next reviewed").get_by_label("Month"), "4"
    )
    hands.type_into(
        page.get_by_role("group", name="Date the agreement is next reviewed").get_by_label("Year"), str(year)
    )
    hands.activate(page.get_by_role("button", name="Turn intake on"))
    expect(page.get_by_text("now takes in incident records")).to_be_visible()

    # A file with a wrong category and a wrong postcode; the columns matched one by one.
    today = timezone.localdate().isoformat()
    bad = [
        row("P-1", Date=today, Time="00:01"),
        row("P-2", Date=today, Time="00:02", **{"ASB type": "Noisy"}),
        row("P-3", Date=today, Time="00:03", Postcode="SP10"),
    ]
    hands.activate(page.get_by_role("link", name="Upload incident records"))
    _upload(hands, "police.csv", csv_bytes(bad))
    for name, header in MAPPING.items():
        page.locator(f"select[name={name}]").select_option(header)
    hands.activate(page.get_by_role("button", name="Check and add the records"))

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Row 3, ASB type: “Noisy” is not an ASB category")
    expect(summary).to_contain_text("Row 4, Postcode: “SP10” is not a UK postcode")
    report = page.locator("#report")
    expect(report.locator("tbody tr")).to_have_count(2)
    assert IncidentRecord.objects.count() == 0

    # The corrected file: the columns chosen last time are proposed.
    hands.activate(page.get_by_role("link", name="Upload a corrected file"))
    good = [
        row("P-1", Date=today, Time="00:01"),
        row("P-2", Date=today, Time="00:02", **{"ASB type": "personal"}),
        row("P-3", Date=today, Time="00:03"),
    ]
    _upload(hands, "police.csv", csv_bytes(good))
    for name, header in MAPPING.items():
        expect(page.locator(f"select[name={name}]")).to_have_value(header)
    hands.activate(page.get_by_role("button", name="Check and add the records"))

    expect(page.get_by_text("3 incident records added from police.csv")).to_be_visible()
    table = page.locator("#records")
    expect(table.locator("tbody tr")).to_have_count(3)
    hands.activate(table.get_by_role("link", name=f"{POLICE} P-2"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Incident record P-2")
    expect(page.get_by_text("Personal")).to_be_visible()

    # The day's early warning links the three reports to Robin Example and finds what they show.
    early_warning_daily.enqueue()
    hands.activate(page.get_by_role("link", name="Early warning", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Early warning")
    hands.activate(page.locator("#findings tbody a").first)
    expect(page.locator("#records tbody tr").first).to_contain_text("Robin Example")
    hands.choose(page.get_by_role("radio", name="Contact started"))
    hands.type_into(page.get_by_label("Who makes the contact"), "PC Lee, police")
    page.get_by_label("How").select_option("phone")
    hands.activate(page.get_by_role("button", name="Record the step"))
    expect(page.get_by_text("Step recorded")).to_be_visible()
    assert Finding.objects.filter(state=State.CONTACT_STARTED).count() == 1
    assert not Application.objects.exists()
    audit.assert_accessible()
    tab.assert_nothing_went_wrong()
