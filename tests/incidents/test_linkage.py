"""Who is who: the record linkage (Splink on DuckDB) finds one person across agencies and typing
differences, keeps different people at one address apart, remembers a coordinator's split or
confirmation, links a new record to the person already known, and clusters places."""

from __future__ import annotations

import pytest

from community_trigger.incidents.linkage import incidents_link
from community_trigger.incidents.models import IncidentRecord
from community_trigger.incidents.services import records_import
from incidents.records import MAPPING, agency, csv_bytes, intake_on, opener, row

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
