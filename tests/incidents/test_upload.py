"""Taking in an agency's file: every row checked, a bad file reported by row and column (CSV and
XLSX) with nothing half-imported, the same rows sent again not duplicated, a file of 100,000 rows in
bulk, and nothing at all while the partnership's intake is off."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community_trigger.audit.models import AuditEntry
from community_trigger.incidents.models import ImportBatch, IncidentRecord
from community_trigger.incidents.services import IncidentsRefused, IntakeOff, records_import
from incidents.records import MAPPING, agency, coordinator, csv_bytes, intake_on, opener, row, xlsx_of

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2024-06-01 12:00:00+01:00", tick=False)]


def _import(content: bytes, name: str = "police.csv") -> object:
    return records_import(
        agency=agency("police"), opener=opener(content), name=name, mapping=MAPPING, actor=coordinator()
    )


def _refused(content: bytes, name: str) -> set[tuple[int, str, str]]:
    with pytest.raises(IncidentsRefused) as refused:
        _import(content, name)
    return {(problem.row, problem.column, str(problem.message)) for problem in refused.value.report.problems}


@pytest.mark.parametrize(("name", "build"), [("police.csv", csv_bytes), ("police.xlsx", xlsx_of)])
def test_a_file_with_bad_rows_is_reported_by_row_and_column_and_nothing_is_saved(
    name: str, build: object
) -> None:
    intake_on()
    rows = [
        row("P-1"),
        row("P-2", **{"ASB type": "Noisy"}),
        row("P-3", Date="32/01/2024", Postcode="nowhere"),
    ]

    problems = _refused(build(rows), name)  # type: ignore[operator]

    assert (
        3,
        "ASB type",
        "“Noisy” is not an ASB category (use personal, nuisance or environmental)",
    ) in problems
    assert {(row, column) for row, column, _ in problems} == {(3, "ASB type"), (4, "Date"), (4, "Postcode")}
    assert IncidentRecord.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_an_xlsx_file_gives_its_dates_and_times_as_the_spreadsheet_holds_them() -> None:
    intake_on()

    _import(xlsx_of([row("P-1", Date=datetime(2024, 5, 1, 21, 30), Time=None)]), "police.xlsx")  # type: ignore[arg-type]

    record = IncidentRecord.objects.get()
    assert timezone.localtime(record.occurred_at).strftime("%Y-%m-%d %H:%M") == "2024-05-01 21:30"


def test_a_reference_given_twice_in_one_file_is_a_problem_of_the_second_row() -> None:
    intake_on()

    problems = _refused(csv_bytes([row("P-1"), row("p-1")]), "police.csv")

    assert problems == {(3, "Incident ref", "p-1 is given twice (first at 2)")}


def test_a_good_file_is_kept_whole_with_its_keys_the_batch_and_an_audit_entry_without_personal_data() -> None:
    intake_on()

    report = _import(csv_bytes([row("P-1"), row("P-2", Caller="Sam Other")]))

    assert (report.added, report.already_held) == (2, 0)  # type: ignore[attr-defined]
    record = IncidentRecord.objects.get(reference="P-1")
    assert (record.via, record.category, record.location_postcode_key) == ("upload", "nuisance", "SP103AJ")
    assert (record.reporter_name_key, record.reporter_phone_key) == ("robinexample", "07700900123")
    assert record.batch.file_name == "police.csv"
    assert record.partnership_id == record.agency.partnership_id
    entry = AuditEntry.objects.get(subject="importbatch")
    assert entry.detail == "uploaded 2 incident record(s) (0 held already)"
    assert "Robin" not in entry.detail


def test_the_same_rows_uploaded_again_are_skipped_as_held_already_not_duplicated_or_changed() -> None:
    intake_on()
    _import(csv_bytes([row("P-1")]))

    report = _import(csv_bytes([row("P-1", Summary="Changed"), row("P-2")]))

    assert (report.added, report.already_held) == (1, 1)  # type: ignore[attr-defined]
    assert IncidentRecord.objects.count() == 2
    assert IncidentRecord.objects.get(reference="P-1").description == "Loud music late at night"


def test_the_same_reference_from_another_agency_is_another_record() -> None:
    intake_on()
    _import(csv_bytes([row("X-1")]))

    records_import(
        agency=agency("council"),
        opener=opener(csv_bytes([row("X-1")])),
        name="c.csv",
        mapping=MAPPING,
        actor=None,
    )

    assert IncidentRecord.objects.filter(reference="X-1").count() == 2


def test_nothing_is_taken_in_while_intake_is_off() -> None:
    with pytest.raises(IntakeOff, match="information sharing agreement"):
        _import(csv_bytes([row("P-1")]))

    assert IncidentRecord.objects.count() == 0


def test_a_large_file_is_written_in_batches_with_a_fixed_number_of_queries() -> None:
    intake_on()
    content = csv_bytes([row(f"P-{number}", Caller=f"Person {number}") for number in range(3000)])
    coordinator()

    with CaptureQueriesContext(connection) as queries:
        report = _import(content)

    assert report.added == 3000  # type: ignore[attr-defined]
    # A reference look-up a thousand rows and the inserts in batches (on SQLite as many rows as its
    # limit of 999 parameters allows): never a query a row.
    assert len(queries) < 3000 / 20
