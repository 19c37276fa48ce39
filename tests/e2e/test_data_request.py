"""A subject access request in a real browser: a coordinator records it, finds the person (their name
mistyped), ticks what is theirs, reviews the redactions, releases, and downloads the ZIP, whose JSON
holds the person's data and not the redacted neighbour's, and whose PDF reads."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from accounts.people import staff, with_backup_codes
from datarequests.world import NEIGHBOUR, VICTIM_NAME, victims_case
from django.utils import timezone
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership

from .accessibility import Audit
from .conftest import OpenTab
from .journey import Pointer
from .staff import sign_in_with_a_backup_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_answers_a_subject_access_request_from_search_to_release(
    live_server: LiveServer, partnership: Partnership, open_tab: OpenTab, audit: Audit, tmp_path: Path
) -> None:
    cara = staff("cara")
    case = victims_case(cara)
    codes = with_backup_codes(cara)
    tab = open_tab(accept_downloads=True)
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    today = timezone.localdate()

    sign_in_with_a_backup_code(hands, f"{live_server.url}/staff/", "cara", codes[0])
    hands.activate(page.get_by_role("link", name="Data protection", exact=True))
    hands.activate(page.get_by_role("link", name="Data requests: subject access, rectification and erasure"))
    hands.activate(page.get_by_role("link", name="Record a request"))
    hands.choose(page.get_by_role("radio", name="Subject access"))
    hands.type_into(page.get_by_label("Full name"), "Alex Aplicantson")
    hands.type_into(page.get_by_label("Email address"), "Alex.Applicantson@example.com")
    hands.type_into(page.get_by_label("Day").last, str(today.day))
    hands.type_into(page.get_by_label("Month").last, str(today.month))
    hands.type_into(page.get_by_label("Year").last, str(today.year))
    hands.choose(page.get_by_role("radio", name="Email"))
    hands.choose(page.get_by_role("radio", name="English"))
    hands.activate(page.get_by_role("button", name="Record the request"))
    expect(page.get_by_role("alert")).to_contain_text("recorded")

    hands.activate(page.get_by_role("link", name="Find the person"))
    found = page.get_by_role("group", name=case.reference)
    expect(found).to_contain_text("Matched on: name, email")
    expect(found).to_contain_text(f"Person on the case: {VICTIM_NAME}")
    expect(found).to_contain_text("Case diary entry: Spoke to")
    for box in found.get_by_role("checkbox").all():
        hands.choose(box)
    hands.activate(page.get_by_role("button", name="Keep the ticked records"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Review redactions")
    expect(page.get_by_text(NEIGHBOUR).first).to_be_visible()
    hands.activate(page.get_by_role("button", name="Save and continue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Release the export")
    hands.choose(page.get_by_role("checkbox", name="I have checked the export"))
    hands.activate(page.get_by_role("button", name="Release"))
    expect(page.get_by_role("alert")).to_contain_text("Export released")
    # Checked before the download, which the browser reports as a navigation it stopped.
    tab.assert_nothing_went_wrong()
    audit.assert_accessible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the export (ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    data = json.dumps(json.loads(archive.read("data.json")))
    assert VICTIM_NAME in data
    assert NEIGHBOUR not in data
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(archive.read("report.pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    assert "The personal data we hold about you" in text
