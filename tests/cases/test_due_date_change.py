"""An agency can be given a new date to answer by: a working day from today on, with a reason, the old
and new dates kept, the agency's officers told, and the reminders following the new date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from accounts.people import verified
from applications.builders import NOON, partnership
from deadlines.cases import asked, person
from django.core import mail
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from cases.case_page import section_page
from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application
from community_trigger.cases.sections import Section
from community_trigger.common.models import AppendOnly
from community_trigger.deadlines.selectors import due_items_for
from community_trigger.deadlines.sources import INFORMATION_REQUEST
from community_trigger.domain.workflow import State
from community_trigger.sharing.models import DueDateChange, InformationRequest
from community_trigger.sharing.services import (
    AlreadyAnswered,
    DueDateRefused,
    information_answer,
    information_request_due_date_change,
)

# NOON is Friday 20 November 2026.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]

TUESDAY = date(2026, 11, 24)
NEXT_FRIDAY = date(2026, 11, 27)


def _police_request(case: Application) -> InformationRequest:
    return case.information_requests.get(agency__kind="police")


def test_a_new_due_date_is_kept_with_the_old_one_and_the_officers_are_told(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    case = asked(partnership(), "police", "housing", due_by=TUESDAY)
    coordinator, police_officer = person("coordinator"), person("police officer")
    person("housing officer")

    with django_capture_on_commit_callbacks(execute=True):
        change = information_request_due_date_change(
            request=_police_request(case),
            due_by=NEXT_FRIDAY,
            reason="A records search across two systems.",
            actor=coordinator,
        )

    assert _police_request(case).due_by == NEXT_FRIDAY
    assert case.information_requests.get(agency__kind="housing").due_by == TUESDAY
    assert (change.was_due_by, change.due_by, change.changed_by, change.reason) == (
        TUESDAY,
        NEXT_FRIDAY,
        coordinator,
        "A records search across two systems.",
    )
    (email,) = mail.outbox
    assert email.to == [police_officer.email]
    assert email.subject == f"New due date for information on case review {case.reference}"
    assert "now due by 27 November 2026 (it was due by 24 November 2026)" in email.body
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.CHANGE, detail__startswith="information request due date"
    ).exists()


def test_the_due_and_overdue_view_follows_the_new_date() -> None:
    case = asked(partnership(), "police", due_by=TUESDAY)
    information_request_due_date_change(
        request=_police_request(case), due_by=NEXT_FRIDAY, reason="Agreed.", actor=person("coordinator")
    )

    (item,) = due_items_for(person("police officer"), kind=INFORMATION_REQUEST, today=NOON.date())

    assert item.due_on == NEXT_FRIDAY


@pytest.mark.parametrize(
    ("due_by", "reason", "message", "field"),
    [
        (date(2026, 11, 19), "Agreed.", "must be today or in the future", "due_by"),
        (TUESDAY, "Agreed.", "already due by 24 November 2026", "due_by"),
        (date(2026, 11, 28), "Agreed.", "Choose a working day: 28 November 2026", "due_by"),
        (date(2026, 12, 25), "Agreed.", "Choose a working day: 25 December 2026", "due_by"),
        (NEXT_FRIDAY, "  ", "Say why the due date is changing", "reason"),
    ],
)
def test_a_new_due_date_is_refused_with_the_reason(
    due_by: date, reason: str, message: str, field: str
) -> None:
    case = asked(partnership(), "police", due_by=TUESDAY)

    with pytest.raises(DueDateRefused, match=message) as refused:
        information_request_due_date_change(
            request=_police_request(case), due_by=due_by, reason=reason, actor=person("coordinator")
        )

    assert refused.value.field == field
    assert _police_request(case).due_by == TUESDAY
    assert not DueDateChange.objects.exists()


def test_an_answered_request_keeps_its_date() -> None:
    case = asked(partnership(), "police", due_by=TUESDAY)
    information_answer(
        request=_police_request(case),
        checks={},
        action_taken="Patrols.",
        outcome="Quieter.",
        other_history="",
        risk="",
        risk_sensitive=False,
        actor=person("police officer"),
    )

    with pytest.raises(AlreadyAnswered):
        information_request_due_date_change(
            request=_police_request(case), due_by=NEXT_FRIDAY, reason="Late.", actor=person("coordinator")
        )


def test_once_the_review_is_held_no_answer_is_waited_for() -> None:
    case = asked(partnership(), "police", due_by=TUESDAY)
    Application.objects.filter(pk=case.pk).update(state=State.REVIEW_HELD)

    with pytest.raises(DueDateRefused, match="no longer waits"):
        information_request_due_date_change(
            request=_police_request(case), due_by=NEXT_FRIDAY, reason="Late.", actor=person("coordinator")
        )


def test_a_change_is_never_rewritten() -> None:
    case = asked(partnership(), "police", due_by=TUESDAY)
    change = information_request_due_date_change(
        request=_police_request(case), due_by=NEXT_FRIDAY, reason="Agreed.", actor=person("coordinator")
    )

    change.due_by = TUESDAY
    with pytest.raises(AppendOnly):
        change.save()


# The page ---------------------------------------------------------------------------------------------


def _url(case: Application) -> str:
    return f"/staff/cases/{case.reference}/information-requests/{_police_request(case).pk}/due-date/"


def _post(on: date, reason: str = "Agreed with the police.") -> dict[str, Any]:
    return {
        "due_by-day": str(on.day),
        "due_by-month": str(on.month),
        "due_by-year": str(on.year),
        "reason": reason,
    }


def test_the_coordinator_changes_the_date_from_the_case_page(client: Client) -> None:
    case = asked(partnership(), "police", due_by=TUESDAY)
    verified(client, person("coordinator"))

    case_page = section_page(client, case.reference, Section.INFORMATION)
    response = client.post(_url(case), _post(NEXT_FRIDAY))

    assert f'href="{_url(case)}"' in case_page
    assert response.status_code == 302
    after = section_page(client, case.reference, Section.INFORMATION)
    assert "Due date moved from 24 November 2026 to 27 November 2026" in after
    assert "Agreed with the police." in after


def test_a_weekend_is_refused_on_the_page_and_what_was_typed_is_kept(client: Client) -> None:
    case = asked(partnership(), "police", due_by=TUESDAY)
    verified(client, person("coordinator"))

    response = client.post(_url(case), _post(date(2026, 11, 28), reason="Agreed on the phone."))

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Choose a working day: 28 November 2026 is a weekend or a bank holiday" in page
    assert "Agreed on the phone." in page
    assert 'value="28"' in page


def test_an_officer_sees_the_new_date_but_cannot_change_it_or_read_why(client: Client) -> None:
    case = asked(partnership(), "police", due_by=TUESDAY)
    information_request_due_date_change(
        request=_police_request(case),
        due_by=NEXT_FRIDAY,
        reason="Internal note.",
        actor=person("coordinator"),
    )
    verified(client, person("police officer"))

    case_page = section_page(client, case.reference, Section.INFORMATION)

    assert "due 27 November 2026" in case_page
    assert "Internal note." not in case_page
    assert "Change the due date" not in case_page
    assert client.get(_url(case)).status_code == 403


def test_a_request_of_another_case_is_not_found(client: Client) -> None:
    case = asked(partnership(), "police", due_by=TUESDAY)
    other = asked(partnership(), "police", due_by=TUESDAY)
    verified(client, person("coordinator"))

    response = client.get(
        f"/staff/cases/{other.reference}/information-requests/{_police_request(case).pk}/due-date/"
    )

    assert response.status_code == 404
