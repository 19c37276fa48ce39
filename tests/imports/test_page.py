"""/staff/import/: the coordinator uploads a spreadsheet, reads the dry run's report (every problem in a
GOV.UK error summary and table, nothing saved), then imports it; the file waits in the pending store,
never in a URL. Who may use the page at all is in tests/test_access_matrix.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from accounts.people import staff, verified
from applications.builders import other_partnership, partnership
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import Settings

from community_trigger.agencies.models import Membership
from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application
from community_trigger.domain.access import Role
from community_trigger.imports import sheets
from community_trigger.imports.services import cases_import
from imports.sheets import EXAMPLES, csv_opener, csv_text, row

pytestmark = pytest.mark.django_db
PAGE = "/staff/import/"
CONFIRM = "/staff/import/confirm/"


@pytest.fixture
def pending(settings: Settings, tmp_path: Path) -> Path:
    settings.IMPORTS_PENDING_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def coordinator(client: Client) -> object:
    partnership()
    user = staff("cora")
    verified(client, user)
    return user


def _upload(client: Client, name: str, content: bytes) -> str:
    response = client.post(PAGE, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_offers_the_upload_and_lists_the_columns(client: Client, coordinator: object) -> None:
    page = client.get(PAGE).content.decode()

    assert 'type="file"' in page
    assert "Escalation upheld" in page


def test_a_file_with_problems_shows_each_by_row_and_column_and_saves_nothing(
    client: Client, coordinator: object, pending: Path
) -> None:
    content = csv_text([row(), row(channel="pigeon")]).encode()

    page = _upload(client, "past.csv", content)

    assert "There is a problem" in page
    assert "Row 3, Channel: “pigeon” is not a known channel" in page
    assert "<title>Error:" in page
    assert "Import the cases" not in page
    assert Application.objects.count() == 0
    assert list(pending.iterdir()) == []


def test_no_file_or_a_file_of_another_kind_is_an_error_on_the_form(
    client: Client, coordinator: object
) -> None:
    nothing = client.post(PAGE, {}).content.decode()
    other = client.post(PAGE, {"file": SimpleUploadedFile("cases.pdf", b"%PDF")}).content.decode()

    assert "Select a CSV or XLSX file" in nothing
    assert "The file must be a CSV or XLSX spreadsheet" in other
    assert 'class="govuk-error-summary"' in other


def test_a_file_over_the_size_limit_is_refused(
    client: Client, coordinator: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sheets, "MAX_BYTES", 10)

    page = client.post(PAGE, {"file": SimpleUploadedFile("past.csv", b"x" * 11)}).content.decode()

    assert "The selected file must be smaller than 40 MB" in page


def test_a_clean_file_is_checked_then_imported_once_confirmed(
    client: Client, coordinator: object, pending: Path
) -> None:
    page = _upload(client, "past-cases.xlsx", (EXAMPLES / "past-cases.xlsx").read_bytes())

    assert "8 cases are ready" in page
    assert Application.objects.count() == 0
    [kept] = pending.iterdir()
    assert kept.name not in page  # the file is named in the session, not the page

    response = client.post(CONFIRM)

    assert response.status_code == 302
    assert Application.objects.count() == 8
    assert list(pending.iterdir()) == []
    assert AuditEntry.objects.get(detail="imported 8 past case(s) from past-cases.xlsx").actor == coordinator
    assert "8 past cases imported from past-cases.xlsx" in client.get(PAGE).content.decode()


def test_confirming_twice_imports_once(client: Client, coordinator: object, pending: Path) -> None:
    _upload(client, "past-cases.csv", (EXAMPLES / "past-cases.csv").read_bytes())
    client.post(CONFIRM)

    response = client.post(CONFIRM, follow=True)

    assert Application.objects.count() == 8
    assert "Upload the file again" in response.content.decode()


def test_a_file_that_no_longer_passes_when_confirmed_shows_its_report(
    client: Client, coordinator: object, pending: Path
) -> None:
    _upload(client, "past.csv", csv_text([row(reference="OLD-1")]).encode())
    cases_import(partnership=partnership(), opener=csv_opener([row(reference="OLD-1")]), name="other.csv")

    page = client.post(CONFIRM).content.decode()

    assert "OLD-1 is already a case in this service" in page
    assert Application.objects.count() == 1


def test_every_imported_case_opens_on_the_case_page_with_its_history(
    client: Client, coordinator: object
) -> None:
    path = EXAMPLES / "past-cases.csv"
    cases_import(partnership=partnership(), opener=lambda: path.open("rb"), name="past-cases.csv")

    for reference in Application.objects.values_list("reference", flat=True):
        response = client.get(f"/staff/cases/{reference}/history/")
        assert response.status_code == 200, reference
        assert "imported from past-cases.csv" in response.content.decode()


def test_the_page_that_enters_applications_leads_to_the_import(client: Client, coordinator: object) -> None:
    page = client.get("/staff/applications/").content.decode()

    assert f'href="{PAGE}"' in page


def test_a_coordinator_of_two_partnerships_chooses_which_one_the_cases_are_from(
    client: Client, coordinator: Any, pending: Path
) -> None:
    other = other_partnership()
    Membership.objects.create(user=coordinator, agency=other.agencies.get(), role=Role.COORDINATOR)
    content = (EXAMPLES / "past-cases.csv").read_bytes()

    unchosen = client.post(PAGE, {"file": SimpleUploadedFile("past-cases.csv", content)}).content.decode()
    page = _post_file(client, "past-cases.csv", content, partnership=str(other.pk))
    client.post(CONFIRM)

    assert "Select the partnership the cases are from" in unchosen
    # The sample names Test Valley's agencies, which the other partnership does not have.
    assert "is not an agency of this partnership" in page
    assert Application.objects.count() == 0


def _post_file(client: Client, name: str, content: bytes, **fields: str) -> str:
    response = client.post(PAGE, {"file": SimpleUploadedFile(name, content), **fields})
    assert response.status_code == 200
    return response.content.decode()


def test_going_back_to_the_upload_page_forgets_the_file_checked(
    client: Client, coordinator: object, pending: Path
) -> None:
    _upload(client, "past-cases.csv", (EXAMPLES / "past-cases.csv").read_bytes())

    client.get(PAGE)

    assert list(pending.iterdir()) == []
    assert client.post(CONFIRM).status_code == 302
    assert Application.objects.count() == 0
