"""Incident records not linked to a case are deleted when their partnership's retention period (12
months unless its settings say otherwise) has passed since the incident; records linked to a case
stay. The service, the daily task and the command for cron do the same."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
import time_machine
from applications.builders import partnership, submitted
from django.core.management import call_command

from community_trigger.audit.models import AuditEntry
from community_trigger.incidents.models import IncidentRecord
from community_trigger.incidents.services import incidents_delete_expired, months_before, records_import
from community_trigger.incidents.tasks import delete_expired_incidents
from incidents.records import MAPPING, agency, csv_bytes, intake_on, opener, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def records() -> None:
    """Three records of 1 May 2024 and one of 1 June 2024, sent in June 2024."""
    with time_machine.travel("2024-06-02 12:00:00+01:00", tick=False):
        intake_on()
        rows = [row("OLD-1"), row("OLD-2"), row("LINKED"), row("NEW", Date="2024-06-01")]
        records_import(
            agency=agency("police"), opener=opener(csv_bytes(rows)), name="p.csv", mapping=MAPPING, actor=None
        )


def _left() -> set[str]:
    return set(IncidentRecord.objects.values_list("reference", flat=True))


def test_records_are_kept_until_their_retention_period_has_passed(records: None) -> None:
    assert incidents_delete_expired(today=date(2025, 5, 1)) == 0
    assert _left() == {"OLD-1", "OLD-2", "LINKED", "NEW"}


def test_only_expired_records_not_linked_to_a_case_are_deleted(records: None) -> None:
    case = submitted(partnership())
    IncidentRecord.objects.filter(reference="LINKED").update(linked_case=case)

    deleted = incidents_delete_expired(today=date(2025, 5, 2))

    assert deleted == 2
    assert _left() == {"LINKED", "NEW"}
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE, subject="partnership")
    assert entry.detail == "deleted 2 incident record(s) past their 12-month retention"


def test_a_partnerships_own_retention_period_is_used(records: None) -> None:
    with time_machine.travel("2024-06-02 12:00:00+01:00", tick=False):
        intake_on(months=1)

    assert incidents_delete_expired(today=date(2024, 6, 2)) == 3
    assert _left() == {"NEW"}


def test_the_daily_task_and_the_command_delete_as_the_service_does(records: None) -> None:
    with time_machine.travel("2025-05-02 08:00:00+01:00", tick=False):
        assert delete_expired_incidents.enqueue().return_value == 3
    out = StringIO()

    call_command("delete_expired_incidents", "--today", "2025-06-02", stdout=out)

    assert "Deleted 1 incident record(s)" in out.getvalue()
    assert _left() == set()


@pytest.mark.parametrize(
    ("today", "months", "day"),
    [
        (date(2025, 5, 2), 12, date(2024, 5, 2)),
        (date(2024, 3, 31), 1, date(2024, 2, 29)),
        (date(2024, 1, 15), 2, date(2023, 11, 15)),
    ],
)
def test_months_before_counts_calendar_months(today: date, months: int, day: date) -> None:
    assert months_before(today, months) == day
