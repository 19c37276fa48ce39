"""The case list's CSV file is sent as it is written, a piece at a time, for a partnership of 100,000
cases: the same rows as the list makes, each case recorded as exported by one statement before the
first row is read, and the queries the same however many cases there are."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import pytest
from accounts.people import signed_in_as, staff, verified
from applications.builders import partnership, submitted
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community_trigger.audit.models import AuditEntry
from community_trigger.cases import exports
from community_trigger.cases.exports import HEADER, case_rows
from community_trigger.cases.models import Application, Channel, Person, PersonRole
from community_trigger.cases.selectors import CaseRow, case_list_matching
from community_trigger.domain.workflow import State
from community_trigger.sharing.models import InformationRequest

pytestmark = pytest.mark.django_db

DOWNLOAD = "/staff/cases/download.csv"


def _exported() -> Any:
    return AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT)


def _pieces(response: Any) -> list[bytes]:
    assert response.status_code == 200
    assert response.streaming
    return list(response.streaming_content)


def _table(pieces: list[bytes]) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(pieces).decode())))


def test_the_file_is_sent_in_pieces_that_make_the_whole_file(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = [submitted(partnership()) for _ in range(5)]
    verified(client, staff("cora"))
    monkeypatch.setattr(exports, "_CHUNK_CHARACTERS", 100)

    response = client.get(DOWNLOAD)
    pieces = _pieces(response)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"] == f'attachment; filename="cases-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    assert "no-store" in response["Cache-Control"]
    assert len(pieces) > 2
    table = _table(pieces)
    assert table[0] == list(HEADER)
    assert sorted(row[0] for row in table[1:]) == sorted(case.reference for case in cases)
    assert all(piece.endswith(b"\r\n") for piece in pieces)


def test_the_rows_are_those_the_list_makes_of_each_case() -> None:
    due, closed, by_phone = (submitted(partnership()) for _ in range(3))
    Application.objects.filter(pk=due.pk).update(due_by=date.today() - timedelta(days=2))
    Application.objects.filter(pk=closed.pk).update(state=State.CLOSED, due_by=None)
    Application.objects.filter(pk=by_phone.pk).update(channel=Channel.PHONE, state=State.ACKNOWLEDGED)
    # A second applicant: the row names the first, as the list does.
    second = Person.objects.get(application=due, role=PersonRole.APPLICANT)
    first_name = second.name
    second.pk, second.position, second.name = None, second.position + 1, "Second Applicant"
    second.save()
    user = staff("cora")
    cases = case_list_matching(user, {})

    assert (
        next(row for row in case_rows(cases) if row.reference == due.reference).applicant_name == first_name
    )
    assert list(case_rows(cases)) == [CaseRow.of(case) for case in cases]
    closed_row = next(row for row in case_rows(cases) if row.reference == closed.reference)
    assert (closed_row.next_step, closed_row.due_by, closed_row.public_state) == ("", None, "Closed")


def test_every_case_is_recorded_as_exported_before_the_first_row_is_read(client: Client) -> None:
    cases = [submitted(partnership()) for _ in range(3)]
    user = staff("cora")
    verified(client, user)

    response = client.get(DOWNLOAD)

    # Not a byte read yet, and each case already in the log, once, with who took it and how.
    assert sorted(_exported().values_list("subject_id", flat=True)) == sorted(str(case.pk) for case in cases)
    assert {
        (entry.actor, entry.actor_username, entry.subject, entry.detail, entry.purpose)
        for entry in _exported()
    } == {(user, "cora", "application", "case list download", AuditEntry.Purpose.EXPORT)}
    assert len(_table(_pieces(response))) == 1 + 3


def test_an_officer_exports_and_is_recorded_as_exporting_only_their_agencys_cases(client: Client) -> None:
    asked, not_asked = submitted(partnership()), submitted(partnership())
    for kind in ("police", "housing"):
        agency = asked.partnership.agencies.get(kind=kind)
        InformationRequest.objects.create(
            application=asked, agency=agency, due_by=timezone.localdate() + timedelta(days=10)
        )
    officer = signed_in_as(client, "officer of the asked agency")

    table = _table(_pieces(client.get(DOWNLOAD)))

    assert [row[0] for row in table[1:]] == [asked.reference]
    assert list(_exported().values_list("subject_id", flat=True)) == [str(asked.pk)]
    assert _exported().get().actor == officer
    assert not_asked.reference not in str(table)


def test_the_filters_pick_what_is_exported_and_what_is_recorded(client: Client) -> None:
    late, on_time = submitted(partnership()), submitted(partnership())
    Application.objects.filter(pk=late.pk).update(due_by=date.today() - timedelta(days=1))
    Application.objects.filter(pk=on_time.pk).update(due_by=date.today() + timedelta(days=1))
    verified(client, staff("cora"))
    search = str(client.post("/staff/cases/", {"overdue": "on"})["Location"]).split("?search=")[1]

    table = _table(_pieces(client.get(DOWNLOAD, {"search": search})))

    assert [row[0] for row in table[1:]] == [late.reference]
    assert list(_exported().values_list("subject_id", flat=True)) == [str(late.pk)]


def test_commas_quotes_new_lines_and_formulas_come_back_as_written(client: Client) -> None:
    case = submitted(partnership())
    name = 'Ann "Nan" Smith, of\nthe "=corner"'
    Person.objects.filter(application=case, role=PersonRole.APPLICANT).update(name=name)
    other = submitted(partnership())
    Person.objects.filter(application=other, role=PersonRole.APPLICANT).update(name="@SUM(A1:A9)")
    verified(client, staff("cora"))

    table = _table(_pieces(client.get(DOWNLOAD)))

    names = {row[0]: row[2] for row in table[1:]}
    assert names == {case.reference: name, other.reference: "'@SUM(A1:A9)"}


def test_the_export_costs_the_same_queries_and_one_audit_statement_however_many_cases(client: Client) -> None:
    verified(client, staff("cora"))
    submitted(partnership())
    with CaptureQueriesContext(connection) as one:
        _pieces(client.get(DOWNLOAD))
    for _ in range(12):
        submitted(partnership())
    with CaptureQueriesContext(connection) as thirteen:
        pieces = _pieces(client.get(DOWNLOAD))

    audit_inserts = [
        query["sql"]
        for query in thirteen.captured_queries
        if query["sql"].startswith("INSERT INTO") and AuditEntry._meta.db_table in query["sql"].split("(")[0]
    ]
    assert len(audit_inserts) == 1
    assert len(thirteen.captured_queries) == len(one.captured_queries)
    assert len(_table(pieces)) == 1 + 13
    assert _exported().count() == 1 + 13
