"""Unusual access alerts: a member of staff opening many more cases than they usually do, or an agency
officer opening a case their agency was not asked about, raises one alert (the daily check run twice
raises it once), shown to the data protection officer with why, emailed to them once, and reviewed
with a note."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import pytest
import time_machine
from accounts.people import staff, verified
from applications.builders import partnership, submitted
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_view
from community_trigger.cases.models import Application
from community_trigger.domain.access import Role
from community_trigger.notifications.models import Message
from community_trigger.oversight.models import AccessAlert
from community_trigger.oversight.services import unusual_access_find
from community_trigger.oversight.tasks import check_unusual_access
from community_trigger.sharing.models import InformationRequest

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 30)
ALERTS = "/staff/data-protection/access/"


@pytest.fixture(autouse=True)
def _thresholds(settings: Any) -> None:
    settings.ACCESS_ALERT_CASES_PER_DAY = 5
    settings.ACCESS_ALERT_TIMES_USUAL = 3.0
    settings.ACCESS_ALERT_BASELINE_DAYS = 28
    settings.SITE_URL = "https://ct.example"


@pytest.fixture
def cases() -> list[Application]:
    return [submitted(partnership()) for _ in range(12)]


def _opens(user: Any, cases: Iterable[Application], on: datetime.date) -> None:
    """`user` opens each of `cases` on their page on day `on`, in the morning."""
    at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(10)))
    with time_machine.travel(at, tick=False):
        for case in cases:
            audit_view(actor=user, subject=case, purpose=AuditEntry.Purpose.CASE_PAGE)


def _a_usual_month(user: Any, cases: list[Application], per_day: int) -> None:
    for days_before in range(1, 29):
        _opens(user, cases[:per_day], DAY - datetime.timedelta(days=days_before))


def test_a_spike_after_a_month_of_usual_work_raises_one_alert(cases: list[Application]) -> None:
    cara = staff("cara")
    _a_usual_month(cara, cases, per_day=2)
    _opens(cara, cases[:10], DAY)
    _opens(cara, cases[:10], DAY)  # opening the same cases again is not more cases

    raised = unusual_access_find(day=DAY)
    again = unusual_access_find(day=DAY)

    assert [(alert.kind, alert.user, alert.cases_opened, alert.usual_per_day) for alert in raised] == [
        (AccessAlert.Kind.MANY_CASES, cara, 10, 2.0)
    ]
    assert again == []
    assert AccessAlert.objects.count() == 1


def test_a_busy_day_for_someone_always_this_busy_raises_nothing(cases: list[Application]) -> None:
    cory = staff("cory")
    _a_usual_month(cory, cases, per_day=6)
    _opens(cory, cases[:12], DAY)  # twice their usual, not three times

    assert unusual_access_find(day=DAY) == []


def test_a_few_cases_more_than_usual_below_the_daily_threshold_raise_nothing(
    cases: list[Application],
) -> None:
    cleo = staff("cleo")
    _opens(cleo, cases[:5], DAY)  # no usual at all, but only five

    assert unusual_access_find(day=DAY) == []


def test_seeing_cases_in_a_list_is_not_opening_them(cases: list[Application]) -> None:
    cara = staff("cara")
    at = timezone.make_aware(datetime.datetime.combine(DAY, datetime.time(10)))
    with time_machine.travel(at, tick=False):
        for case in cases:
            audit_view(actor=cara, subject=case, purpose=AuditEntry.Purpose.CASE_LIST)

    assert unusual_access_find(day=DAY) == []


def test_an_officer_opening_a_case_their_agency_was_not_asked_about_raises_an_alert(
    cases: list[Application],
) -> None:
    asked, not_asked = cases[0], cases[1]
    pat = staff("pat", role=Role.AGENCY_OFFICER, agency_kind="police")
    InformationRequest.objects.create(
        application=asked,
        agency=asked.partnership.agencies.get(kind="police"),
        due_by=datetime.date(2027, 1, 1),
    )
    _opens(pat, [asked, not_asked], DAY)

    raised = unusual_access_find(day=DAY)

    assert [(alert.kind, alert.user, alert.application) for alert in raised] == [
        (AccessAlert.Kind.UNREQUESTED_CASE, pat, not_asked)
    ]


def test_a_coordinator_opening_any_case_of_their_partnership_raises_nothing(cases: list[Application]) -> None:
    _opens(staff("cara"), cases[:2], DAY)

    assert unusual_access_find(day=DAY) == []


def test_the_data_protection_officers_are_emailed_once_about_each_alert(
    cases: list[Application], django_capture_on_commit_callbacks: Any
) -> None:
    dora = staff("dora", role=Role.DPO)
    staff("cara-coordinator")  # a coordinator hears nothing of it
    pat = staff("pat", role=Role.AGENCY_OFFICER, agency_kind="police")
    _opens(pat, cases[:1], DAY)

    with django_capture_on_commit_callbacks(execute=True):
        check_unusual_access.enqueue(DAY.isoformat())
    with django_capture_on_commit_callbacks(execute=True):
        check_unusual_access.enqueue(DAY.isoformat())

    assert [message.to for message in mail.outbox] == [[dora.email]]
    assert "https://ct.example/staff/data-protection/access/" in mail.outbox[0].body
    assert "pat" not in mail.outbox[0].body  # who, they read signed in
    sent = Message.objects.get(kind="access_alert_raised")
    assert (sent.to, sent.status) == (dora.email, Message.Status.SENT)


def test_the_command_for_cron_queues_the_check(
    cases: list[Application], django_capture_on_commit_callbacks: Any
) -> None:
    staff("dora", role=Role.DPO)
    _opens(staff("pat", role=Role.AGENCY_OFFICER, agency_kind="police"), cases[:1], DAY)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("check_access", "--date", DAY.isoformat())

    assert AccessAlert.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_officer_sees_the_alerts_newest_first_with_why_and_marks_one_reviewed(
    client: Client, cases: list[Application]
) -> None:
    pat = staff("pat", role=Role.AGENCY_OFFICER, agency_kind="police")
    _opens(pat, cases[:1], DAY - datetime.timedelta(days=1))
    _opens(pat, cases[1:2], DAY)
    unusual_access_find(day=DAY - datetime.timedelta(days=1))
    unusual_access_find(day=DAY)
    dora = staff("dora", role=Role.DPO)
    verified(client, dora)

    page = client.get(ALERTS).content.decode()
    newest = AccessAlert.objects.get(day=DAY)
    response = client.post(f"{ALERTS}alerts/{newest.pk}/", {"note": "Checked with the police: a mistake"})

    assert page.index(cases[1].reference) < page.index(cases[0].reference)
    assert "that no agency of theirs was asked about" in page
    assert response.status_code == 302
    newest.refresh_from_db()
    assert (newest.reviewed_by, newest.review_note) == (dora, "Checked with the police: a mistake")
    assert AuditEntry.objects.filter(
        actor=dora, subject="accessalert", detail="access alert reviewed"
    ).exists()


def test_a_review_without_a_note_is_refused_with_the_question_kept(
    client: Client, cases: list[Application]
) -> None:
    _opens(staff("pat", role=Role.AGENCY_OFFICER, agency_kind="police"), cases[:1], DAY)
    unusual_access_find(day=DAY)
    verified(client, staff("dora", role=Role.DPO))

    response = client.post(f"{ALERTS}alerts/{AccessAlert.objects.get().pk}/", {"note": ""})

    assert response.status_code == 200
    assert "Enter what you found" in response.content.decode()
    assert AccessAlert.objects.get().reviewed_at is None


def test_the_check_counts_in_the_database_whatever_the_number_of_looks(cases: list[Application]) -> None:
    cara, cory = staff("cara"), staff("cory")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            unusual_access_find(day=DAY)
        return len(captured.captured_queries)

    _a_usual_month(cory, cases, per_day=8)
    _opens(cory, cases[:10], DAY)  # busy, but not unusually: the month before is read, nothing raised
    fewer = queries()
    _a_usual_month(cara, cases, per_day=8)
    _a_usual_month(cory, cases, per_day=12)

    assert queries() == fewer
    assert AccessAlert.objects.count() == 0
