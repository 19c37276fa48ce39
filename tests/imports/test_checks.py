"""The dry run names every problem by its row and column, whatever kind it is, and saves nothing."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from applications.builders import partnership, submitted

from community_trigger.cases.models import Application, CaseEvent
from community_trigger.imports.checks import COLUMNS
from community_trigger.imports.services import import_check
from community_trigger.imports.sheets import Problem
from imports.sheets import HEADERS, csv_opener, opener_of, row, xlsx_bytes

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)


def _problems(*rows: dict[str, str], headers: tuple[str, ...] = HEADERS) -> list[tuple[int, str]]:
    report = import_check(
        partnership=partnership(), opener=csv_opener(rows, headers), name="past.csv", today=TODAY
    )
    return [(problem.row, problem.column) for problem in report.problems]


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"channel": "carrier pigeon"}, "Channel"),
        ({"applicant_role": "neighbour"}, "Applicant role"),
        ({"satisfaction": "happy"}, "Satisfaction"),
        ({"received_date": "31/02/2024"}, "Received date"),
        ({"received_date": "next Tuesday"}, "Received date"),
        ({"received_date": ""}, "Received date"),
        ({"received_date": "2027-01-01"}, "Received date"),
        ({"received_date": "2013-05-01"}, "Received date"),
        ({"threshold_decision": "maybe", "decision_date": "2024-05-10"}, "Threshold decision"),
        ({"threshold_decision": "not met"}, "Decision date"),
        ({"decision_date": "2024-05-10"}, "Threshold decision"),
        # Dates out of order: decided before it was received.
        ({"threshold_decision": "not met", "decision_date": "2024-04-01"}, "Decision date"),
        ({"withdrawn_date": "2024-04-30"}, "Withdrawn date"),
        # A state the workflow cannot reach: a review held after the threshold was not met.
        (
            {"threshold_decision": "not met", "decision_date": "2024-05-10", "review_date": "2024-06-01"},
            "Review date",
        ),
        # Closed before any decision: a received case cannot close.
        ({"closed_date": "2024-06-01"}, "Closed date"),
        # An escalation decided that was never asked for.
        (
            {
                "threshold_decision": "not met",
                "decision_date": "2024-05-10",
                "escalation_decided_date": "2024-06-01",
                "escalation_upheld": "no",
            },
            "Escalation decided date",
        ),
        (
            {
                "threshold_decision": "not met",
                "decision_date": "2024-05-10",
                "escalation_asked_date": "2024-05-20",
                "escalation_decided_date": "2024-06-01",
            },
            "Escalation upheld",
        ),
        ({"agencies": "Test Valley Borough Council; Ministry of Magic"}, "Agencies"),
        ({"reference": "TVP-2023-0100"}, "Reference"),  # its year is not the year it was received
    ],
    ids=lambda value: str(value) if isinstance(value, str) else None,
)
def test_each_kind_of_problem_is_named_by_row_and_column(cells: dict[str, str], column: str) -> None:
    assert _problems(row(), row(**cells)) == [(3, column)]


def test_a_reference_already_in_the_service_is_a_problem() -> None:
    kept = submitted(partnership())

    assert _problems(row(reference=kept.reference)) == [(2, "Reference")]


def test_a_reference_given_twice_is_a_problem_on_its_second_row() -> None:
    assert _problems(row(reference="OLD-1"), row(reference="old-1")) == [(3, "Reference")]


def test_every_row_s_problems_are_reported_not_only_the_first() -> None:
    problems = _problems(
        row(channel="fax", satisfaction="meh"),
        row(),
        row(received_date="yesterday"),
    )

    assert problems == [(2, "Channel"), (2, "Satisfaction"), (4, "Received date")]


def test_the_headers_are_checked_first_whatever_their_case() -> None:
    headers = ("RECEIVED_DATE", "channel", "Applicant Role", "Recieved by", "Channel")

    problems = _problems({"RECEIVED_DATE": "2024-01-02"}, headers=headers)

    assert problems == [(1, "Recieved by"), (1, "Channel"), (1, "satisfaction")]


def test_the_dry_run_saves_nothing() -> None:
    before = Application.objects.count()

    report = import_check(
        partnership=partnership(), opener=csv_opener([row(), row()]), name="past.csv", today=TODAY
    )

    assert report.ready == 2
    assert report.problems == []
    assert Application.objects.count() == before
    assert not CaseEvent.objects.filter(facts__imported=True).exists()


def test_uk_dates_and_spreadsheet_dates_are_both_read() -> None:
    content = xlsx_bytes(
        [
            [
                "Received Date",
                "CHANNEL",
                "applicant role",
                "Satisfaction",
                "Threshold decision",
                "Decision date",
            ],
            [datetime(2024, 5, 1), "Phone", "Victim", "No action", "Not met", "15/05/2024"],
        ]
    )

    report = import_check(partnership=partnership(), opener=opener_of(content), name="past.xlsx", today=TODAY)

    assert (report.ready, report.problems) == (1, [])


def test_a_formula_excel_never_calculated_is_a_problem_not_a_blank() -> None:
    content = xlsx_bytes(
        [
            ["Received date", "Channel", "Applicant role", "Satisfaction"],
            ["=DATE(2024,5,1)", "phone", "victim", "satisfied"],
        ]
    )

    report = import_check(partnership=partnership(), opener=opener_of(content), name="past.xlsx", today=TODAY)

    assert [(problem.row, problem.column) for problem in report.problems] == [(2, "Received date")]
    assert "formula" in report.problems[0].message


def test_a_file_that_is_not_a_spreadsheet_is_one_problem() -> None:
    report = import_check(
        partnership=partnership(), opener=opener_of(b"not a zip"), name="past.xlsx", today=TODAY
    )

    assert report.problems == [Problem(0, "", "The file cannot be opened as an XLSX workbook")]


def test_a_csv_file_that_is_not_utf8_says_so() -> None:
    content = b"Received date,Channel,Applicant role,Satisfaction\n2024-05-01,phone,victim,satisfied\n"
    content += "2024-05-02,phone,victim,satisfied,Désirée\n".encode("latin-1")

    report = import_check(partnership=partnership(), opener=opener_of(content), name="past.csv", today=TODAY)

    assert "UTF-8" in report.problems[0].message


def test_the_readme_documents_every_column() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("## Moving from spreadsheets", 1)[1].split("\n## ", 1)[0]

    assert [key for key in COLUMNS if f"`{key}`" not in section] == []
