"""The same incident reported to two agencies is one incident: records of different agencies within
two hours (the same day, when a day alone is known) with the same reporter (phone, email, or name at
a postcode), or the same category at the same place, share one `incident`."""

from __future__ import annotations

import pytest

from community_trigger.incidents.models import IncidentRecord
from community_trigger.incidents.services import records_import
from incidents.records import MAPPING, agency, csv_bytes, intake_on, opener, row

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2024-06-01 12:00:00+01:00", tick=False)]


def _send(kind: str, *rows: dict[str, str]) -> None:
    records_import(
        agency=agency(kind), opener=opener(csv_bytes(rows)), name=f"{kind}.csv", mapping=MAPPING, actor=None
    )


def _incident(reference: str, kind: str) -> object:
    return IncidentRecord.objects.get(reference=reference, agency=agency(kind)).incident


@pytest.fixture(autouse=True)
def _intake() -> None:
    intake_on()


def test_the_same_caller_to_the_police_and_the_council_an_hour_apart_is_one_incident() -> None:
    _send("police", row("P-1", Time="21:30", Street="", Postcode="SP10 3AJ"))
    _send(
        "council",
        row("C-1", Time="22:30", Street="Flat 2, 1 Test St", Postcode="SP10 3AJ", **{"ASB type": "personal"}),
    )

    assert _incident("P-1", "police") == _incident("C-1", "council")


def test_the_same_category_at_the_same_place_from_different_callers_is_one_incident() -> None:
    _send("police", row("P-1", Caller="Robin", **{"Caller tel": "07700 900001"}))
    _send("housing", row("H-1", Time="23:00", Caller="Sam", **{"Caller tel": "07700 900002"}))

    assert _incident("P-1", "police") == _incident("H-1", "housing")


def test_records_more_than_two_hours_apart_are_two_incidents() -> None:
    _send("police", row("P-1", Time="18:00"))
    _send("council", row("C-1", Time="20:01"))

    assert _incident("P-1", "police") != _incident("C-1", "council")


def test_a_different_caller_and_a_different_category_at_the_place_are_two_incidents() -> None:
    _send("police", row("P-1", Caller="Robin", **{"Caller tel": "07700 900001"}))
    _send("council", row("C-1", Caller="Sam", **{"Caller tel": "07700 900002", "ASB type": "environmental"}))

    assert _incident("P-1", "police") != _incident("C-1", "council")


def test_two_records_of_one_agency_are_never_grouped_by_the_rule() -> None:
    _send("police", row("P-1", Time="21:30"), row("P-2", Time="21:40"))

    assert _incident("P-1", "police") != _incident("P-2", "police")


def test_a_day_alone_matches_a_record_of_the_same_day() -> None:
    _send("police", row("P-1", Time="23:50"))
    _send("council", row("C-1", Time=""))

    assert _incident("P-1", "police") == _incident("C-1", "council")


def test_a_record_that_joins_two_incidents_makes_them_one_the_older_ones() -> None:
    _send("police", row("P-1", Time="20:00", Caller="Robin", **{"Caller tel": "07700 900001"}))
    _send(
        "housing",
        row("H-1", Time="21:50", Caller="Sam", **{"Caller tel": "07700 900002", "ASB type": "personal"}),
    )
    kept = _incident("P-1", "police")
    assert _incident("H-1", "housing") != kept

    # The council heard from both callers: one incident of three records.
    _send("council", row("C-1", Time="21:00", Caller="Robin", **{"Caller tel": "07700 900002"}))

    assert {_incident("P-1", "police"), _incident("H-1", "housing"), _incident("C-1", "council")} == {kept}


def test_the_grouping_is_the_same_whichever_agency_sent_first() -> None:
    _send("council", row("C-1", Time="22:30"))
    _send("police", row("P-1", Time="21:30"))

    assert _incident("P-1", "police") == _incident("C-1", "council")


def test_the_same_category_at_the_same_coordinates_is_one_incident_without_a_postcode() -> None:
    point = {"Latitude": "51.208301", "Longitude": "-1.480049", "Postcode": "", "Street": ""}
    headers = (
        "Incident ref",
        "Date",
        "Time",
        "ASB type",
        "Summary",
        "Latitude",
        "Longitude",
        "Postcode",
        "Street",
    )
    mapping = {
        "reference": "Incident ref",
        "occurred_at": "Date",
        "occurred_time": "Time",
        "category": "ASB type",
        "description": "Summary",
        "latitude": "Latitude",
        "longitude": "Longitude",
    }
    for kind, reference, latitude in (("police", "P-1", "51.208301"), ("council", "C-1", "51.20832")):
        content = csv_bytes([row(reference, **{**point, "Latitude": latitude})], headers=headers)
        records_import(agency=agency(kind), opener=opener(content), name="f.csv", mapping=mapping, actor=None)

    assert _incident("P-1", "police") == _incident("C-1", "council")
    assert IncidentRecord.objects.get(reference="P-1").location_point_key == "51.2083,-1.4800"
