"""The data protection officer's reading of access: the partnership's audit log (and no other's), and the
report of who looked at a case or at a person, by reference only, paged, downloadable, and itself
recorded in the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from accounts.people import staff, verified
from applications.builders import (
    APPLICANT_EMAIL,
    APPLICANT_NAME,
    other_partnership,
    partnership,
    submitted,
    you,
)
from django.test import Client

from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_view
from community_trigger.domain.access import Role

pytestmark = pytest.mark.django_db

LOG = "/staff/audit/"
REPORT = "/staff/data-protection/access/report/"
SEARCH = "/staff/data-protection/access/report/search/"
DOWNLOAD = "/staff/data-protection/access/report/download/"


def _dpo(client: Client) -> Client:
    return verified(client, staff("dora", role=Role.DPO))


def _report(client: Client, **search: str) -> str:
    response = client.post(SEARCH, {"reference": "", "person": "", **search}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_the_data_protection_officer_reads_the_partnerships_audit_log_and_not_anothers(
    client: Client,
) -> None:
    ours, theirs = submitted(partnership()), submitted(other_partnership())
    cara = staff("cara")
    audit_view(actor=cara, subject=ours, purpose=AuditEntry.Purpose.CASE_PAGE, detail="ours-marker")
    audit_view(actor=None, subject=theirs, purpose=AuditEntry.Purpose.CASE_PAGE, detail="theirs-marker")
    _dpo(client)

    html = client.get(LOG).content.decode()

    assert "ours-marker" in html
    assert "theirs-marker" not in html


def test_the_audit_log_has_no_way_to_change_an_entry(client: Client) -> None:
    _dpo(client)

    assert client.post(LOG, {"detail": "x"}).status_code == 405


def test_who_looked_at_a_case_lists_every_look_at_it_and_nothing_it_says(client: Client) -> None:
    case, other = submitted(partnership()), submitted(partnership())
    cara, pat = staff("cara"), staff("pat", role=Role.AGENCY_OFFICER, agency_kind="police")
    audit_view(actor=cara, subject=case, purpose=AuditEntry.Purpose.CASE_PAGE, detail="case page")
    audit_view(actor=pat, subject=case, purpose=AuditEntry.Purpose.DOCUMENT, detail="document 3 downloaded")
    audit_view(actor=pat, subject=other, purpose=AuditEntry.Purpose.CASE_PAGE, detail="other-marker")
    _dpo(client)

    html = _report(client, reference=case.reference)

    assert case.reference in html
    assert "cara" in html
    assert "pat" in html
    assert "Document download" in html  # what showed it
    assert "other-marker" not in html
    assert APPLICANT_NAME not in html
    assert "I cannot sleep" not in html  # the case's own words


def test_who_looked_at_a_person_finds_their_cases_though_their_name_is_typed_differently(
    client: Client,
) -> None:
    theirs = submitted(partnership())
    someone_else = submitted(partnership(), you=you(name="Zed Quinlan", email="zed@example.com"))
    cara = staff("cara")
    audit_view(actor=cara, subject=theirs, purpose=AuditEntry.Purpose.CASE_PAGE, detail="theirs-marker")
    audit_view(actor=cara, subject=someone_else, purpose=AuditEntry.Purpose.CASE_PAGE, detail="else-marker")
    _dpo(client)

    misspelt = _report(client, person="Alex Aplicantsen")
    by_email = _report(client, person=APPLICANT_EMAIL.upper())

    for html in (misspelt, by_email):
        assert theirs.reference in html
        assert "theirs-marker" in html
        assert someone_else.reference not in html
        assert "else-marker" not in html
    assert APPLICANT_NAME not in misspelt


def test_a_person_is_never_searched_for_in_the_address(client: Client) -> None:
    _dpo(client)

    response = client.post(SEARCH, {"reference": "", "person": "Alex Applicantson"})

    assert response.status_code == 302
    assert "Alex" not in response["Location"]


def test_reading_the_report_is_itself_recorded_in_the_audit_log(client: Client) -> None:
    case = submitted(partnership())
    dora = staff("dora", role=Role.DPO)
    verified(client, dora)

    _report(client, reference=case.reference)

    entry = AuditEntry.objects.filter(actor=dora, subject="application", subject_id=str(case.pk)).get()
    assert (entry.action, entry.detail) == (AuditEntry.Action.VIEW, "access report by case")


def test_the_report_downloads_as_a_csv_file_and_the_download_is_recorded(client: Client) -> None:
    case = submitted(partnership())
    cara = staff("cara")
    audit_view(actor=cara, subject=case, purpose=AuditEntry.Purpose.CASE_PAGE)
    dora = staff("dora", role=Role.DPO)
    verified(client, dora)
    response = client.post(SEARCH, {"reference": case.reference, "person": ""})
    query = response["Location"].split("?", 1)[1]

    download: Any = client.get(f"{DOWNLOAD}?{query}")

    assert download.streaming
    assert download["Content-Type"].startswith("text/csv")
    rows = b"".join(download.streaming_content).decode().splitlines()
    assert rows[0].startswith("When,Who")
    assert any(row.split(",")[1] == "cara" for row in rows[1:])
    assert AuditEntry.objects.filter(
        actor=dora, action=AuditEntry.Action.EXPORT, detail="access report by case downloaded"
    ).exists()


def test_a_case_of_another_partnership_is_not_found(client: Client) -> None:
    theirs = submitted(other_partnership())
    _dpo(client)

    html = _report(client, reference=theirs.reference)

    assert "No case matches" in html


def test_an_empty_search_says_what_to_enter(client: Client) -> None:
    _dpo(client)

    html = _report(client)

    assert "Enter a case reference, or a person" in html
