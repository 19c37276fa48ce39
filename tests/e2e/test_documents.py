"""Documents in a real browser: the coordinator adds a document to a case through the GOV.UK file
upload, meets the error summary first, sees it listed on the case page and downloads it; the upload
page and its error state scanned with axe."""

from __future__ import annotations

import pytest
from accounts.people import staff
from applications.builders import submitted
from documents.builders import PDF
from playwright.sync_api import FilePayload, expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership
from community_trigger.cases.services.decisions import application_acknowledge

from .accessibility import Audit
from .conftest import OpenTab
from .journey import Pointer
from .staff import open_section, sign_in_with_an_authenticator_app

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_adds_a_document_and_downloads_it(
    live_server: LiveServer, partnership: Partnership, open_tab: OpenTab, audit: Audit
) -> None:
    coordinator = staff("cara")
    case = submitted(partnership)
    application_acknowledge(application=case, actor=coordinator)
    tab = open_tab()
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    sign_in_with_an_authenticator_app(hands, f"{live_server.url}/staff/cases/{case.reference}/", "cara")

    open_section(hands, "Documents")
    expect(page.get_by_text("No documents you can see yet.")).to_be_visible()
    hands.activate(page.get_by_role("link", name="Add a document to the case"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a document to the case")
    hands.type_into(page.get_by_label("Description (optional)"), "The police's log of calls")
    hands.activate(page.get_by_role("button", name="Add the document"))  # no file: the error state
    expect(page.get_by_role("alert")).to_contain_text("Select a file")
    expect(page.get_by_label("Description (optional)")).to_have_value("The police's log of calls")

    page.get_by_label("Upload a file").set_input_files(
        files=[FilePayload(name="call log.pdf", mimeType="application/pdf", buffer=PDF)]
    )
    hands.choose(page.get_by_role("radio", name="Agency records extract"))
    hands.activate(page.get_by_role("button", name="Add the document"))

    expect(page.get_by_role("heading", level=1)).to_have_text(case.reference)
    listed = page.get_by_role("link", name="call log.pdf")
    expect(listed).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Not scanned")).to_be_visible()
    with page.expect_download() as downloading:
        listed.click()
    saved = downloading.value
    assert saved.suggested_filename == "call log.pdf"
    with open(saved.path(), "rb") as file:
        assert file.read() == PDF
    tab.assert_nothing_went_wrong()
    audit.assert_accessible()
