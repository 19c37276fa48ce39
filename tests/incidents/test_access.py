"""Only the partnership's coordinators (and its data protection officer, reading only) see incident
records; everyone else gets 404 (nobody learns what is held), anonymous visitors the sign-in page.
Every look is an audit entry: one per record a list shows, one for a record's page."""

from __future__ import annotations

import pytest
from accounts.people import PERSONAS, signed_in_as, staff, verified
from django.test import Client

from community_trigger.audit.models import AuditEntry
from community_trigger.domain.access import Role
from community_trigger.incidents.models import IncidentRecord
from community_trigger.incidents.services import records_import
from incidents.records import MAPPING, agency, csv_bytes, intake_on, opener, row

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2024-06-01 12:00:00+01:00", tick=False)]
(COORDINATOR, ASKED_OFFICER, OTHER_OFFICER, CHAIR, AUDITOR, OTHER_PARTNERSHIP, ANONYMOUS) = PERSONAS
DPO = "data protection officer"


@pytest.fixture
def record() -> IncidentRecord:
    intake_on()
    records_import(
        agency=agency("police"),
        opener=opener(csv_bytes([row("P-1"), row("P-2")])),
        name="p.csv",
        mapping=MAPPING,
        actor=None,
    )
    return IncidentRecord.objects.get(reference="P-1")


def _as(client: Client, persona: str) -> None:
    if persona == DPO:
        verified(client, staff("dee", role=Role.DATA_PROTECTION_OFFICER))
    else:
        signed_in_as(client, persona)


# What each persona gets: the list, a record of the demo partnership, the upload, and the demo
# partnership's intake and token pages.
EXPECTED = {
    COORDINATOR: (200, 200, 200, 200),
    DPO: (200, 200, 404, 404),
    ASKED_OFFICER: (404, 404, 404, 404),
    OTHER_OFFICER: (404, 404, 404, 404),
    CHAIR: (404, 404, 404, 404),
    AUDITOR: (404, 404, 404, 404),
    # Their own partnership's list (empty) and upload, never this partnership's records or pages.
    OTHER_PARTNERSHIP: (200, 404, 200, 404),
    ANONYMOUS: (302, 302, 302, 302),
}


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_each_persona_sees_the_incident_records_only_if_they_may(
    client: Client, record: IncidentRecord, persona: str
) -> None:
    _as(client, persona)
    list_status, record_status, upload_status, manage_status = EXPECTED[persona]

    listed = client.get("/staff/incidents/")
    assert listed.status_code == list_status
    assert client.get(f"/staff/incidents/{record.pk}/").status_code == record_status
    assert client.get("/staff/incidents/upload/").status_code == upload_status
    for url in ("/staff/incidents/test-valley/intake/", "/staff/incidents/test-valley/tokens/"):
        assert client.get(url).status_code == manage_status
    if list_status == 200:
        assert ("P-1" in listed.content.decode()) == (persona in (COORDINATOR, DPO))
    if list_status == 302:
        assert listed["Location"].startswith("/staff/sign-in/")


def test_the_data_protection_officer_reads_but_cannot_upload_turn_intake_on_or_make_tokens(
    client: Client, record: IncidentRecord
) -> None:
    _as(client, DPO)

    page = client.get("/staff/incidents/").content.decode()

    assert "Upload incident records" not in page
    assert "tokens" not in page
    assert client.post("/staff/incidents/test-valley/intake/off/").status_code == 404
    assert (
        client.post(
            "/staff/incidents/test-valley/tokens/", {"agency": agency("police").pk, "name": "x"}
        ).status_code
        == 404
    )


def test_each_record_the_list_shows_is_one_audit_entry_naming_no_personal_data(
    client: Client, record: IncidentRecord
) -> None:
    _as(client, COORDINATOR)

    client.get("/staff/incidents/")

    entries = AuditEntry.objects.filter(action=AuditEntry.Action.VIEW, subject="incidentrecord")
    assert sorted(entries.values_list("subject_id", flat=True)) == sorted(
        str(pk) for pk in IncidentRecord.objects.values_list("pk", flat=True)
    )
    assert set(entries.values_list("detail", flat=True)) == {"incident list"}
    assert set(entries.values_list("actor_username", flat=True)) == {"coordinator"}


def test_a_records_page_is_one_audit_entry_and_the_other_agencies_records_shown_one_each(
    client: Client, record: IncidentRecord
) -> None:
    records_import(
        agency=agency("council"),
        opener=opener(csv_bytes([row("C-1")])),
        name="c.csv",
        mapping=MAPPING,
        actor=None,
    )
    _as(client, DPO)

    page = client.get(f"/staff/incidents/{record.pk}/").content.decode()

    council = IncidentRecord.objects.get(reference="C-1")
    assert "C-1" in page
    looks = AuditEntry.objects.filter(
        action=AuditEntry.Action.VIEW, subject="incidentrecord", actor_username="dee"
    )
    assert sorted(looks.values_list("subject_id", "detail")) == sorted(
        [(str(record.pk), "incident record"), (str(council.pk), "same incident")]
    )


def test_a_page_of_a_long_list_audits_only_the_records_it_shows(client: Client) -> None:
    intake_on()
    rows = [row(f"P-{number}", Time=f"{number % 24:02d}:00") for number in range(60)]
    records_import(
        agency=agency("police"), opener=opener(csv_bytes(rows)), name="p.csv", mapping=MAPPING, actor=None
    )
    _as(client, COORDINATOR)

    client.get("/staff/incidents/?page=2")

    assert AuditEntry.objects.filter(action=AuditEntry.Action.VIEW, subject="incidentrecord").count() == 10
