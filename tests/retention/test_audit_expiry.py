"""Audit entries older than the audit period are deleted by the daily sweep, through the one narrow
exception the audit table's trigger makes (entries older than the cutoff in AuditExpiry); the database
still refuses every other change or deletion of an entry, whatever code or tool asks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from accounts.people import staff
from applications.builders import partnership
from django.db import DatabaseError, connection, transaction

from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record
from community_trigger.retention.models import AuditExpiry
from community_trigger.retention.selectors import schedule_for
from community_trigger.retention.services import audit_expire

pytestmark = pytest.mark.django_db

THEN = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SEVEN_YEARS_ON = datetime(2033, 11, 20, 12, 0, tzinfo=UTC)
TABLE = AuditEntry._meta.db_table


def _entry(on: datetime, actor: object) -> AuditEntry:
    with time_machine.travel(on, tick=False):
        return audit_record(actor=actor, action=AuditEntry.Action.VIEW, subject=partnership(), detail="seen")


def _refused(sql: str, params: list[int]) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_entries_older_than_seven_years_go_and_the_rest_stay() -> None:
    user = staff()
    old = _entry(THEN, user)
    newer = _entry(THEN + timedelta(days=2), user)

    deleted = audit_expire(today=(SEVEN_YEARS_ON + timedelta(days=1)).date())

    assert deleted == 1
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=newer.pk).exists()
    said = AuditEntry.objects.filter(subject="auditexpiry").get()
    assert said.detail == "1 audit entries before 2026-11-21 deleted: audit period over"


def test_the_longest_audit_period_of_any_partnership_is_kept() -> None:
    schedule = schedule_for(partnership())
    schedule.audit_years = 10
    schedule.save()
    old = _entry(THEN, staff())

    assert audit_expire(today=(SEVEN_YEARS_ON + timedelta(days=30)).date()) == 0
    assert AuditEntry.objects.filter(pk=old.pk).exists()


def test_the_database_still_refuses_to_change_or_delete_an_entry_within_the_period() -> None:
    user = staff()
    old = _entry(THEN, user)
    recent = _entry(SEVEN_YEARS_ON, user)
    audit_expire(today=(SEVEN_YEARS_ON + timedelta(days=1)).date())  # `old` is past the cutoff, and gone
    expiry = AuditExpiry.objects.get()

    _refused(f"DELETE FROM {TABLE} WHERE id = %s", [recent.pk])  # noqa: S608
    _refused(f"DELETE FROM {TABLE}", [])  # noqa: S608
    _refused(f"UPDATE {TABLE} SET detail = 'changed' WHERE id = %s", [recent.pk])  # noqa: S608
    if connection.vendor == "postgresql":
        _refused(f"TRUNCATE {TABLE} CASCADE", [])

    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=recent.pk, detail="seen").exists()
    assert expiry.before == datetime(2026, 11, 21, tzinfo=UTC)


def test_an_old_entry_cannot_be_changed_even_past_the_cutoff() -> None:
    old = _entry(THEN, staff())
    AuditExpiry.objects.create(before=SEVEN_YEARS_ON)

    _refused(f"UPDATE {TABLE} SET detail = 'changed' WHERE id = %s", [old.pk])  # noqa: S608

    assert AuditEntry.objects.filter(pk=old.pk, detail="seen").exists()


def test_without_a_cutoff_no_entry_can_be_deleted_however_old() -> None:
    old = _entry(THEN, staff())

    _refused(f"DELETE FROM {TABLE} WHERE id = %s", [old.pk])  # noqa: S608

    assert AuditEntry.objects.filter(pk=old.pk).exists()
