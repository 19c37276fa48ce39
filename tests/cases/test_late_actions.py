"""Steps that come too late: an agency's answer once the applicant has withdrawn is refused, plainly."""

from __future__ import annotations

from typing import Any

import pytest
from accounts.people import staff, verified
from applications.builders import partnership, submitted
from django.test import Client

from community_trigger.cases import views
from community_trigger.cases.models import (
    Application,
    InformationRequest,
    InformationResponse,
    Report,
    ReportCheck,
)
from community_trigger.cases.services import (
    AnswerNotWanted,
    application_acknowledge,
    application_withdraw,
    information_answer,
    information_request_all,
    threshold_decide,
)
from community_trigger.domain.access import Role

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
