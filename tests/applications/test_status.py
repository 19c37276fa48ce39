"""The status page behind the confirmation email's link: what it shows, who it refuses, and withdrawal."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from accounts.people import staff
from django.core.cache import cache
from django.test import Client

from community_trigger.agencies.models import Partnership
from community_trigger.applications.services import status_token
from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application, CaseEvent
from community_trigger.cases.services.decisions import application_acknowledge, threshold_decide
from community_trigger.domain.access import Role
from community_trigger.domain.actions import Action, CaseFacts, Standing, rulebook
from community_trigger.domain.workflow import State
from community_trigger.reviews.services.escalations import escalation_decide, escalation_request
from community_trigger.reviews.services.plans import case_close

from .builders import APPLICANT_POSTCODE, NOON, PERSONAL, other_partnership, partnership, submitted

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]

WITHDRAWABLE = [State.RECEIVED, State.THRESHOLD_MET, State.REVIEW_SCHEDULED]
FINAL = [State.THRESHOLD_NOT_MET, State.OUTCOME_SENT, State.WITHDRAWN]


@pytest.fixture(autouse=True)
def _fresh_counts() -> Iterator[None]:
    # The postcode check is rate-limited per address, and every test here comes from the same one.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tvp() -> Partnership:
    return partnership()


@pytest.fixture
def application(tvp: Partnership) -> Application:
    return submitted(tvp, "representative")


def _path(application: Application, slug: str = "test-valley") -> str:
    return f"/{slug}/status/{status_token(application)}/"


def _in_state(application: Application, state: State) -> Application:
    Application.objects.filter(pk=application.pk).update(state=state)
    application.refresh_from_db()
    return application


def _withdraw(client: Client, application: Application, confirm: str = "yes", reason: str = "") -> Any:
    return _withdraw_at(client, _path(application), confirm, reason)


def _checked(client: Client, path: str, then: str = "withdraw", postcode: str = APPLICANT_POSTCODE) -> Any:
    """The postcode check asked before withdrawing or escalating, passed in `client`'s session."""
    return client.post(f"{path}check/{then}/", {"postcode": postcode})


def _withdraw_at(client: Client, path: str, confirm: str = "yes", reason: str = "") -> Any:
    _checked(client, path)
    return client.post(f"{path}withdraw/", {"csrfmiddlewaretoken": "-", "confirm": confirm, "reason": reason})


# Showing the state ------------------------------------------------------------------------------------


def test_the_status_page_shows_the_reference_and_where_the_request_has_got_to(
    client: Client, application: Application
) -> None:
    response = client.get(_path(application))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Your request TVP-2026-0001" in html
    assert '<strong class="govuk-tag">Received</strong>' in html
    assert "You will hear by 27 November 2026" in html
    assert "Withdraw your request" in html


@pytest.mark.parametrize(
    ("state", "label"),
    [
        (State.THRESHOLD_MET, "Threshold met: a review will be held"),
        (State.THRESHOLD_NOT_MET, "Threshold not met"),
        (State.REVIEW_SCHEDULED, "Review meeting arranged"),
        (State.OUTCOME_SENT, "Outcome sent"),
        (State.WITHDRAWN, "Withdrawn"),
    ],
)
def test_the_status_page_names_each_state_in_plain_words(
    client: Client, application: Application, state: State, label: str
) -> None:
    html = client.get(_path(_in_state(application, state))).content.decode()

    assert f'<strong class="govuk-tag">{label}</strong>' in html


@pytest.mark.parametrize("state", FINAL)
def test_a_request_that_can_no_longer_be_withdrawn_offers_no_way_to(
    client: Client, application: Application, state: State
) -> None:
    html = client.get(_path(_in_state(application, state))).content.decode()

    assert "Withdraw your request" not in html
    assert "<form" not in html


def test_the_status_page_shows_no_names_or_contact_details(client: Client, application: Application) -> None:
    html = client.get(_path(application)).content.decode()

    assert not [word for word in PERSONAL if word in html]


def test_the_link_works_for_two_years(client: Client, application: Application, time_machine: Any) -> None:
    path = _path(application)

    time_machine.shift(timedelta(days=730) - timedelta(minutes=1))

    assert client.get(path).status_code == 200


# Refusing ---------------------------------------------------------------------------------------------


def test_a_link_older_than_two_years_is_not_found(
    client: Client, application: Application, time_machine: Any
) -> None:
    path = _path(application)

    time_machine.shift(timedelta(days=730, minutes=1))

    assert client.get(path).status_code == 404


@pytest.mark.parametrize("position", [0, -2])
def test_a_tampered_link_is_not_found(client: Client, application: Application, position: int) -> None:
    token = status_token(application)
    changed = token[:position] + ("A" if token[position] != "A" else "B") + token[position + 1 :]

    assert client.get(f"/test-valley/status/{changed}/").status_code == 404


def test_a_link_to_an_application_that_does_not_exist_is_not_found(client: Client, tvp: Partnership) -> None:
    never_made = Application(pk=424242)

    assert client.get(_path(never_made)).status_code == 404


def test_a_made_up_link_is_not_found(client: Client, tvp: Partnership) -> None:
    assert client.get("/test-valley/status/1/").status_code == 404


def test_the_link_under_another_partnerships_address_is_not_found(
    client: Client, application: Application
) -> None:
    other_partnership()

    assert client.get(_path(application, "other-borough")).status_code == 404
    assert _withdraw_at(client, _path(application, "other-borough")).status_code == 404
    assert Application.objects.get().state == State.RECEIVED


def test_a_refused_link_writes_nothing_to_the_audit_log(client: Client, application: Application) -> None:
    other_partnership()
    before = AuditEntry.objects.count()

    client.get(_path(application, "other-borough"))
    client.get("/test-valley/status/forged/")

    assert AuditEntry.objects.count() == before


# Withdrawing ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", WITHDRAWABLE)
def test_confirming_withdrawal_withdraws_the_request_and_records_it(
    client: Client, application: Application, state: State
) -> None:
    _in_state(application, state)

    response = _withdraw(client, application, reason="Things are better now")

    assert response["Location"] == f"{_path(application)}withdrawn/"
    assert Application.objects.get().state == State.WITHDRAWN
    event = CaseEvent.objects.filter(application=application).last()
    assert event is not None
    assert (event.from_state, event.to_state, event.actor_label, event.reason) == (
        state,
        "withdrawn",
        "the applicant",
        "Things are better now",
    )
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CHANGE)
    assert (entry.actor_label, entry.subject, entry.subject_id, entry.detail) == (
        "the applicant",
        "application",
        str(application.pk),
        f"{state} → withdrawn",
    )


def test_the_page_after_withdrawing_says_it_is_withdrawn(client: Client, application: Application) -> None:
    _withdraw(client, application)

    html = client.get(_path(application)).content.decode()

    assert '<strong class="govuk-tag">Withdrawn</strong>' in html
    assert "Withdraw your request" not in html


def test_answering_no_withdraws_nothing(client: Client, application: Application) -> None:
    response = _withdraw(client, application, confirm="no")

    assert response.status_code == 302
    assert Application.objects.get().state == State.RECEIVED
    assert CaseEvent.objects.count() == 1
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.CHANGE).exists()


def test_withdrawing_without_an_answer_asks_for_one(client: Client, application: Application) -> None:
    response = _withdraw(client, application, confirm="")

    assert response.status_code == 200
    assert response.context["form"].errors == {"confirm": ["Select yes if you want to withdraw your request"]}
    assert Application.objects.get().state == State.RECEIVED


@pytest.mark.parametrize("state", FINAL)
def test_withdrawal_is_refused_once_the_threshold_is_not_met_or_the_outcome_sent(
    client: Client, application: Application, state: State
) -> None:
    _in_state(application, state)

    response = _withdraw(client, application)

    assert response.status_code == 404
    assert Application.objects.get().state == state
    assert CaseEvent.objects.count() == 1


def test_withdrawing_needs_the_csrf_token(application: Application) -> None:
    response = Client(enforce_csrf_checks=True).post(f"{_path(application)}withdraw/", {"confirm": "yes"})

    assert response.status_code == 403
    assert Application.objects.get().state == State.RECEIVED


# The audit log ----------------------------------------------------------------------------------------


def test_each_view_of_the_status_page_is_recorded_without_personal_data(
    client: Client, application: Application
) -> None:
    client.get(_path(application))
    client.get(_path(application))

    views = AuditEntry.objects.filter(action=AuditEntry.Action.VIEW)
    assert views.count() == 2
    assert {(e.actor_label, e.subject, e.subject_id, e.detail) for e in views} == {
        ("the applicant", "application", str(application.pk), "status page")
    }


def test_nothing_in_the_audit_log_holds_personal_data(client: Client, application: Application) -> None:
    client.get(_path(application))
    _withdraw(client, application, reason="Vic Victimsworth has moved away")

    for entry in AuditEntry.objects.all():
        text = " ".join([entry.actor_label, entry.subject, entry.subject_id, entry.detail, str(entry)])
        assert not [word for word in PERSONAL if word in text], text


def test_the_history_names_each_step_in_the_words_the_status_uses(
    client: Client, application: Application
) -> None:
    _withdraw(client, application)

    html = client.get(_path(application)).content.decode()

    assert "<li>20 November 2026: Received</li>" in html
    assert "<li>20 November 2026: Withdrawn</li>" in html
    assert ": received</li>" not in html


# The threshold decision, whatever has happened since -----------------------------------------------------


def _decided(application: Application, outcome: str) -> Application:
    coordinator = staff("cora")
    application_acknowledge(application=application, actor=coordinator)
    threshold_decide(application=application, outcome=outcome, reasons="Reports too late.", actor=coordinator)
    application.refresh_from_db()
    return application


def _escalated(application: Application) -> Application:
    escalation_request(
        application=application, about="application", grounds=["decision"], details="My reports were in time."
    )
    application.refresh_from_db()
    return application


def _threshold_row(html: str) -> str:
    row = html.split("Threshold decision</dt>", 1)[1]
    return " ".join(row.split("</dd>", 1)[0].split())


NOT_MET = "The threshold for a case review is not met"


def test_the_decision_not_met_is_shown_while_the_applicant_escalates_it(
    client: Client, application: Application
) -> None:
    escalated = _escalated(_decided(application, "threshold_not_met"))
    assert escalated.state == State.ESCALATED

    row = _threshold_row(client.get(_path(escalated)).content.decode())

    assert NOT_MET in row
    assert "Not decided yet" not in row


def test_the_decision_not_met_is_shown_once_the_case_is_closed(
    client: Client, application: Application
) -> None:
    closed = case_close(application=_decided(application, "threshold_not_met"), actor=staff("coral"))
    assert closed.state == State.CLOSED

    row = _threshold_row(client.get(_path(closed)).content.decode())

    assert NOT_MET in row


@pytest.mark.parametrize("outcome", ["threshold_met", "discretionary_review"])
def test_a_decision_to_hold_a_review_is_shown_after_the_review_too(
    client: Client, application: Application, outcome: str
) -> None:
    decided = _decided(application, outcome)
    # Moved on by hand past the review to its end: the decision stays what it was.
    for state in (State.OUTCOME_SENT, State.CLOSED):
        row = _threshold_row(client.get(_path(_in_state(decided, state))).content.decode())

        assert "We decided to hold a case review" in row


def test_a_decision_overturned_by_an_upheld_escalation_is_being_made_again(
    client: Client, application: Application
) -> None:
    escalated = _escalated(_decided(application, "threshold_not_met"))
    escalation_decide(
        escalation=escalated.escalations.get(),
        upheld=True,
        reasons="The reports were in time.",
        actor=staff("rhea", role=Role.PANEL_CHAIR),
    )

    row = _threshold_row(client.get(_path(escalated)).content.decode())

    assert "Being made again after your escalation" in row
    assert NOT_MET not in row


# The page and the rulebook -------------------------------------------------------------------------


@pytest.mark.parametrize("state", list(State))
def test_the_page_offers_the_applicant_exactly_the_steps_the_rulebook_gives_them(
    client: Client, application: Application, state: State
) -> None:
    steps = rulebook(CaseFacts(state=state), Standing(applicant=True))

    html = client.get(_path(_in_state(application, state))).content.decode()

    assert ("Withdraw your request" in html) == steps[Action.WITHDRAW].available
    assert ("Ask for an escalation" in html) == steps[Action.RECORD_ESCALATION].available


@pytest.mark.parametrize("state", list(State))
def test_the_escalation_page_opens_only_when_the_rulebook_lets_the_applicant_ask(
    client: Client, application: Application, state: State
) -> None:
    steps = rulebook(CaseFacts(state=state), Standing(applicant=True))

    path = _path(_in_state(application, state))
    _checked(client, path, "escalate")
    response = client.get(f"{path}escalate/")

    assert response.status_code == (200 if steps[Action.RECORD_ESCALATION].available else 302)
