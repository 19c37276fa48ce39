"""Acknowledging a request and recording the threshold decision: who may, what is kept, what is sent."""

from __future__ import annotations

from typing import Any

import pytest
from accounts.people import staff, verified
from applications.builders import APPLICANT_NAME, APPLICANT_POSTCODE, partnership, submitted
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from cases.case_page import whole_case
from community_trigger.agencies.models import Membership
from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application, CaseEvent, Report, ThresholdDecision
from community_trigger.common.calendar import working_days_after
from community_trigger.domain.access import Role
from community_trigger.domain.workflow import State
from community_trigger.sharing.models import InformationRequest

pytestmark = pytest.mark.django_db


def _acknowledged() -> Application:
    case = submitted(partnership())
    Application.objects.filter(pk=case.pk).update(state=State.ACKNOWLEDGED)
    case.refresh_from_db()
    return case


def test_a_coordinator_acknowledges_a_request_and_the_applicant_is_told(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    case = submitted(partnership())
    verified(client, staff("cora"))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/staff/cases/{case.reference}/acknowledge/")

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.ACKNOWLEDGED
    assert case.due_by == working_days_after(case.updated_at.date(), case.partnership.decide_within_days)
    assert CaseEvent.objects.filter(application=case, to_state=State.ACKNOWLEDGED).count() == 1
    assert [message.subject for message in mail.outbox] == [
        f"Your request to Test Valley Partnership has arrived: {case.reference}"
    ]


def test_acknowledging_twice_records_it_once(client: Client) -> None:
    case = submitted(partnership())
    verified(client, staff("cora"))

    client.post(f"/staff/cases/{case.reference}/acknowledge/")
    client.post(f"/staff/cases/{case.reference}/acknowledge/")

    assert CaseEvent.objects.filter(application=case, to_state=State.ACKNOWLEDGED).count() == 1


@pytest.mark.parametrize(
    ("role", "kind", "status"),
    [
        (Role.AUDITOR, "council", 403),
        (Role.PANEL_CHAIR, "council", 403),
        (Role.AGENCY_OFFICER, "police", 404),
    ],
)
def test_only_the_coordinator_can_act_on_a_case(client: Client, role: Role, kind: str, status: int) -> None:
    case = submitted(partnership())
    verified(client, staff("someone", role=role, agency_kind=kind))

    assert client.post(f"/staff/cases/{case.reference}/acknowledge/").status_code == status
    assert client.get(f"/staff/cases/{case.reference}/decision/").status_code == status
    case.refresh_from_db()
    assert case.state == State.RECEIVED


def test_a_decision_that_agrees_with_the_engine_needs_no_reasons(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    case = _acknowledged()
    engine_met = case.assessments.get().threshold_met
    outcome = ThresholdDecision.Outcome.MET if engine_met else ThresholdDecision.Outcome.NOT_MET
    verified(client, staff("cora"))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/staff/cases/{case.reference}/decision/", {"outcome": outcome, "reasons": ""}
        )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == outcome
    decision = case.decisions.get()
    assert (decision.engine_threshold_met, decision.reasons) == (engine_met, "")
    assert len(mail.outbox) == 1
    assert "escalation" in mail.outbox[0].body


@pytest.mark.parametrize("outcome", [ThresholdDecision.Outcome.DISCRETIONARY, "differs"])
def test_a_decision_that_differs_from_the_engine_or_is_discretionary_needs_reasons(
    client: Client, outcome: str
) -> None:
    case = _acknowledged()
    if outcome == "differs":
        met = case.assessments.get().threshold_met
        outcome = ThresholdDecision.Outcome.NOT_MET if met else ThresholdDecision.Outcome.MET
    verified(client, staff("cora"))

    response = client.post(f"/staff/cases/{case.reference}/decision/", {"outcome": outcome, "reasons": " "})

    assert response.status_code == 200
    assert "Give the reasons for this decision" in response.content.decode()
    case.refresh_from_db()
    assert case.state == State.ACKNOWLEDGED
    assert not case.decisions.exists()


def test_a_discretionary_review_with_reasons_is_recorded_and_explained_to_the_applicant(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    case = _acknowledged()
    verified(client, staff("cora"))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/staff/cases/{case.reference}/decision/",
            {
                "outcome": ThresholdDecision.Outcome.DISCRETIONARY,
                "reasons": "The harm to a vulnerable victim.",
            },
        )

    case.refresh_from_db()
    assert case.state == State.DISCRETIONARY_REVIEW
    assert "The harm to a vulnerable victim." in mail.outbox[0].body
    assert "hold a case review anyway" in mail.outbox[0].body


def test_opening_the_decision_page_is_audited(client: Client) -> None:
    case = _acknowledged()
    verified(client, staff("cora"))

    client.get(f"/staff/cases/{case.reference}/decision/")

    assert AuditEntry.objects.filter(subject_id=str(case.pk), detail="threshold decision").count() == 1


def test_requesting_information_asks_every_agency_and_lets_their_officers_see_the_case(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    case = _acknowledged()
    Application.objects.filter(pk=case.pk).update(state=State.THRESHOLD_MET)
    officer = staff("otto", email="otto@police.example", role=Role.AGENCY_OFFICER, agency_kind="police")
    verified(client, staff("cora"))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/cases/{case.reference}/information-requests/")

    case.refresh_from_db()
    assert case.state == State.INFORMATION_REQUESTED
    requests = case.information_requests.all()
    assert sorted(request.agency.kind for request in requests) == ["council", "health", "housing", "police"]
    assert {request.due_by for request in requests} == {
        working_days_after(case.updated_at.date(), case.partnership.respond_within_days)
    }
    assert [message.to for message in mail.outbox] == [["otto@police.example"]]
    assert case.reference in mail.outbox[0].subject
    # No personal data by email: the officer signs in to see the case.
    assert APPLICANT_NAME not in mail.outbox[0].body
    assert APPLICANT_POSTCODE not in mail.outbox[0].body
    officer_client = verified(Client(), officer)
    assert officer_client.get(f"/staff/cases/{case.reference}/").status_code == 200


def test_information_cannot_be_requested_before_the_decision(client: Client) -> None:
    case = _acknowledged()
    verified(client, staff("cora"))

    client.post(f"/staff/cases/{case.reference}/information-requests/")

    case.refresh_from_db()
    assert case.state == State.ACKNOWLEDGED
    assert not case.information_requests.exists()


def _requested(officer_kind: str = "police") -> tuple[Application, Any]:
    case = _acknowledged()
    Application.objects.filter(pk=case.pk).update(state=State.THRESHOLD_MET)
    coordinator = verified(Client(), staff("cora"))
    coordinator.post(f"/staff/cases/{case.reference}/information-requests/")
    officer = staff(f"otto-{officer_kind}", role=Role.AGENCY_OFFICER, agency_kind=officer_kind)
    return case, officer


def test_an_agency_officer_answers_with_a_check_of_each_report_made_to_them(client: Client) -> None:
    case, officer = _requested("police")
    verified(client, officer)
    reports = list(Report.objects.filter(incident__application=case, agency__kind="police"))
    assert reports
    answer = {
        "action_taken": "Patrols.",
        "outcome": "Warnings given.",
        "risk": "Lives alone.",
        "risk_sensitive": "on",
    }
    for report in reports:
        answer[f"finding_{report.pk}"] = "found"
        answer[f"reference_{report.pk}"] = "44260001"

    response = client.post(f"/staff/cases/{case.reference}/answer/", answer)

    assert response.status_code == 302
    request = InformationRequest.objects.get(application=case, agency__kind="police")
    assert request.answered_at is not None
    assert request.response.action_taken == "Patrols."
    assert [(check.finding, check.their_reference) for check in request.response.checks.all()] == [
        ("found", "44260001")
    ] * len(reports)


def test_an_answer_needs_a_finding_for_each_report_and_what_was_done(client: Client) -> None:
    case, officer = _requested("police")
    verified(client, officer)

    response = client.post(f"/staff/cases/{case.reference}/answer/", {})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter the action your organisation took" in html
    assert "Select what you found for the report of" in html
    assert InformationRequest.objects.get(application=case, agency__kind="police").answered_at is None


def test_sensitive_risk_information_is_hidden_from_auditors_and_read_back_by_its_own_agency(
    client: Client,
) -> None:
    case, officer = _requested("police")
    verified(client, officer)
    client.post(
        f"/staff/cases/{case.reference}/answer/",
        {
            "action_taken": "Patrols.",
            "outcome": "Warnings.",
            "risk": "A sensitive risk marker.",
            "risk_sensitive": "on",
            **{
                f"finding_{report.pk}": "not_found"
                for report in Report.objects.filter(incident__application=case, agency__kind="police")
            },
        },
    )

    seen_by = {
        "coordinator": verified(Client(), get_user_model().objects.get(username="cora")),
        "auditor": verified(Client(), staff("audrey", role=Role.AUDITOR)),
        "officer": client,
    }

    pages = {name: whole_case(c, case.reference) for name, c in seen_by.items()}
    assert "A sensitive risk marker." in pages["coordinator"]
    assert "A sensitive risk marker." not in pages["auditor"]
    assert "A sensitive risk marker." in pages["officer"]  # their own agency wrote it


def test_an_officer_whose_agency_was_not_asked_cannot_answer(client: Client) -> None:
    case, _ = _requested("police")
    outsider = staff("other-officer", role=Role.AGENCY_OFFICER, agency_kind="police")
    Membership.objects.filter(user=outsider).delete()
    verified(client, outsider)

    assert client.get(f"/staff/cases/{case.reference}/answer/").status_code == 404
