"""What each member of the panel reads in the meeting pack, read from the PDF itself: the chair and the
coordinator the whole case; an agency officer the meeting, the people, the incidents, what every
agency did and their own agency's whole answer (its sensitive risk note too), but not another
agency's records or sensitive note, the applicant's own account, the reasons for decisions or why
the victim was not invited. A closed case's pack follows the same rule, and so does the case page."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from accounts.people import staff, verified
from applications.builders import APPLICANT_EMAIL, APPLICANT_NAME, partnership, submitted
from cases.case_page import whole_case
from django.test import Client

from community_trigger.cases.models import Application
from community_trigger.cases.services.decisions import application_acknowledge, threshold_decide
from community_trigger.domain.access import Role
from community_trigger.domain.workflow import State
from community_trigger.reviews.models import Meeting, VictimInvolvement
from community_trigger.reviews.services.plans import case_close, outcome_send, recommendation_update
from community_trigger.sharing.models import InformationRequest
from community_trigger.sharing.services import information_answer, information_request_all

from .builders import Team, held, scheduled, team, with_final_plan

pytestmark = pytest.mark.django_db

IMPACT = "Our daughter is afraid to walk home."
VULNERABILITY = "I have a heart condition made worse by stress."
SUPPORT = "A support worker who speaks Polish."
REASONS = "Four reports to two agencies in a month shows a pattern."
NOT_INVITED = "The victim is in hospital until next spring."
POLICE_ACTION = "Two patrols and a warning letter."
POLICE_HISTORY = "Three earlier calls about the same flat."
POLICE_RISK = "The neighbour carries a knife."
HOUSING_ACTION = "A tenancy warning to number 3."
HOUSING_OUTCOME = "The tenant moved the parties indoors."
HOUSING_HISTORY = "The tenant had a noise abatement notice."
HOUSING_RISK = "The tenant has a son on the sex offenders register."
HEALTH_RISK = "Staff visit in pairs."
HOUSING = "Aster Group"

EVERYTHING = (
    IMPACT,
    VULNERABILITY,
    SUPPORT,
    REASONS,
    NOT_INVITED,
    POLICE_ACTION,
    POLICE_HISTORY,
    POLICE_RISK,
    HOUSING_ACTION,
    HOUSING_OUTCOME,
    HOUSING_HISTORY,
    HOUSING_RISK,
    HEALTH_RISK,
    APPLICANT_NAME,
    APPLICANT_EMAIL,
)
# What a police officer on the panel needs at the meeting: the people by name, what each agency did
# and what came of it, another agency's risk note it did not mark sensitive, and all of their own.
POLICE_OFFICER_READS = (
    APPLICANT_NAME,
    POLICE_ACTION,
    POLICE_HISTORY,
    POLICE_RISK,
    HOUSING_ACTION,
    HOUSING_OUTCOME,
    HEALTH_RISK,
    "Not invited",
    f"Marked sensitive by {HOUSING}",
)
POLICE_OFFICER_DOES_NOT_READ = (
    IMPACT,
    VULNERABILITY,
    SUPPORT,
    REASONS,
    NOT_INVITED,
    HOUSING_HISTORY,
    HOUSING_RISK,
    APPLICANT_EMAIL,
)


@pytest.fixture
def people() -> Team:
    partnership()
    return team()


def _answer(case: Application, kind: str, officer: Any, **answer: Any) -> None:
    fields: dict[str, Any] = {"outcome": "", "other_history": "", "risk": "", "risk_sensitive": False}
    information_answer(
        request=InformationRequest.objects.get(application=case, agency__kind=kind),
        checks={},
        actor=officer,
        **(fields | answer),
    )


def _meeting(people: Team) -> Meeting:
    """A discretionary review, with reasons, of an applicant who told us of the impact on them, their
    vulnerability and the support they want; the police and housing each marked their risk note
    sensitive, health did not; the victim was not invited."""
    case = submitted(
        partnership(), impact={"impact": IMPACT, "vulnerability": VULNERABILITY, "support": SUPPORT}
    )
    application_acknowledge(application=case, actor=people.coordinator)
    threshold_decide(
        application=case, outcome="discretionary_review", reasons=REASONS, actor=people.coordinator
    )
    information_request_all(application=case, actor=people.coordinator)
    _answer(
        case,
        "police",
        people.police_officer,
        action_taken=POLICE_ACTION,
        outcome="The shouting stopped for a week.",
        other_history=POLICE_HISTORY,
        risk=POLICE_RISK,
        risk_sensitive=True,
    )
    _answer(
        case,
        "housing",
        people.housing_officer,
        action_taken=HOUSING_ACTION,
        outcome=HOUSING_OUTCOME,
        other_history=HOUSING_HISTORY,
        risk=HOUSING_RISK,
        risk_sensitive=True,
    )
    _answer(
        case,
        "health",
        staff("hugh", role=Role.AGENCY_OFFICER, agency_kind="health"),
        action_taken="A referral to the community mental health team.",
        outcome="Seen twice.",
        risk=HEALTH_RISK,
    )
    case.refresh_from_db()
    return scheduled(
        people,
        case,
        victim_involvement=VictimInvolvement.NOT_INVITED,
        not_invited_reason=NOT_INVITED,
    )


def _closed(people: Team, meeting: Meeting) -> Application:
    held(people, meeting)
    for recommendation in with_final_plan(people, meeting):
        recommendation_update(recommendation=recommendation, to="done", actor=people.coordinator)
    outcome_send(meeting=meeting, summary_for_applicant="More was done.", actor=people.coordinator)
    return case_close(application=meeting.application, actor=people.coordinator)


def _pack_url(meeting: Meeting) -> str:
    return f"/staff/cases/{meeting.application.reference}/review/meetings/{meeting.pk}/pack.pdf"


def _pack_text(client: Client, user: Any, meeting: Meeting, tmp_path: Path) -> str:
    """The words of the pack `user` opens, as pdftotext reads them, with line breaks folded."""
    verified(client, user)
    response = client.get(_pack_url(meeting))
    assert response.status_code == 200
    path = tmp_path / f"pack-{user.username}.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return " ".join(text.split())


@pytest.mark.parametrize("who", ["coordinator", "chair"])
def test_the_coordinator_and_the_chair_read_the_whole_case_in_the_pack(
    client: Client, people: Team, tmp_path: Path, who: str
) -> None:
    meeting = _meeting(people)

    text = _pack_text(client, getattr(people, who), meeting, tmp_path)

    assert [shown for shown in EVERYTHING if shown not in text] == []


def test_a_police_officer_on_the_panel_reads_what_the_meeting_needs_and_no_more(
    client: Client, people: Team, tmp_path: Path
) -> None:
    meeting = _meeting(people)

    text = _pack_text(client, people.police_officer, meeting, tmp_path)

    assert [shown for shown in POLICE_OFFICER_READS if shown not in text] == []
    assert [hidden for hidden in POLICE_OFFICER_DOES_NOT_READ if hidden in text] == []


def test_a_housing_officer_reads_back_their_own_sensitive_note_and_never_the_polices(
    client: Client, people: Team, tmp_path: Path
) -> None:
    meeting = _meeting(people)

    text = _pack_text(client, people.housing_officer, meeting, tmp_path)

    assert HOUSING_RISK in text
    assert HOUSING_HISTORY in text
    assert POLICE_RISK not in text
    assert POLICE_HISTORY not in text
    assert POLICE_ACTION in text


def test_a_closed_cases_pack_follows_the_same_rule(client: Client, people: Team, tmp_path: Path) -> None:
    meeting = _meeting(people)
    assert _closed(people, meeting).state == State.CLOSED

    officers = _pack_text(client, people.police_officer, meeting, tmp_path)
    chairs = _pack_text(client, people.chair, meeting, tmp_path)

    assert [shown for shown in POLICE_OFFICER_READS if shown not in officers] == []
    assert [hidden for hidden in POLICE_OFFICER_DOES_NOT_READ if hidden in officers] == []
    assert [shown for shown in EVERYTHING if shown not in chairs] == []


def test_a_closed_cases_pack_is_still_not_found_for_staff_off_the_panel(client: Client, people: Team) -> None:
    meeting = _meeting(people)
    meeting.panel.remove(people.housing_officer)
    _closed(people, meeting)
    verified(client, people.housing_officer)  # sees the case: housing was asked

    assert client.get(_pack_url(meeting)).status_code == 404


def test_an_officer_reads_back_their_own_agencys_sensitive_note_on_the_case_page(
    client: Client, people: Team
) -> None:
    case = _meeting(people).application
    verified(client, people.police_officer)

    page = whole_case(client, case.reference)

    assert POLICE_RISK in page
    assert HOUSING_RISK not in page
    assert HOUSING_ACTION not in page  # another agency's answer stays off the case page
    assert NOT_INVITED not in page


def test_the_auditor_reads_no_agencys_sensitive_note_on_the_case_page(client: Client, people: Team) -> None:
    case = _meeting(people).application
    verified(client, staff("audrey", role=Role.AUDITOR))

    page = whole_case(client, case.reference)

    assert POLICE_RISK not in page
    assert HOUSING_RISK not in page
    assert HEALTH_RISK in page
    assert IMPACT in page


def test_the_pack_names_each_criterion_of_the_threshold_in_words(
    client: Client, people: Team, tmp_path: Path
) -> None:
    meeting = _meeting(people)

    text = _pack_text(client, people.coordinator, meeting, tmp_path)

    assert "The applicant agrees to their information being shared. Met:" in text
    assert "applicant_consent" not in text
