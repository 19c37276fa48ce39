"""The review's pages: each form takes what staff type, says clearly what is wrong and keeps it, and
hands over to the services; the meeting pack opens for the panel only; the applicant asks for an
escalation from their status page."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from accounts.people import verified
from applications.builders import partnership
from django.test import Client
from django.utils import timezone

from community_trigger.agencies.models import Partnership
from community_trigger.applications.services import status_token
from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application, PersonRole
from community_trigger.common.calendar import working_days_after
from community_trigger.domain.workflow import State
from community_trigger.reviews.forms import read_time
from community_trigger.reviews.models import Escalation, Meeting, Recommendation
from community_trigger.reviews.services.escalations import escalation_request
from community_trigger.reviews.services.plans import action_plan_share, outcome_send, recommendation_update

from .builders import (
    NOT_WAITING,
    SENSITIVE_RISK,
    Team,
    answered,
    held,
    outcome_sent,
    recommended,
    scheduled,
    team,
    with_final_plan,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people() -> Team:
    partnership()
    return team()


def _case_url(case: Application, rest: str = "") -> str:
    return f"/staff/cases/{case.reference}/{rest}"


def _errors(response: Any) -> list[str]:
    return [message for _, message in response.context["form"].error_summary_items()]


def _schedule_post(people: Team, **overrides: str | list[str]) -> dict[str, Any]:
    day = timezone.localdate() + timedelta(days=7)
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
        "unanswered_reason": NOT_WAITING,
        **overrides,
    }


def test_the_coordinator_arranges_the_meeting_from_the_schedule_page(client: Client, people: Team) -> None:
    case = answered(people)
    verified(client, people.coordinator)

    response = client.post(_case_url(case, "review/schedule/"), _schedule_post(people))

    assert response.status_code == 302
    meeting = Meeting.objects.get(application=case)
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "14:30"
    assert set(meeting.panel.all()) == {people.chair, people.coordinator, people.police_officer}
    case.refresh_from_db()
    assert case.state == State.REVIEW_SCHEDULED


def test_the_schedule_page_names_each_mistake_and_keeps_what_was_typed(client: Client, people: Team) -> None:
    case = answered(people)
    verified(client, people.coordinator)

    response = client.post(
        _case_url(case, "review/schedule/"),
        _schedule_post(
            people, starts="half past", place="", agencies=[], victim_involvement="not_invited", chair=""
        ),
    )

    assert response.status_code == 200
    assert _errors(response) == [
        "Enter the start time as a time of day, like 14:30 or 2:30pm",
        "Enter the place of the meeting, or its online link",
        "Select the chair",
        "Select the agencies attending",
        "Say why the victim is not invited",
    ]
    assert 'value="half past"' in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("typed", "shown"), [("14:30", "14:30"), ("9.15", "09:15"), ("2pm", "14:00"), ("12am", "00:00")]
)
def test_start_times_are_read_as_people_write_them(typed: str, shown: str) -> None:
    read = read_time(typed)
    assert read is not None
    assert read.strftime("%H:%M") == shown


@pytest.mark.parametrize("typed", ["14", "25:00", "13pm", "9:75", "noon"])
def test_a_time_that_is_not_one_is_refused(typed: str) -> None:
    assert read_time(typed) is None


def test_the_record_page_asks_for_each_attending_agencys_summary_and_attendance(
    client: Client, people: Team
) -> None:
    meeting = scheduled(people, answered(people), starts_at=timezone.now() - timedelta(hours=1))
    verified(client, people.chair)
    url = _case_url(meeting.application, f"review/meetings/{meeting.pk}/record/")

    empty = client.post(url, {"attendees": "", "findings": "", "further_action_possible": ""})
    filled = client.post(
        url,
        {
            "attendees": "All",
            f"summary_{people.police.pk}": "Patrols",
            f"summary_{people.housing.pk}": "Letters",
            f"attendance_{people.police.pk}": "written",
            f"attendance_{people.housing.pk}": "attended",
            "findings": "Not joined up",
            "further_action_possible": "yes",
        },
    )

    assert _errors(empty) == [
        "Enter who took part",
        "Enter the panel's findings",
        "Say whether further action is possible",
        "Sum up what Aster Group had done",
        "Say whether Aster Group attended",
        "Sum up what Hampshire and Isle of Wight Constabulary had done",
        "Say whether Hampshire and Isle of Wight Constabulary attended",
    ]
    assert filled.status_code == 302
    meeting.refresh_from_db()
    assert meeting.held
    assert {row.agency_id: row.attendance for row in meeting.attendance.all()} == {
        people.police.pk: "written",
        people.housing.pk: "attended",
    }


def test_a_recommendation_is_addressed_to_the_agency_of_the_owner_chosen(
    client: Client, people: Team
) -> None:
    meeting = held(people, scheduled(people, answered(people)))
    verified(client, people.coordinator)
    due = working_days_after(timezone.localdate(), 20)

    response = client.post(
        _case_url(meeting.application, f"review/meetings/{meeting.pk}/recommendations/add/"),
        {
            "owner": f"{people.housing_officer.pk}:{people.housing.pk}",
            "action": "offer mediation",
            "due_by-day": str(due.day),
            "due_by-month": str(due.month),
            "due_by-year": str(due.year),
        },
    )

    assert response.status_code == 302
    made = Recommendation.objects.get(meeting=meeting)
    assert (made.agency, made.owner, made.due_by, made.status) == (
        people.housing,
        people.housing_officer,
        due,
        "proposed",
    )


def test_an_agency_declines_its_recommendation_only_with_a_reason(client: Client, people: Team) -> None:
    meeting = held(people, scheduled(people, answered(people)))
    made = recommended(people, meeting, people.police, people.police_officer, "patrol nightly")
    verified(client, people.police_officer)
    url = _case_url(meeting.application, f"review/recommendations/{made.pk}/")

    without = client.post(url, {"to": "declined", "reason": ""})
    with_reason = client.post(url, {"to": "declined", "reason": "No officers free at night."})

    assert _errors(without) == ["Give the reason for declining it"]
    assert with_reason.status_code == 302
    made.refresh_from_db()
    assert (made.status, made.declined_reason) == ("declined", "No officers free at night.")


def test_another_agency_cannot_update_a_recommendation_not_addressed_to_it(
    client: Client, people: Team
) -> None:
    meeting = held(people, scheduled(people, answered(people)))
    made = recommended(people, meeting, people.police, people.police_officer, "patrol nightly")
    verified(client, people.housing_officer)

    response = client.post(
        _case_url(meeting.application, f"review/recommendations/{made.pk}/"), {"to": "accepted"}
    )

    assert response.status_code == 403
    made.refresh_from_db()
    assert made.status == "proposed"


def test_making_the_plan_final_before_consulting_the_applicant_says_why_not(
    client: Client, people: Team
) -> None:
    meeting = held(people, scheduled(people, answered(people)))
    made = recommended(people, meeting, people.police, people.police_officer, "patrol nightly")
    recommendation_update(recommendation=made, to="accepted", actor=people.police_officer)
    verified(client, people.coordinator)

    response = client.post(_case_url(meeting.application, f"review/meetings/{meeting.pk}/plan/final/"))

    assert response.status_code == 409
    assert "Record the applicant&#x27;s comments on the draft plan first" in response.content.decode()


def test_the_case_page_says_by_when_the_applicant_may_comment_in_the_partnerships_window(
    client: Client, people: Team
) -> None:
    Partnership.objects.filter(pk=partnership().pk).update(plan_comments_within_days=4)
    meeting = held(people, scheduled(people, answered(people)))
    recommended(people, meeting, people.police, people.police_officer, "patrol nightly")
    action_plan_share(meeting=meeting, actor=people.coordinator)
    verified(client, people.coordinator)

    page = " ".join(client.get(_case_url(meeting.application, "review/")).content.decode().split())

    by = working_days_after(timezone.localdate(), 4)
    assert f"their comments are asked for by {by.day} {by:%B %Y}" in page


def test_closing_with_open_recommendations_says_how_many_are_open(client: Client, people: Team) -> None:
    meeting = held(people, scheduled(people, answered(people)))
    with_final_plan(people, meeting)
    outcome_send(meeting=meeting, summary_for_applicant="More will be done.", actor=people.coordinator)
    verified(client, people.coordinator)

    response = client.post(_case_url(meeting.application, "review/close/"))

    assert response.status_code == 409
    assert "2 recommendations are still open" in response.content.decode()


def _pack_text(response: Any, tmp_path: Path) -> str:
    path = tmp_path / "pack.pdf"
    path.write_bytes(response.content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


def test_the_pack_is_marked_official_sensitive_on_every_page_and_each_opening_is_audited(
    client: Client, people: Team, tmp_path: Path
) -> None:
    meeting = scheduled(people, answered(people))
    url = _case_url(meeting.application, f"review/meetings/{meeting.pk}/pack.pdf")

    verified(client, people.chair)
    chairs = client.get(url)
    verified(client, people.housing_officer)  # the risk note is the police's, not housing's
    officers = client.get(url)

    chair_text, officer_text = _pack_text(chairs, tmp_path), _pack_text(officers, tmp_path)
    pages = chair_text.split("\f")[:-1]
    assert pages
    assert all(page.count("OFFICIAL-SENSITIVE") >= 2 for page in pages)
    assert SENSITIVE_RISK in " ".join(chair_text.split())
    assert SENSITIVE_RISK not in " ".join(officer_text.split())
    assert "Marked sensitive by Hampshire and Isle of Wight Constabulary" in " ".join(officer_text.split())
    assert (
        AuditEntry.objects.filter(detail="meeting pack", subject_id=str(meeting.application.pk)).count() == 2
    )


def test_the_pack_is_not_found_for_staff_who_are_not_on_the_panel(client: Client, people: Team) -> None:
    meeting = scheduled(people, answered(people), panel=[people.coordinator])
    verified(client, people.housing_officer)  # sees the case: housing was asked

    response = client.get(_case_url(meeting.application, f"review/meetings/{meeting.pk}/pack.pdf"))

    assert response.status_code == 404
    assert not AuditEntry.objects.filter(detail="meeting pack").exists()


def test_the_applicant_asks_for_an_escalation_from_their_status_page(client: Client, people: Team) -> None:
    case = outcome_sent(people)
    status = f"/test-valley/status/{status_token(case)}/"

    page = client.get(status).content.decode()
    postcode = case.people.get(role=PersonRole.APPLICANT).postcode
    client.post(f"{status}check/escalate/", {"postcode": postcode})
    empty = client.post(f"{status}escalate/", {"details": "  "})
    asked = client.post(
        f"{status}escalate/",
        {"about": "review", "grounds": ["information"], "details": "My diary was not read."},
    )
    sent = client.post(asked["Location"])

    assert "Ask for an escalation" in page
    assert _errors(empty) == [
        "Select what you would like looked at again",
        "Select at least one reason",
        "Enter what you think went wrong",
    ]
    assert sent.status_code == 302
    escalation = Escalation.objects.get(application=case)
    assert (escalation.about, escalation.grounds, escalation.entered_by) == ("review", ["information"], None)
    assert "Someone who took no part in your case is looking at it." in client.get(status).content.decode()


def test_before_the_outcome_the_status_page_offers_no_escalation(client: Client, people: Team) -> None:
    case = answered(people)
    status = f"/test-valley/status/{status_token(case)}/"

    assert "Ask for an escalation" not in client.get(status).content.decode()
    assert client.get(f"{status}escalate/").status_code == 302


def test_a_chair_of_the_cases_panel_is_told_someone_else_must_decide(client: Client, people: Team) -> None:
    case = outcome_sent(people)
    escalation = escalation_request(application=case, about="review", grounds=["process"], details="x")
    verified(client, people.chair)

    response = client.get(_case_url(case, f"review/escalations/{escalation.pk}/decide/"))

    assert response.status_code == 403
    assert "Someone else must decide this escalation" in response.content.decode()


def test_a_reviewer_from_outside_the_panel_records_a_decision_not_upheld(
    client: Client, people: Team
) -> None:
    case = outcome_sent(people)
    escalation = escalation_request(application=case, about="review", grounds=["process"], details="x")
    verified(client, people.reviewer)
    url = _case_url(case, f"review/escalations/{escalation.pk}/decide/")

    empty = client.post(url, {})
    decided = client.post(
        url, {"upheld": "no", "reasons": "The procedure was followed.", "refer_to_pcc": "on"}
    )

    assert _errors(empty) == ["Select the decision", "Enter the reasons for the decision"]
    assert decided.status_code == 302
    escalation.refresh_from_db()
    assert (escalation.upheld, escalation.referred_to_pcc_at is not None) == (False, True)
    case.refresh_from_db()
    assert case.state == State.OUTCOME_SENT
