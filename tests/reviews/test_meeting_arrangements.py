"""Arranging and changing the meeting honestly: a reason when it goes ahead before every agency has
answered, never in the past, and a chair called independent only when they work for no agency whose
response is under review, with each panel member's organisation recorded."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from accounts.people import staff, verified
from applications.builders import partnership
from django.test import Client
from django.utils import timezone

from community_trigger.agencies.models import Agency
from community_trigger.cases.models import Application
from community_trigger.domain.access import Role
from community_trigger.domain.workflow import State
from community_trigger.letters.models import Letter
from community_trigger.reviews.models import Meeting
from community_trigger.reviews.services import ReviewRefused
from community_trigger.reviews.services.meetings import meeting_change
from community_trigger.sharing.models import InformationRequest

from .builders import NOT_WAITING, Team, answered, scheduled, team
from .test_meeting_change import _as_it_is
from .test_review_services import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def people() -> Team:
    partnership()
    return team()


def _case_url(case: Application, rest: str = "") -> str:
    return f"/staff/cases/{case.reference}/{rest}"


def _post(people: Team, day: Any, **overrides: Any) -> dict[str, Any]:
    return {
        "day-day": str(day.day),
        "day-month": str(day.month),
        "day-year": str(day.year),
        "starts": "2:30pm",
        "place": "Beech Hurst, Andover",
        "online_link": "",
        "chair": str(people.chair.pk),
        "chair_independent": "no",
        "agencies": [str(people.police.pk), str(people.housing.pk)],
        "panel": [str(people.coordinator.pk), str(people.police_officer.pk)],
        "victim_involvement": "attending",
        "not_invited_reason": "",
        **overrides,
    }


def _meeting_letters(case: Application) -> int:
    return Letter.objects.filter(application=case, kind=Letter.Kind.MEETING).count()


def _all_answered(case: Application) -> None:
    InformationRequest.objects.filter(application=case).update(answered_at=timezone.now())


def _independent_chair() -> tuple[Any, Agency]:
    """A panel chair from an organisation of the partnership that was not asked about the case (it
    joined after the requests went) and does not attend."""
    wessex = Agency.objects.create(partnership=partnership(), name="Wessex Independent Chairs", kind="other")
    return staff("ivy", role=Role.PANEL_CHAIR, agency_kind="other"), wessex


# Agencies that have not answered ------------------------------------------------------------------------


def test_arranging_the_meeting_before_every_agency_has_answered_needs_a_reason(people: Team) -> None:
    case = answered(people)  # the council and the health board have not answered

    with pytest.raises(ReviewRefused, match="before every agency has answered") as refused:
        scheduled(people, case, unanswered_reason="  ")

    assert refused.value.field == "unanswered_reason"
    case.refresh_from_db()
    assert case.state == State.INFORMATION_REQUESTED
    assert _meeting_letters(case) == 0


def test_the_reason_for_not_waiting_is_kept_on_the_meeting(people: Team) -> None:
    meeting = scheduled(people, answered(people), unanswered_reason=NOT_WAITING)

    meeting.refresh_from_db()
    assert meeting.unanswered_reason == NOT_WAITING


def test_when_every_agency_has_answered_no_reason_is_asked_or_kept(client: Client, people: Team) -> None:
    case = answered(people)
    _all_answered(case)
    verified(client, people.coordinator)

    page = client.get(_case_url(case, "review/schedule/")).content.decode()
    meeting = scheduled(people, case, unanswered_reason="")

    assert "unanswered_reason" not in page
    assert meeting.unanswered_reason == ""


def test_the_schedule_page_names_the_agencies_not_answered_and_asks_why_not_wait(
    client: Client, people: Team
) -> None:
    case = answered(people)
    verified(client, people.coordinator)
    url = _case_url(case, "review/schedule/")
    next_week = timezone.localdate() + timedelta(days=7)

    page = client.get(url).content.decode()
    without = client.post(url, _post(people, next_week, unanswered_reason=""))
    with_reason = client.post(url, _post(people, next_week, unanswered_reason=NOT_WAITING))

    assert "Test Valley Borough Council" in page
    assert "Hampshire and Isle of Wight Integrated Care Board" in page
    assert without.status_code == 200
    assert without.context["form"].errors["unanswered_reason"] == [
        "Say why the meeting is going ahead before every agency has answered"
    ]
    assert 'value="Beech Hurst, Andover"' in without.content.decode()
    assert with_reason.status_code == 302
    assert Meeting.objects.get(application=case).unanswered_reason == NOT_WAITING


def test_the_case_page_shows_the_reason_to_those_who_see_the_whole_case(client: Client, people: Team) -> None:
    case = scheduled(people, answered(people)).application

    verified(client, people.coordinator)
    coordinator_sees = client.get(_case_url(case, "review/")).content.decode()
    verified(client, people.police_officer)
    officer_sees = client.get(_case_url(case, "review/")).content.decode()

    assert NOT_WAITING in coordinator_sees
    assert NOT_WAITING not in officer_sees


# Never in the past ---------------------------------------------------------------------------------------


def test_a_meeting_cannot_be_arranged_in_the_past(people: Team) -> None:
    case = answered(people)

    with pytest.raises(ReviewRefused, match="in the future") as refused:
        scheduled(people, case, starts_at=timezone.now() - timedelta(days=1), now=timezone.now())

    assert refused.value.field == "day"
    assert _meeting_letters(case) == 0


def test_a_meeting_cannot_be_moved_into_the_past_and_the_applicant_gets_no_letter(people: Team) -> None:
    meeting = scheduled(people, answered(people))

    with pytest.raises(ReviewRefused, match="in the future") as refused:
        meeting_change(**_as_it_is(meeting, people, starts_at=timezone.now() - timedelta(days=1)))

    assert refused.value.field == "day"
    meeting.refresh_from_db()
    assert meeting.starts_at > timezone.now()
    assert not meeting.changes.exists()
    assert _meeting_letters(meeting.application) == 1


def test_the_change_page_puts_a_date_in_the_past_right_on_the_date(client: Client, people: Team) -> None:
    meeting = scheduled(people, answered(people))
    verified(client, people.coordinator)
    yesterday = timezone.localdate() - timedelta(days=1)

    response = client.post(
        _case_url(meeting.application, f"review/meetings/{meeting.pk}/change/"),
        _post(
            people,
            yesterday,
            panel=[str(people.coordinator.pk), str(people.police_officer.pk), str(people.housing_officer.pk)],
            reason="The room is double-booked.",
        ),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["day"] == ["The meeting must be in the future"]
    assert "The room is double-booked." in response.content.decode()
    assert _meeting_letters(meeting.application) == 1


# An independent chair, and each member's organisation ----------------------------------------------------


def test_a_chair_who_works_for_an_agency_asked_about_the_case_cannot_be_called_independent(
    people: Team,
) -> None:
    case = answered(people)  # the chair is a panel chair of the council, which was asked

    with pytest.raises(ReviewRefused, match="Test Valley Borough Council") as refused:
        scheduled(people, case, chair_independent=True)

    assert refused.value.field == "chair_independent"
    assert _meeting_letters(case) == 0


def test_a_chair_who_works_for_an_attending_agency_cannot_be_called_independent(people: Team) -> None:
    case = answered(people)
    ivy, wessex = _independent_chair()

    with pytest.raises(ReviewRefused, match="Wessex Independent Chairs"):
        scheduled(people, case, chair=ivy, chair_independent=True, agencies=[people.police, wessex])


def test_each_panel_members_organisation_is_recorded(people: Team) -> None:
    case = answered(people)
    ivy, wessex = _independent_chair()

    meeting = scheduled(people, case, chair=ivy, chair_independent=True)

    seats = {seat.user: seat.organisation for seat in meeting.seats.all()}
    assert seats == {
        ivy: wessex,
        people.coordinator: Agency.objects.get(partnership=partnership(), kind="council"),
        people.police_officer: people.police,
        people.housing_officer: people.housing,
    }


def test_the_letter_says_independent_only_when_the_chair_is(people: Team, tmp_path: Path) -> None:
    case = answered(people)
    ivy, _ = _independent_chair()
    independent = scheduled(people, case, chair=ivy, chair_independent=True)
    officer = scheduled(people, answered(people), chair_independent=False)

    def letter(meeting: Meeting) -> str:
        return pdf_text(meeting.application.letters.get(kind=Letter.Kind.MEETING), tmp_path)

    assert "an independent chair" in letter(independent)
    assert "independent" not in letter(officer)
    assert "a senior officer of the partnership" in letter(officer)


def test_the_case_page_names_each_panel_members_organisation(client: Client, people: Team) -> None:
    meeting = scheduled(people, answered(people))
    verified(client, people.coordinator)

    page = client.get(_case_url(meeting.application, "review/")).content.decode()

    assert f"{people.police_officer.get_full_name()} (Hampshire and Isle of Wight Constabulary)" in page
    assert f"{people.chair.get_full_name()} (Test Valley Borough Council)" in page
