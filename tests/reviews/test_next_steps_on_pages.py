"""The review's pages offer, and accept, only the steps the rulebook (domain/actions.py) says are
available now, and say why where something must be done first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from accounts.people import verified
from applications.builders import partnership
from django.test import Client
from django.utils import timezone

from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application
from community_trigger.cases.services.intake import application_withdraw
from community_trigger.letters.models import Letter
from community_trigger.reviews.models import Meeting
from community_trigger.reviews.services.plans import action_plan_comments, action_plan_share

from .builders import Team, answered, held, recommended, scheduled, team

pytestmark = pytest.mark.django_db


@pytest.fixture
def people() -> Team:
    partnership()
    return team()


def _url(case: Application, rest: str = "") -> str:
    return f"/staff/cases/{case.reference}/{rest}"


def _recommended(people: Team) -> Meeting:
    """A meeting held, with one recommendation to the police, still proposed."""
    meeting = held(people, scheduled(people, answered(people)))
    recommended(people, meeting, people.police, people.police_officer, "patrol nightly")
    return meeting


def _page(client: Client, case: Application) -> str:
    return " ".join(client.get(_url(case, "review/")).content.decode().split())


def test_the_draft_plan_is_sent_to_the_applicant_once_however_often_it_is_asked(
    client: Client, people: Team
) -> None:
    meeting = _recommended(people)
    verified(client, people.coordinator)

    for _ in range(2):
        client.post(_url(meeting.application, f"review/meetings/{meeting.pk}/plan/share/"))

    assert meeting.application.letters.filter(kind=Letter.Kind.ACTION_PLAN).count() == 1


def test_a_plan_waiting_on_an_agency_says_so_in_place_of_making_it_final(
    client: Client, people: Team
) -> None:
    meeting = _recommended(people)
    action_plan_share(meeting=meeting, actor=people.coordinator)
    action_plan_comments(meeting=meeting, comments="None.", actor=people.coordinator)
    verified(client, people.coordinator)

    page = _page(client, meeting.application)

    assert "Make the action plan final" not in page
    assert "Every agency must accept or decline its recommendations first" in page


def test_the_meeting_of_a_withdrawn_case_is_neither_recorded_nor_offered_for_recording(
    client: Client, people: Team
) -> None:
    started = timezone.now() - timedelta(hours=1)
    meeting = scheduled(people, answered(people), starts_at=started)
    application_withdraw(application=meeting.application)
    verified(client, people.coordinator)

    response = client.get(_url(meeting.application, f"review/meetings/{meeting.pk}/record/"))

    assert response.status_code == 302
    assert "Record the meeting" not in _page(client, meeting.application)


def test_the_comments_page_of_a_plan_not_yet_sent_says_why_nothing_can_be_recorded(
    client: Client, people: Team
) -> None:
    meeting = _recommended(people)
    verified(client, people.coordinator)

    response = client.post(
        _url(meeting.application, f"review/meetings/{meeting.pk}/plan/comments/"), {"comments": "Fine."}
    )

    assert response.status_code == 200
    assert "Share the draft action plan with the applicant first" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.comments_recorded_at is None


def test_each_look_at_a_case_is_logged_with_what_showed_it(client: Client, people: Team) -> None:
    meeting = held(people, scheduled(people, answered(people)))
    case = meeting.application
    verified(client, people.coordinator)

    client.get(_url(case))
    client.get(_url(case, f"review/meetings/{meeting.pk}/pack.pdf"))
    client.get(_url(case, "review/escalations/new/"))
    letter = case.letters.order_by("pk").first()
    assert letter is not None
    client.get(_url(case, f"letters/{letter.pk}.pdf"))

    purposes = list(
        AuditEntry.objects.filter(action=AuditEntry.Action.VIEW, subject_id=str(case.pk))
        .order_by("pk")
        .values_list("purpose", flat=True)
    )
    assert purposes == [
        AuditEntry.Purpose.CASE_PAGE,
        AuditEntry.Purpose.MEETING_PACK,
        AuditEntry.Purpose.FORM,
        AuditEntry.Purpose.LETTER,
    ]
