"""An agency officer sees only what their agency needs to answer: its own reports, request and answer,
never what was told to other agencies, the engine's workings, the reasons for decisions, the
applicant's own account of the harm, or the letters."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from accounts.people import staff, verified
from applications.builders import INCIDENT_DAYS, agency_id, incident, partnership, report, submitted
from django.test import Client

from cases.case_page import whole_case
from community_trigger.cases.models import Application
from community_trigger.cases.services.decisions import application_acknowledge, threshold_decide
from community_trigger.domain.access import Role
from community_trigger.sharing.models import InformationRequest
from community_trigger.sharing.services import information_answer, information_request_all

pytestmark = pytest.mark.django_db

POLICE_REFERENCE = "POLICE-REF-111"
HOUSING_REFERENCE = "HOUSING-REF-222"
REASONS = "The reasons only the partnership reads."
HOUSING_ACTION = "Housing wrote to the neighbour twice."


def _case_told_to_police_and_housing() -> Application:
    """A case with one incident reported to the police and one to housing, both agencies asked, and
    housing already answered."""
    tvp = partnership()
    police, housing = agency_id(tvp, "police"), agency_id(tvp, "housing")
    case = submitted(
        tvp,
        incidents=[
            incident(
                "i0", INCIDENT_DAYS[0], report("you", police, INCIDENT_DAYS[0], reference=POLICE_REFERENCE)
            ),
            incident(
                "i1",
                INCIDENT_DAYS[1],
                report("you", housing, INCIDENT_DAYS[1] + timedelta(days=1), reference=HOUSING_REFERENCE),
            ),
        ],
    )
    coordinator = staff("cora")
    application_acknowledge(application=case, actor=coordinator)
    threshold_decide(application=case, outcome="discretionary_review", reasons=REASONS, actor=coordinator)
    information_request_all(application=case, actor=coordinator)
    housing_request = InformationRequest.objects.get(application=case, agency__kind="housing")
    information_answer(
        request=housing_request,
        checks={},
        action_taken=HOUSING_ACTION,
        outcome="The noise stopped for a month.",
        other_history="",
        risk="",
        risk_sensitive=False,
        actor=staff("hana", role=Role.AGENCY_OFFICER, agency_kind="housing"),
    )
    return case


def test_a_police_officer_sees_the_police_report_and_not_the_one_made_to_housing(client: Client) -> None:
    case = _case_told_to_police_and_housing()
    verified(client, staff("otto", role=Role.AGENCY_OFFICER, agency_kind="police"))

    page = whole_case(client, case.reference)

    assert POLICE_REFERENCE in page
    assert HOUSING_REFERENCE not in page
    assert "Answer for Hampshire and Isle of Wight Constabulary" in page


def test_an_officer_does_not_see_other_agencies_answers_or_the_partnerships_own_workings(
    client: Client,
) -> None:
    case = _case_told_to_police_and_housing()
    verified(client, staff("otto", role=Role.AGENCY_OFFICER, agency_kind="police"))

    page = whole_case(client, case.reference)

    assert HOUSING_ACTION not in page
    assert REASONS not in page
    assert "The threshold engine's assessment" not in page
    assert "I cannot sleep" not in page  # the applicant's account of the impact on them
    assert "Letters" not in page


def test_the_coordinator_sees_the_whole_case(client: Client) -> None:
    case = _case_told_to_police_and_housing()
    verified(client, staff("carl"))

    page = whole_case(client, case.reference)

    for shown in (POLICE_REFERENCE, HOUSING_REFERENCE, HOUSING_ACTION, REASONS, "I cannot sleep"):
        assert shown in page
    assert "The threshold engine's assessment" in page
    assert "Letters" in page


def test_the_housing_officer_sees_their_own_answer(client: Client) -> None:
    case = _case_told_to_police_and_housing()
    verified(client, staff("hank", role=Role.AGENCY_OFFICER, agency_kind="housing"))

    page = whole_case(client, case.reference)

    assert HOUSING_ACTION in page
    assert HOUSING_REFERENCE in page
    assert POLICE_REFERENCE not in page


def test_an_officer_still_cannot_see_a_case_their_agency_was_not_asked_about(client: Client) -> None:
    case = submitted(partnership())
    InformationRequest.objects.create(
        application=case,
        agency=case.partnership.agencies.get(kind="housing"),
        due_by=date.today() + timedelta(days=5),
    )
    verified(client, staff("otto", role=Role.AGENCY_OFFICER, agency_kind="police"))

    assert client.get(f"/staff/cases/{case.reference}/").status_code == 404
