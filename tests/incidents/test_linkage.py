"""Who is who: the record linkage (Splink on DuckDB) finds one person across agencies and typing
differences, keeps different people at one address apart, remembers a coordinator's split or
confirmation, links a new record to the person already known, and clusters places."""

from __future__ import annotations

import io

import pytest
from accounts.people import PERSONAS, signed_in_as, staff, verified
from django.core.management import CommandError, call_command
from django.test import Client

from community_trigger.audit.models import AuditEntry
from community_trigger.domain.access import Role
from community_trigger.incidents.linkage import incidents_link, link_decide
from community_trigger.incidents.models import IncidentRecord, LinkDecision, LinkEvidence
from community_trigger.incidents.services import records_import
from community_trigger.incidents.tasks import link_new_records
from incidents.records import HEADERS, MAPPING, agency, coordinator, csv_bytes, intake_on, opener, row

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2024-06-01 12:00:00+01:00", tick=False)]


def _send(kind: str, *rows: dict[str, str]) -> None:
    records_import(
        agency=agency(kind), opener=opener(csv_bytes(rows)), name=f"{kind}.csv", mapping=MAPPING, actor=None
    )


def _get(reference: str) -> IncidentRecord:
    return IncidentRecord.objects.get(reference=reference)


@pytest.fixture(autouse=True)
def _intake() -> None:
    intake_on()


def _robin_three_ways() -> None:
    _send("police", row("P-1", Date="2024-03-01", Caller="Robin Example", **{"Caller tel": "07700 900123"}))
    _send(
        "council",
        row("C-1", Date="2024-04-02", Caller="Robni Exmaple", **{"Caller tel": "07700 900123"}),
    )
    _send("housing", row("H-1", Date="2024-05-03", Caller="ROBIN EXAMPLE", **{"Caller tel": ""}))


def test_one_person_with_typing_differences_across_agencies_is_linked() -> None:
    _robin_three_ways()

    incidents_link(partnership=agency("police").partnership)

    people = {_get(reference).reporter_id for reference in ("P-1", "C-1", "H-1")}
    assert len(people) == 1
    assert None not in people


def _link() -> None:
    incidents_link(partnership=agency("police").partnership)


def test_different_people_at_one_address_are_not_merged() -> None:
    """A family in one flat: the same home address and postcode, the same surname, their own phones."""
    headers = (*HEADERS, "Home", "Home postcode")
    mapping = {**MAPPING, "reporter_address": "Home", "reporter_postcode": "Home postcode"}
    home = {"Home": "Flat 2, 1 Test Street", "Home postcode": "SP10 3AJ"}
    rows = [
        row("P-1", Caller="Alex Morgan", **home, **{"Caller tel": "07700 900001"}),
        row("P-2", Caller="Jordan Morgan", **home, **{"Caller tel": "07700 900002"}),
        row("P-3", Date="2024-05-09", Caller="Alex Morgan", **home, **{"Caller tel": ""}),
    ]
    records_import(
        agency=agency("police"),
        opener=opener(csv_bytes(rows, headers)),
        name="p.csv",
        mapping=mapping,
        actor=None,
    )

    _link()

    assert _get("P-1").reporter_id != _get("P-2").reporter_id
    assert _get("P-1").reporter_id == _get("P-3").reporter_id


def test_a_split_is_remembered_by_later_runs() -> None:
    _robin_three_ways()
    _link()
    evidence = LinkEvidence.objects.get(record=_get("H-1"))

    link_decide(
        record=_get("H-1"),
        other=evidence.other,
        decision="split",
        reason="Another Robin",
        actor=coordinator(),
    )
    IncidentRecord.objects.update(reporter=None)
    _link()

    assert _get("H-1").reporter_id != IncidentRecord.objects.get(pk=evidence.other_id).reporter_id


def test_a_confirmation_is_remembered_by_later_runs() -> None:
    _send("police", row("P-1", Caller="Robin Example", **{"Caller tel": "07700 900123"}))
    _send("council", row("C-1", Caller="R. Smith-Jones", **{"Caller tel": "07700 900999"}))
    _link()
    assert _get("P-1").reporter_id != _get("C-1").reporter_id

    link_decide(
        record=_get("C-1"), other=_get("P-1"), decision="confirmed", reason="Same", actor=coordinator()
    )
    IncidentRecord.objects.update(reporter=None)
    _link()

    assert _get("P-1").reporter_id == _get("C-1").reporter_id


def test_a_new_record_is_linked_to_the_person_already_known() -> None:
    _robin_three_ways()
    _link()
    known = _get("P-1").reporter_id

    _send("council", row("C-2", Date="2024-05-20", Caller="Robin Exampel", **{"Caller tel": "07700 900123"}))
    outcome = incidents_link(partnership=agency("police").partnership)

    assert outcome.new == 1
    assert _get("C-2").reporter_id == known


def test_places_are_clustered_by_address_and_postcode() -> None:
    _send(
        "police",
        row("P-1", Street="1 Test Street", Postcode="SP10 3AJ"),
        row(
            "P-2", Street="1, TEST STREET", Postcode="sp103aj", Caller="Sam", **{"Caller tel": "07700 900002"}
        ),
        row(
            "P-3",
            Street="11 Test Street",
            Postcode="SP10 3AJ",
            Caller="Kim",
            **{"Caller tel": "07700 900003"},
        ),
    )

    _link()

    assert _get("P-1").place_id == _get("P-2").place_id
    assert _get("P-1").place_id is not None
    assert _get("P-3").place_id != _get("P-1").place_id


def test_the_record_page_shows_why_it_was_linked(client: Client) -> None:
    _robin_three_ways()
    _link()
    verified(client, coordinator())

    page = client.get(f"/staff/incidents/{_get('C-1').pk}/").content.decode()

    assert 'id="link-evidence"' in page
    assert "match weight" in page
    assert "Are these the same person?" in page


DPO = "data protection officer"
(COORDINATOR, ASKED_OFFICER, OTHER_OFFICER, CHAIR, AUDITOR, OTHER_PARTNERSHIP, ANONYMOUS) = PERSONAS
DECIDES = {
    COORDINATOR: 302,
    DPO: 404,
    ASKED_OFFICER: 404,
    OTHER_OFFICER: 404,
    CHAIR: 404,
    AUDITOR: 404,
    OTHER_PARTNERSHIP: 404,
}


@pytest.mark.parametrize("persona", list(DECIDES))
def test_only_the_partnerships_coordinator_confirms_or_splits(client: Client, persona: str) -> None:
    _robin_three_ways()
    _link()
    record = _get("H-1")
    if persona == DPO:
        verified(client, staff("dee", role=Role.DATA_PROTECTION_OFFICER))
        assert client.get(f"/staff/incidents/{record.pk}/").status_code == 200
    else:
        signed_in_as(client, persona)

    answer = client.post(f"/staff/incidents/{record.pk}/link/", {"decision": "split", "reason": "Not them"})

    assert answer.status_code == DECIDES[persona]
    assert LinkDecision.objects.exists() == (persona == COORDINATOR)
    if persona == COORDINATOR:
        entry = AuditEntry.objects.filter(detail__startswith="person link split").get()
        assert "Robin" not in entry.detail


def test_the_daily_task_and_the_command_link_new_records() -> None:
    _robin_three_ways()

    assert link_new_records.enqueue().return_value == 3
    _send("council", row("C-2", Caller="Robin Example", **{"Caller tel": "07700 900123"}))
    out = io.StringIO()
    call_command("link_incidents", "--partnership", "test-valley", stdout=out)

    assert "1 new of 4 record(s) linked" in out.getvalue()
    assert _get("C-2").reporter_id == _get("P-1").reporter_id


def test_the_command_refuses_an_unknown_partnership_with_exit_code_2() -> None:
    with pytest.raises(CommandError) as refused:
        call_command("link_incidents", "--partnership", "nowhere")

    assert refused.value.returncode == 2


def test_a_decision_without_a_reason_is_refused_keeping_what_was_chosen(client: Client) -> None:
    _robin_three_ways()
    _link()
    verified(client, coordinator())
    record = _get("H-1")

    answer = client.post(f"/staff/incidents/{record.pk}/link/", {"decision": "split", "reason": ""})

    page = answer.content.decode()
    assert answer.status_code == 400
    assert "govuk-error-summary" in page
    assert "Enter why" in page
    assert 'value="split" checked' in page
    assert not LinkDecision.objects.exists()
