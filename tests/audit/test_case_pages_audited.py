"""Every review page that shows a case records the look in the audit log, like the case page does."""

from __future__ import annotations

import pytest
from accounts.people import verified
from applications.builders import partnership
from django.test import Client
from reviews.builders import Team, answered, held, outcome_sent, recommended, scheduled, team

from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application

pytestmark = pytest.mark.django_db


@pytest.fixture
def people() -> Team:
    partnership()
    return team()


def _views_of(case: Application) -> list[str]:
    return list(
        AuditEntry.objects.filter(
            action=AuditEntry.Action.VIEW, subject="application", subject_id=str(case.pk)
        ).values_list("detail", flat=True)
    )


def test_opening_the_page_to_record_an_escalation_is_audited(client: Client, people: Team) -> None:
    case = outcome_sent(people)
    verified(client, people.coordinator)

    response = client.get(f"/staff/cases/{case.reference}/review/escalations/new/")

    assert response.status_code == 200
    assert _views_of(case) == ["record escalation"]


def test_opening_the_page_for_the_applicants_comments_on_the_plan_is_audited(
    client: Client, people: Team
) -> None:
    meeting = held(people, scheduled(people, answered(people)))
    case = meeting.application
    verified(client, people.coordinator)

    response = client.get(f"/staff/cases/{case.reference}/review/meetings/{meeting.pk}/plan/comments/")

    assert response.status_code == 200
    assert _views_of(case) == ["action plan comments"]


def test_opening_a_recommendation_to_update_it_is_audited(client: Client, people: Team) -> None:
    meeting = held(people, scheduled(people, answered(people)))
    made = recommended(people, meeting, people.police, people.police_officer, "patrol nightly")
    case = meeting.application
    verified(client, people.police_officer)

    response = client.get(f"/staff/cases/{case.reference}/review/recommendations/{made.pk}/")

    assert response.status_code == 200
    assert _views_of(case) == [f"recommendation {made.pk}"]


@pytest.mark.parametrize(
    ("page", "detail"), [("recommendations/add/", "add recommendation"), ("outcome/", "outcome")]
)
def test_opening_a_page_to_take_a_step_after_the_meeting_is_audited(
    client: Client, people: Team, page: str, detail: str
) -> None:
    meeting = held(people, scheduled(people, answered(people)))
    case = meeting.application
    verified(client, people.coordinator)

    response = client.get(f"/staff/cases/{case.reference}/review/meetings/{meeting.pk}/{page}")

    assert response.status_code == 200
    assert _views_of(case) == [detail]


def test_a_page_to_take_a_step_is_logged_as_such(client: Client, people: Team) -> None:
    case = outcome_sent(people)
    verified(client, people.coordinator)

    client.get(f"/staff/cases/{case.reference}/review/escalations/new/")

    (entry,) = AuditEntry.objects.filter(action=AuditEntry.Action.VIEW, subject_id=str(case.pk))
    assert entry.purpose == AuditEntry.Purpose.FORM


def test_the_case_list_and_its_download_are_logged_with_what_showed_each_case(
    client: Client, people: Team
) -> None:
    case = answered(people)
    verified(client, people.coordinator)

    client.get("/staff/cases/")
    client.get("/staff/cases/download.csv")
    client.get("/staff/due/")

    looks = AuditEntry.objects.filter(
        subject_id=str(case.pk), action__in=[AuditEntry.Action.VIEW, AuditEntry.Action.EXPORT]
    ).order_by("pk")
    assert [(entry.action, entry.purpose, entry.detail) for entry in looks] == [
        (AuditEntry.Action.VIEW, AuditEntry.Purpose.CASE_LIST, "case list"),
        (AuditEntry.Action.EXPORT, AuditEntry.Purpose.EXPORT, "case list download"),
        (AuditEntry.Action.VIEW, AuditEntry.Purpose.CASE_LIST, "due list"),
    ]
