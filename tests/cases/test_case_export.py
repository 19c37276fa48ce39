"""The case list as a spreadsheet: the cases the filters pick, only those the user may see, every
export in the audit log, and nothing a spreadsheet would run."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from accounts.people import signed_in_as, staff, verified
from applications.builders import APPLICANT_NAME, partnership, submitted
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community_trigger.agencies.models import Agency
from community_trigger.audit.models import AuditEntry
from community_trigger.cases.exports import HEADER, safe_cell
from community_trigger.cases.models import Application, Person, PersonRole
from community_trigger.sharing.models import InformationRequest

pytestmark = pytest.mark.django_db

LIST = "/staff/cases/"
DOWNLOAD = "/staff/cases/download.csv"


def _search(client: Client, **filters: str) -> str:
    """Filter the list as its form does; the saved search's id, which the list and download name."""
    return str(client.post(LIST, filters)["Location"]).split("?search=")[1]


def _rows(client: Client, **filters: str) -> list[dict[str, str]]:
    response = client.get(DOWNLOAD, {"search": _search(client, **filters)} if filters else {})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="cases-')
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))  # type: ignore[attr-defined]


def test_the_download_holds_every_case_the_coordinator_sees_soonest_deadline_first(client: Client) -> None:
    later, sooner = submitted(partnership()), submitted(partnership())
    Application.objects.filter(pk=later.pk).update(due_by=date.today() + timedelta(days=9))
    Application.objects.filter(pk=sooner.pk).update(due_by=date.today() - timedelta(days=1))
    verified(client, staff("cora"))

    rows = _rows(client)

    assert [row["Reference"] for row in rows] == [sooner.reference, later.reference]
    assert list(rows[0]) == list(HEADER)
    assert rows[0] == {
        "Reference": sooner.reference,
        "Partnership": "Test Valley Partnership",
        "Applicant": APPLICANT_NAME,
        "State": "Received",
        "Next step": "Acknowledge the request",
        "Due by": (date.today() - timedelta(days=1)).isoformat(),
        "Overdue": "Yes",
        "Received": timezone.localdate(sooner.submitted_at).isoformat(),
        "Received by": "Online",
    }
    assert rows[1]["Overdue"] == "No"


def test_the_download_keeps_the_lists_filters(client: Client) -> None:
    late, on_time = submitted(partnership()), submitted(partnership())
    Application.objects.filter(pk=late.pk).update(due_by=date.today() - timedelta(days=1))
    Application.objects.filter(pk=on_time.pk).update(due_by=date.today() + timedelta(days=1))
    verified(client, staff("cora"))

    assert [row["Reference"] for row in _rows(client, overdue="on")] == [late.reference]
    assert [row["Reference"] for row in _rows(client, q=on_time.reference)] == [on_time.reference]


def test_an_officer_downloads_only_the_cases_their_agency_was_asked_about(client: Client) -> None:
    asked, not_asked = submitted(partnership()), submitted(partnership())
    police = Agency.objects.get(partnership=asked.partnership, kind="police")
    InformationRequest.objects.create(application=asked, agency=police, due_by=date.today())
    signed_in_as(client, "officer of the asked agency")

    assert [row["Reference"] for row in _rows(client)] == [asked.reference]
    assert not_asked.reference not in b"".join(client.get(DOWNLOAD).streaming_content).decode()  # type: ignore[attr-defined]


def test_someone_of_another_partnership_downloads_nothing_of_ours(client: Client) -> None:
    submitted(partnership())
    signed_in_as(client, "other partnership")

    assert _rows(client) == []


def test_signed_out_the_download_sends_you_to_sign_in(client: Client) -> None:
    submitted(partnership())

    response = client.get(DOWNLOAD)

    assert response.status_code == 302
    assert "sign-in" in response["Location"]


def test_each_case_downloaded_is_recorded_as_exported(client: Client) -> None:
    cases = [submitted(partnership()) for _ in range(3)]
    user = staff("cora")
    verified(client, user)

    _rows(client)

    exported = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT)
    assert sorted(exported.values_list("subject_id", flat=True)) == sorted(str(case.pk) for case in cases)
    assert {(entry.actor, entry.detail) for entry in exported} == {(user, "case list download")}


def test_a_name_that_a_spreadsheet_would_run_is_written_as_text(client: Client) -> None:
    case = submitted(partnership())
    Person.objects.filter(application=case, role=PersonRole.APPLICANT).update(
        name='=HYPERLINK("http://evil.example","Click")'
    )
    verified(client, staff("cora"))

    (row,) = _rows(client)

    assert row["Applicant"] == '\'=HYPERLINK("http://evil.example","Click")'


@pytest.mark.parametrize(
    ("value", "written"),
    [("=1+1", "'=1+1"), ("+44 7700", "'+44 7700"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("Ann", "Ann")],
)
def test_safe_cell(value: str, written: str) -> None:
    assert safe_cell(value) == written


def test_filters_that_make_no_sense_go_back_to_the_list_which_says_why(client: Client) -> None:
    verified(client, staff("cora"))

    search = _search(client, year="last year")
    response = client.get(DOWNLOAD, {"search": search})

    assert response.status_code == 302
    assert response["Location"] == f"/staff/cases/?search={search}"
    assert "Enter a year, like 2026" in client.get(response["Location"]).content.decode()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_the_download_costs_the_same_queries_however_many_cases(client: Client) -> None:
    verified(client, staff("cora"))
    submitted(partnership())
    with CaptureQueriesContext(connection) as one:
        b"".join(client.get(DOWNLOAD).streaming_content)  # type: ignore[attr-defined]
    for _ in range(10):
        submitted(partnership())
    with CaptureQueriesContext(connection) as eleven:
        b"".join(client.get(DOWNLOAD).streaming_content)  # type: ignore[attr-defined]

    assert len(eleven.captured_queries) == len(one.captured_queries)


def test_the_list_links_to_the_download_with_its_filters(client: Client) -> None:
    case = submitted(partnership())
    verified(client, staff("cora"))

    search = _search(client, q=case.reference)
    page = client.get(LIST, {"search": search}).content.decode()

    assert f'href="/staff/cases/download.csv?search={search}"' in page
    assert "Download this case as a spreadsheet (CSV)" in page
