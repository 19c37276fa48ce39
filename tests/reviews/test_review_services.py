"""The review through its services: the meeting, the recommendations, the applicant's say on the plan,
the outcome, closing, and escalation, each with the refusals that keep the procedure honest."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from accounts.people import staff
from applications.builders import APPLICANT_NAME, MEMBER_NAMES, partnership, submitted
from django.utils import timezone

from community_trigger.agencies.models import Partnership
from community_trigger.cases.models import Application, CaseEvent
from community_trigger.cases.services.decisions import application_acknowledge, threshold_decide
from community_trigger.common.calendar import working_days_after
from community_trigger.domain.access import Role
from community_trigger.domain.workflow import State
from community_trigger.letters.models import Letter
from community_trigger.reviews.models import Escalation, RecommendationUpdate, VictimInvolvement
from community_trigger.reviews.selectors import escalation_window_ends, open_recommendations_of
from community_trigger.reviews.services import ReviewRefused
from community_trigger.reviews.services.escalations import escalation_decide, escalation_request
from community_trigger.reviews.services.plans import (
    action_plan_comments,
    action_plan_finalise,
    action_plan_share,
    case_close,
    outcome_send,
    recommendation_update,
)

from .builders import (
    POLICE_ACTION,
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


def pdf_text(letter: Letter, tmp_path: Path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(bytes(letter.pdf))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return " ".join(text.split())


# The meeting --------------------------------------------------------------------------------------------


def test_scheduling_the_meeting_tells_the_applicant_and_puts_the_chair_on_the_panel(people: Team) -> None:
    case = answered(people)

    meeting = scheduled(people, case)

    case.refresh_from_db()
    assert case.state == State.REVIEW_SCHEDULED
    assert case.review_date == timezone.localdate(meeting.starts_at)
    assert people.chair in meeting.panel.all()
    letter = case.letters.get(kind=Letter.Kind.MEETING)
    assert "Beech Hurst, Andover" in letter.body_text
    assert "a senior officer of the partnership" in letter.body_text  # the chair is the council's


def test_a_meeting_chaired_by_someone_who_is_not_a_panel_chair_is_refused(people: Team) -> None:
    case = answered(people)

    with pytest.raises(ReviewRefused, match="panel chairs"):
        scheduled(people, case, chair=people.police_officer)

    case.refresh_from_db()
    assert case.state == State.INFORMATION_REQUESTED


def test_not_inviting_the_victim_needs_a_reason(people: Team) -> None:
    case = answered(people)

    with pytest.raises(ReviewRefused, match="why the victim is not invited"):
        scheduled(people, case, victim_involvement=VictimInvolvement.NOT_INVITED)
    meeting = scheduled(
        people,
        case,
        victim_involvement=VictimInvolvement.NOT_INVITED,
        not_invited_reason="Risk to the victim.",
    )

    assert meeting.not_invited_reason == "Risk to the victim."
    assert "Risk to the victim." in case.letters.get(kind=Letter.Kind.MEETING).body_text


def test_a_meeting_needs_a_place_or_a_link(people: Team) -> None:
    with pytest.raises(ReviewRefused, match="place of the meeting"):
        scheduled(people, answered(people), place="", online_link="")


def test_staff_of_another_partnership_cannot_sit_on_the_panel(people: Team) -> None:
    outsider = staff("olly", role=None)

    with pytest.raises(ReviewRefused, match="own staff"):
        scheduled(people, answered(people), panel=[outsider])


def test_the_record_moves_the_case_to_review_held_with_a_summary_per_agency(people: Team) -> None:
    meeting = held(people, scheduled(people, answered(people)))

    meeting.application.refresh_from_db()
    assert meeting.application.state == State.REVIEW_HELD
    assert meeting.held
    assert set(meeting.summaries.values_list("agency__kind", flat=True)) == {"police", "housing"}


def test_a_meeting_cannot_be_recorded_before_it_starts(people: Team) -> None:
    meeting = scheduled(people, answered(people))

    with pytest.raises(ReviewRefused, match="once it has taken place"):
        held(people, meeting, now=timezone.now())


def test_the_record_needs_a_summary_for_every_attending_agency(people: Team) -> None:
    meeting = scheduled(people, answered(people))

    with pytest.raises(ReviewRefused, match="each attending agency"):
        held(people, meeting, summaries={people.police.pk: POLICE_ACTION})


# Recommendations and the action plan ----------------------------------------------------------------------


def test_a_recommendation_goes_from_proposed_to_done_and_keeps_its_history(people: Team) -> None:
    meeting = held(people, scheduled(people, answered(people)))
    made = recommended(people, meeting, people.police, people.police_officer, "patrol nightly")

    for status in ("accepted", "in_progress", "done"):
        recommendation_update(recommendation=made, to=status, actor=people.police_officer)

    made.refresh_from_db()
    assert made.status == "done"
    history = RecommendationUpdate.objects.filter(recommendation=made).values_list("from_status", "to_status")
    assert list(history) == [
        ("", "proposed"),
        ("proposed", "accepted"),
        ("accepted", "in_progress"),
        ("in_progress", "done"),
    ]


def test_declining_a_recommendation_needs_a_reason(people: Team) -> None:
    meeting = held(people, scheduled(people, answered(people)))
    made = recommended(people, meeting, people.police, people.police_officer, "patrol nightly")

    with pytest.raises(ReviewRefused, match="reason for declining"):
        recommendation_update(recommendation=made, to="declined", actor=people.police_officer)
    recommendation_update(
        recommendation=made, to="declined", reason="No officers free at night.", actor=people.police_officer
    )

    made.refresh_from_db()
    assert (made.status, made.declined_reason) == ("declined", "No officers free at night.")


def test_a_recommendation_cannot_skip_acceptance(people: Team) -> None:
    meeting = held(people, scheduled(people, answered(people)))
    made = recommended(people, meeting, people.police, people.police_officer, "patrol nightly")

    with pytest.raises(ReviewRefused, match="proposed cannot become done"):
        recommendation_update(recommendation=made, to="done", actor=people.police_officer)


def test_the_owner_must_work_for_the_agency_the_recommendation_is_for(people: Team) -> None:
    meeting = held(people, scheduled(people, answered(people)))

    with pytest.raises(ReviewRefused, match="must work for"):
        recommended(people, meeting, people.police, people.housing_officer, "patrol nightly")


def test_a_recommendation_is_due_on_or_after_the_meeting(people: Team) -> None:
    meeting = held(people, scheduled(people, answered(people)))

    with pytest.raises(ReviewRefused, match="on or after the meeting"):
        recommended(people, meeting, people.police, people.police_officer, "patrol", days=-3)


def test_the_plan_is_shared_with_the_applicant_in_plain_words_before_it_is_final(people: Team) -> None:
    meeting = held(people, scheduled(people, answered(people)))
    recommended(people, meeting, people.police, people.police_officer, "visit the street every night")

    letter = action_plan_share(meeting=meeting, actor=people.coordinator)

    assert letter.kind == Letter.Kind.ACTION_PLAN
    assert (
        "Hampshire and Isle of Wight Constabulary will visit the street every night, by" in letter.body_text
    )
    assert "Tell us what you think" in letter.body_text


def test_the_plan_cannot_be_final_before_the_applicant_is_consulted(people: Team) -> None:
    meeting = held(people, scheduled(people, answered(people)))
    made = recommended(people, meeting, people.police, people.police_officer, "patrol nightly")
    recommendation_update(recommendation=made, to="accepted", actor=people.police_officer)

    with pytest.raises(ReviewRefused, match="comments on the draft plan"):
        action_plan_finalise(meeting=meeting, actor=people.coordinator)
    with pytest.raises(ReviewRefused, match="Share the draft action plan"):
        action_plan_comments(meeting=meeting, comments="Fine", actor=people.coordinator)


def test_the_plan_cannot_be_final_while_an_agency_has_not_answered_its_recommendation(people: Team) -> None:
    meeting = held(people, scheduled(people, answered(people)))
    recommended(people, meeting, people.police, people.police_officer, "patrol nightly")
    action_plan_share(meeting=meeting, actor=people.coordinator)
    action_plan_comments(meeting=meeting, comments="Fine", actor=people.coordinator)

    with pytest.raises(ReviewRefused, match="accept or decline"):
        action_plan_finalise(meeting=meeting, actor=people.coordinator)


def test_no_recommendation_can_be_added_once_the_plan_is_final(people: Team) -> None:
    meeting = held(people, scheduled(people, answered(people)))
    with_final_plan(people, meeting)

    with pytest.raises(ReviewRefused, match="plan is final"):
        recommended(people, meeting, people.police, people.police_officer, "one more thing")


# The outcome -------------------------------------------------------------------------------------------


def test_the_outcome_letter_says_what_was_reviewed_what_will_be_done_and_how_to_escalate(
    people: Team, tmp_path: Path
) -> None:
    meeting = held(people, scheduled(people, answered(people)))
    with_final_plan(people, meeting)

    letter = outcome_send(
        meeting=meeting,
        summary_for_applicant="The police and your landlord will work together.",
        actor=people.coordinator,
    )

    text = pdf_text(letter, tmp_path)
    meeting.application.refresh_from_db()
    assert meeting.application.state == State.OUTCOME_SENT
    assert f"Dear {APPLICANT_NAME}," in text
    assert "They looked at the 3 incidents you told us about" in text
    assert "The police and your landlord will work together." in text
    assert (
        "Hampshire and Isle of Wight Constabulary will visit the street every night for a month, by" in text
    )
    assert "Aster Group will offer mediation to both households, by" in text
    escalate_by = working_days_after(
        timezone.localdate(), meeting.application.partnership.escalation_window_days
    )
    assert f"Ask us by {escalate_by.day} {escalate_by:%B %Y}" in text


def test_the_outcome_letter_holds_no_one_elses_personal_data_and_nothing_marked_sensitive(
    people: Team, tmp_path: Path
) -> None:
    case = answered(people, role="group_representative")
    meeting = held(people, scheduled(people, case))
    with_final_plan(people, meeting)

    letter = outcome_send(
        meeting=meeting, summary_for_applicant="More will be done.", actor=people.coordinator
    )

    text = pdf_text(letter, tmp_path)
    for never in (
        *MEMBER_NAMES,  # the other people in the group
        SENSITIVE_RISK,  # what the police marked sensitive
        POLICE_ACTION,  # an agency's own account, which names a neighbour
        "number 3",
        people.police_officer.get_full_name(),  # the recommendation's owner
        "Chad",  # the meeting's attendees
        meeting.findings,
    ):
        assert never not in text
        assert never not in letter.body_text


def test_the_outcome_waits_for_the_final_plan_when_there_are_recommendations(people: Team) -> None:
    meeting = held(people, scheduled(people, answered(people)))
    recommended(people, meeting, people.police, people.police_officer, "patrol nightly")

    with pytest.raises(ReviewRefused, match="action plan final"):
        outcome_send(meeting=meeting, summary_for_applicant="Done.", actor=people.coordinator)


def test_a_review_with_no_recommendations_goes_straight_to_its_outcome_and_can_close(people: Team) -> None:
    meeting = held(people, scheduled(people, answered(people)), further_action_possible=False)

    letter = outcome_send(meeting=meeting, summary_for_applicant="All was done.", actor=people.coordinator)
    closed = case_close(application=meeting.application, actor=people.coordinator)

    assert "no further action is possible" in letter.body_text
    assert closed.state == State.CLOSED


def test_a_case_cannot_close_while_a_recommendation_is_open(people: Team) -> None:
    meeting = held(people, scheduled(people, answered(people)))
    police, housing = with_final_plan(people, meeting)
    outcome_send(meeting=meeting, summary_for_applicant="More will be done.", actor=people.coordinator)
    recommendation_update(recommendation=police, to="done", actor=people.police_officer)

    with pytest.raises(ReviewRefused, match="1 recommendation is still open"):
        case_close(application=meeting.application, actor=people.coordinator)
    recommendation_update(recommendation=housing, to="done", actor=people.housing_officer)
    closed = case_close(application=meeting.application, actor=people.coordinator)

    assert closed.state == State.CLOSED


# Escalation --------------------------------------------------------------------------------------------


def _outcome_sent(people: Team) -> Escalation | None:
    return None


def _escalate(application: Application, **overrides: Any) -> Escalation:
    values: dict[str, Any] = {
        "application": application,
        "about": "review",
        "grounds": ["information"],
        "details": "The panel did not read my diary of incidents.",
    }
    return escalation_request(**(values | overrides))


def test_asking_for_an_escalation_in_time_moves_the_case_and_is_not_late(people: Team) -> None:
    application = outcome_sent(people)

    escalation = _escalate(application)

    application.refresh_from_db()
    assert application.state == State.ESCALATED
    assert escalation.escalated_from == State.OUTCOME_SENT
    assert not escalation.late
    assert escalation.window_ends == working_days_after(timezone.localdate(), 20)


def test_a_late_request_is_recorded_and_flagged_not_lost(people: Team) -> None:
    application = outcome_sent(people)

    with time_machine.travel(timezone.now() + timedelta(days=60)):
        escalation = _escalate(application)

    assert escalation.late
    assert Escalation.objects.filter(application=application, late=True).count() == 1
    assert CaseEvent.objects.filter(
        application=application, words__text__contains="after the window closed"
    ).exists()


def test_an_escalation_cannot_be_asked_for_before_the_outcome(people: Team) -> None:
    meeting = held(people, scheduled(people, answered(people)))

    with pytest.raises(ReviewRefused, match="once you have our decision or outcome"):
        _escalate(meeting.application)


def test_an_escalation_needs_grounds_and_details(people: Team) -> None:
    application = outcome_sent(people)

    with pytest.raises(ReviewRefused, match="at least one reason"):
        _escalate(application, grounds=[])
    with pytest.raises(ReviewRefused, match="what you think went wrong"):
        _escalate(application, details=" ")


@pytest.mark.parametrize("who", ["chair", "coordinator", "police_officer"])
def test_someone_who_took_part_in_the_panel_cannot_decide_the_escalation(people: Team, who: str) -> None:
    application = outcome_sent(people)
    escalation = _escalate(application)

    with pytest.raises(ReviewRefused):
        escalation_decide(escalation=escalation, upheld=False, reasons="Fine.", actor=getattr(people, who))

    escalation.refresh_from_db()
    assert not escalation.decided


def test_a_panel_chair_who_chaired_this_panel_is_refused_by_name_of_the_rule(people: Team) -> None:
    application = outcome_sent(people)
    escalation = _escalate(application)

    with pytest.raises(ReviewRefused, match="took part in this case's review"):
        escalation_decide(escalation=escalation, upheld=False, reasons="Fine.", actor=people.chair)


def test_a_reviewer_from_outside_the_panel_does_not_uphold_and_the_case_returns_with_a_letter(
    people: Team,
) -> None:
    application = outcome_sent(people)
    escalation = _escalate(application)

    decided = escalation_decide(
        escalation=escalation,
        upheld=False,
        reasons="The diary was in the pack and the panel discussed it.",
        actor=people.reviewer,
        refer_to_pcc=True,
        pcc_note="Passed to the PCC's casework team.",
    )

    application.refresh_from_db()
    assert application.state == State.OUTCOME_SENT
    assert (decided.upheld, decided.decided_by, decided.referred_to_pcc_at is not None) == (
        False,
        people.reviewer,
        True,
    )
    letter = application.letters.get(kind=Letter.Kind.ESCALATION_DECISION)
    assert "We have not upheld your escalation" in letter.body_text
    assert "The diary was in the pack" in letter.body_text
    assert "Police and Crime Commissioner" in letter.body_text


def test_an_upheld_escalation_about_the_review_sends_the_case_back_for_a_new_review(people: Team) -> None:
    application = outcome_sent(people)
    escalation = _escalate(application)

    escalation_decide(
        escalation=escalation, upheld=True, reasons="The diary was missed.", actor=people.reviewer
    )

    application.refresh_from_db()
    assert application.state == State.INFORMATION_REQUESTED
    second = scheduled(people, application, chair=people.chair)
    assert second.application_id == application.pk


def test_an_upheld_escalation_of_a_not_met_decision_sends_it_back_to_be_decided_again(people: Team) -> None:
    case = submitted(partnership())
    application_acknowledge(application=case, actor=people.coordinator)
    threshold_decide(
        application=case, outcome="threshold_not_met", reasons="Late reports.", actor=people.coordinator
    )
    case.refresh_from_db()
    escalation = _escalate(case, about="application", grounds=["decision"])

    escalation_decide(
        escalation=escalation, upheld=True, reasons="The reports were in time.", actor=people.reviewer
    )

    case.refresh_from_db()
    assert case.state == State.ACKNOWLEDGED
    assert (
        "We will look at your request for a case review again"
        in case.letters.get(kind=Letter.Kind.ESCALATION_DECISION).body_text
    )


def _not_met_and_closed(people: Team) -> Application:
    case = submitted(partnership())
    application_acknowledge(application=case, actor=people.coordinator)
    threshold_decide(
        application=case, outcome="threshold_not_met", reasons="Late reports.", actor=people.coordinator
    )
    return case_close(application=case, actor=people.coordinator)


def test_an_upheld_escalation_of_a_case_closed_as_not_met_goes_back_to_a_fresh_threshold_decision(
    people: Team,
) -> None:
    case = _not_met_and_closed(people)
    escalation = _escalate(case, about="application", grounds=["decision"])
    assert escalation.escalated_from == State.CLOSED

    escalation_decide(
        escalation=escalation, upheld=True, reasons="The reports were in time.", actor=people.reviewer
    )

    case.refresh_from_db()
    assert case.state == State.ACKNOWLEDGED
    letter = case.letters.get(kind=Letter.Kind.ESCALATION_DECISION).body_text
    assert "We will look at your request for a case review again" in letter
    assert "reviewed again" not in letter
    # The decision is made again, and this time a review follows.
    threshold_decide(application=case, outcome="threshold_met", reasons="", actor=people.coordinator)
    case.refresh_from_db()
    assert case.state == State.THRESHOLD_MET


def test_an_escalation_not_upheld_and_asked_for_again_still_knows_the_case_was_closed_as_not_met(
    people: Team,
) -> None:
    case = _not_met_and_closed(people)
    escalation_decide(
        escalation=_escalate(case, about="application", grounds=["decision"]),
        upheld=False,
        reasons="The reports were late.",
        actor=people.reviewer,
    )
    case.refresh_from_db()
    assert case.state == State.CLOSED
    assert "so the decision stays as it was" in (
        case.letters.get(kind=Letter.Kind.ESCALATION_DECISION).body_text
    )

    escalation_decide(
        escalation=_escalate(case, about="application", grounds=["information"]),
        upheld=True,
        reasons="A report was missed.",
        actor=people.reviewer,
    )

    case.refresh_from_db()
    assert case.state == State.ACKNOWLEDGED


def test_an_upheld_escalation_of_a_case_closed_after_its_review_goes_back_for_a_new_review(
    people: Team,
) -> None:
    application = outcome_sent(people)
    for recommendation in open_recommendations_of(application):
        recommendation_update(recommendation=recommendation, to="done", actor=people.coordinator)
    closed = case_close(application=application, actor=people.coordinator)

    escalation_decide(
        escalation=_escalate(closed), upheld=True, reasons="The diary was missed.", actor=people.reviewer
    )

    closed.refresh_from_db()
    assert closed.state == State.INFORMATION_REQUESTED


def test_only_a_reviewer_may_decide_an_escalation(people: Team) -> None:
    application = outcome_sent(people)
    escalation = _escalate(application)
    auditor = staff("audrey", role=Role.AUDITOR)

    with pytest.raises(ReviewRefused, match="Only a reviewer"):
        escalation_decide(escalation=escalation, upheld=False, reasons="Fine.", actor=auditor)


def test_the_window_runs_from_the_latest_decision_or_outcome_letter(people: Team) -> None:
    with time_machine.travel(date(2026, 12, 7), tick=False):
        application = outcome_sent(people)

    # 20 working days from Monday 7 December 2026, over Christmas and New Year.
    assert escalation_window_ends(application) == date(2027, 1, 7)


def test_the_applicant_has_the_partnerships_own_window_to_comment_on_the_draft_plan(people: Team) -> None:
    Partnership.objects.filter(pk=partnership().pk).update(plan_comments_within_days=3)
    meeting = held(people, scheduled(people, answered(people)))
    recommended(people, meeting, people.police, people.police_officer, "visit the street every night")

    letter = action_plan_share(meeting=meeting, actor=people.coordinator)

    by = working_days_after(timezone.localdate(), 3)
    assert f"Please tell us by {by.day} {by:%B %Y}" in " ".join(letter.body_text.split())
