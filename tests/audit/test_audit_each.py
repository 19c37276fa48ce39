"""One audit entry per row of a query, written by the database in one statement: the same entries
`audit_record_many` writes one by one, for lists too long to hold in memory."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from accounts.people import persona, staff
from applications.builders import NOON, partnership, submitted
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record_each, audit_record_many
from community_trigger.cases.models import Application
from community_trigger.cases.selectors import case_list_for
from community_trigger.common.models import AppendOnly
from community_trigger.sharing.models import InformationRequest

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]

EXPORTED = {"action": AuditEntry.Action.EXPORT, "detail": "case list download", "purpose": "export"}
# Every column an entry has, but its own id.
COLUMNS = [field.attname for field in AuditEntry._meta.concrete_fields if not field.primary_key]


def _exported() -> Any:
    """The entries of downloads (building a case writes entries of its own)."""
    return AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT)


def _written(entries: Any) -> list[dict[str, Any]]:
    return sorted(entries.values(*COLUMNS), key=lambda entry: entry["subject_id"])


def test_each_row_gets_the_entry_that_audit_record_many_would_write() -> None:
    cases = [submitted(partnership()) for _ in range(3)]
    user = staff("cora")

    written = audit_record_each(actor=user, subjects=Application.objects.all(), **EXPORTED)
    by_rows = _written(_exported())
    last = _exported().order_by("pk").last()
    # The log is append-only: the entries written one by one are compared with those beside them.
    audit_record_many(actor=user, subjects=cases, **EXPORTED)
    one_by_one = _written(_exported().filter(pk__gt=last.pk if last else 0))

    assert written == 3
    assert by_rows == one_by_one
    assert [entry["subject_id"] for entry in by_rows] == sorted(str(case.pk) for case in cases)
    assert by_rows[0]["actor_id"] == user.pk
    assert by_rows[0]["actor_username"] == "cora"
    assert by_rows[0]["actor_roles"] == "Coordinator at Test Valley Borough Council"
    assert by_rows[0]["subject"] == "application"
    assert {entry["at"] for entry in by_rows} == {NOON}


def test_without_a_signed_in_actor_the_entry_names_them_in_words() -> None:
    case = submitted(partnership())

    audit_record_each(actor_label="import", subjects=Application.objects.all(), **EXPORTED)

    entry = _exported().get()
    assert (entry.actor, entry.actor_label, entry.actor_username, entry.subject_id) == (
        None,
        "import",
        "",
        str(case.pk),
    )


def test_only_the_rows_the_query_picks_are_recorded_once_each_however_it_joins() -> None:
    asked, not_asked = submitted(partnership()), submitted(partnership())
    # Two agencies asked: a join that would list the case twice without its DISTINCT.
    for kind in ("police", "housing"):
        agency = asked.partnership.agencies.get(kind=kind)
        InformationRequest.objects.create(application=asked, agency=agency, due_by=date(2026, 12, 20))
    officer = persona("officer of the asked agency")
    assert officer is not None
    joined = Application.objects.filter(information_requests__isnull=False).distinct()

    written = audit_record_each(actor=officer, subjects=case_list_for(officer), **EXPORTED)
    written += audit_record_each(actor=officer, subjects=joined, **EXPORTED)

    assert written == 2
    assert list(_exported().values_list("subject_id", flat=True)) == [str(asked.pk)] * 2
    assert not _exported().filter(subject_id=str(not_asked.pk)).exists()


def test_nothing_picked_writes_nothing() -> None:
    user = staff("cora")

    assert audit_record_each(actor=user, subjects=Application.objects.none(), **EXPORTED) == 0
    assert audit_record_each(actor=user, subjects=Application.objects.all(), **EXPORTED) == 0
    assert not _exported().exists()


def test_the_entries_are_written_by_one_statement_however_many_rows() -> None:
    user = staff("cora")
    submitted(partnership())
    with CaptureQueriesContext(connection) as one:
        audit_record_each(actor=user, subjects=Application.objects.all(), **EXPORTED)
    for _ in range(5):
        submitted(partnership())
    with CaptureQueriesContext(connection) as six:
        audit_record_each(actor=user, subjects=Application.objects.all(), **EXPORTED)

    inserts = [query["sql"] for query in six.captured_queries if query["sql"].startswith("INSERT")]
    assert len(inserts) == 1
    assert "SELECT" in inserts[0]
    assert len(six.captured_queries) == len(one.captured_queries)
    assert _exported().count() == 1 + 6


def test_the_entries_are_kept_as_written_like_any_other() -> None:
    submitted(partnership())
    audit_record_each(actor=staff("cora"), subjects=Application.objects.all(), **EXPORTED)
    entry = _exported().get()

    entry.detail = "something else"
    with pytest.raises(AppendOnly):
        entry.save()
    assert str(entry) == f"2026-11-20 12:00 cora export application {entry.subject_id}"
