"""Steps that come too late: an agency's answer once the applicant has withdrawn, and a withdrawal that
fails half-way. The first is refused, plainly; the second leaves nothing half-written."""

from __future__ import annotations

from typing import Any

import pytest
from accounts.people import staff, verified
from applications.builders import partnership, submitted
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cases.case_page import section_page
from community_trigger.cases import views
from community_trigger.cases.models import Application, CaseEvent, Report
from community_trigger.cases.sections import Section
from community_trigger.cases.services.decisions import application_acknowledge, threshold_decide
from community_trigger.cases.services.intake import application_withdraw
from community_trigger.domain import workflow
from community_trigger.domain.access import Role
from community_trigger.domain.workflow import State
from community_trigger.sharing.models import InformationRequest, InformationResponse, ReportCheck
from community_trigger.sharing.services import AnswerNotWanted, information_answer, information_request_all
from community_trigger.statistics.models import Counted

pytestmark = pytest.mark.django_db

ACTION = "Two patrols and a warning letter to the neighbour."


def _asked() -> Application:
    """A case decided for review with every agency asked for information."""
    case = submitted(partnership())
    coordinator = staff("cora")
    application_acknowledge(application=case, actor=coordinator)
    threshold_decide(application=case, outcome="threshold_met", reasons="", actor=coordinator)
    information_request_all(application=case, actor=coordinator)
    case.refresh_from_db()
    return case


def _police_request(case: Application) -> InformationRequest:
    return InformationRequest.objects.get(application=case, agency__kind="police")


def _answer(request: InformationRequest, officer: Any) -> InformationResponse:
    return information_answer(
        request=request,
        checks={},
        action_taken=ACTION,
        outcome="The behaviour carried on.",
        other_history="",
        risk="",
        risk_sensitive=False,
        actor=officer,
    )


def _police_officer() -> Any:
    return staff("otto", role=Role.AGENCY_OFFICER, agency_kind="police")


# An answer after the applicant withdrew ------------------------------------------------------------------


def test_an_agency_cannot_answer_once_the_applicant_has_withdrawn() -> None:
    case = _asked()
    application_withdraw(application=case, reason="The neighbour moved away.")

    with pytest.raises(AnswerNotWanted, match="withdrew"):
        _answer(_police_request(case), _police_officer())

    request = _police_request(case)
    assert request.answered_at is None
    assert not InformationResponse.objects.filter(request=request).exists()


def test_an_agency_can_answer_while_the_case_waits_for_its_answer() -> None:
    case = _asked()

    response = _answer(_police_request(case), _police_officer())

    assert response.action_taken == ACTION
    assert _police_request(case).answered_at is not None


def _answer_form(request: InformationRequest) -> dict[str, str]:
    """A complete answer: each report made to the agency found in its records."""
    found = {
        f"finding_{report.pk}": ReportCheck.Finding.values[0]
        for report in Report.objects.filter(incident__application=request.application, agency=request.agency)
    }
    return {"action_taken": ACTION, "outcome": "The behaviour carried on.", **found}


def test_the_answer_page_of_a_withdrawn_case_says_so_instead_of_offering_the_form(client: Client) -> None:
    case = _asked()
    application_withdraw(application=case)
    verified(client, _police_officer())

    response = client.get(f"/staff/cases/{case.reference}/answer/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "The applicant has withdrawn their request" in page
    assert "no longer needs an answer" in page
    assert 'name="action_taken"' not in page
    assert "Send the answer" not in page


def test_the_case_page_of_a_withdrawn_case_offers_no_answer(client: Client) -> None:
    case = _asked()
    officer = _police_officer()
    verified(client, officer)
    answer_link = f'href="/staff/cases/{case.reference}/answer/"'
    assert answer_link in section_page(client, case.reference, Section.INFORMATION)

    application_withdraw(application=case)

    assert answer_link not in section_page(client, case.reference, Section.INFORMATION)


def test_an_answer_sent_after_the_applicant_withdrew_is_refused_plainly_and_not_saved(
    client: Client,
) -> None:
    case = _asked()
    verified(client, _police_officer())
    assert client.get(f"/staff/cases/{case.reference}/answer/").status_code == 200
    # The applicant withdraws while the officer is writing the answer.
    application_withdraw(application=case)

    response = client.post(f"/staff/cases/{case.reference}/answer/", _answer_form(_police_request(case)))

    page = response.content.decode()
    assert response.status_code == 200
    assert "The applicant has withdrawn their request" in page
    assert "The answer you sent has not been saved" in page
    assert _police_request(case).answered_at is None


def test_an_answer_sent_while_the_case_waits_for_it_is_saved(client: Client) -> None:
    case = _asked()
    verified(client, _police_officer())

    response = client.post(f"/staff/cases/{case.reference}/answer/", _answer_form(_police_request(case)))

    assert response.status_code == 302
    assert _police_request(case).answered_at is not None


def test_an_answer_refused_by_the_service_as_it_is_saved_is_explained_too(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The applicant withdraws between the page's own check and the saving: the service refuses, and
    the officer is told why rather than shown an error."""
    case = _asked()
    verified(client, _police_officer())

    def withdrawn_meanwhile(**_: Any) -> None:
        raise AnswerNotWanted("The applicant withdrew their request: it no longer needs an answer")

    monkeypatch.setattr(views, "information_answer", withdrawn_meanwhile)

    response = client.post(f"/staff/cases/{case.reference}/answer/", _answer_form(_police_request(case)))

    assert response.status_code == 200
    assert "The applicant has withdrawn their request" in response.content.decode()


# A withdrawal is one transaction ------------------------------------------------------------------------


def test_a_withdrawal_that_fails_half_way_leaves_the_case_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    case = _asked()
    events_before = CaseEvent.objects.filter(application=case).count()

    def counting_fails(*_: Any, **__: Any) -> None:
        raise RuntimeError("the figures could not be counted")

    # The last thing the withdrawal's event causes: its count in the figures.
    monkeypatch.setattr("community_trigger.consequences.dispatch._count", counting_fails)

    with pytest.raises(RuntimeError):
        application_withdraw(application=case, reason="Changed my mind.")

    case.refresh_from_db()
    assert case.state == State.INFORMATION_REQUESTED
    assert CaseEvent.objects.filter(application=case).count() == events_before
    assert not Counted.objects.filter(application=case, figure=Counted.Figure.WITHDRAWN).exists()


def test_a_withdrawal_locks_the_case_before_it_checks_whether_it_may_be_withdrawn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The lock is taken before the check, so a step taken at the same moment (the review being held)
    cannot slip in between the check and the move."""
    case = _asked()
    steps: list[str] = []
    locking = Application.objects.select_for_update

    def recording_lock(*args: Any, **kwargs: Any) -> Any:
        steps.append("lock")
        return locking(*args, **kwargs)

    checking = workflow.applicant_can_withdraw

    def recording_check(state: State) -> bool:
        steps.append("check")
        return checking(state)

    monkeypatch.setattr(Application.objects, "select_for_update", recording_lock)
    monkeypatch.setattr("community_trigger.domain.actions.applicant_can_withdraw", recording_check)

    with CaptureQueriesContext(connection) as queries:
        application_withdraw(application=case)

    assert steps[:2] == ["lock", "check"]
    if connection.features.has_select_for_update:
        locks = [query["sql"] for query in queries.captured_queries if "FOR UPDATE" in query["sql"]]
        assert locks
        assert 'FROM "cases_application"' in locks[0]
