"""Reaching the status page without an email, and what stands before withdrawing or escalating: the
status code (on the confirmation page and in the acknowledgement letter), the postcode check, "are you
sure?" and a confirmation; and what happens next, by when, on the confirmation page."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any

import pytest
from accounts.people import staff
from django.core.cache import cache
from django.test import Client
from pytest_django import Settings

from community_trigger.agencies.models import Partnership, SupportService
from community_trigger.applications.services import status_code_issue, status_token
from community_trigger.applications.views.context import SUBMITTED_SESSION_KEY
from community_trigger.cases.models import Application, StatusCode
from community_trigger.cases.services.decisions import application_acknowledge
from community_trigger.cases.status_codes import application_for_status_code
from community_trigger.domain.workflow import State
from community_trigger.letters.models import Letter

from .builders import APPLICANT_POSTCODE, NOON, partnership, submitted

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]

CODE = re.compile(r'id="status-code">([A-Z0-9]{4}-[A-Z0-9]{4})<')


@pytest.fixture(autouse=True)
def _fresh_counts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tvp() -> Partnership:
    return partnership()


@pytest.fixture
def application(tvp: Partnership) -> Application:
    return submitted(tvp)


def _sent_in(client: Client, application: Application) -> Client:
    session = client.session
    session[SUBMITTED_SESSION_KEY.format(slug="test-valley")] = application.pk
    session.save()
    return client


def _status(application: Application) -> str:
    return f"/test-valley/status/{status_token(application)}/"


def _look_up(client: Client, reference: str, code: str) -> Any:
    return client.post("/test-valley/status/", {"reference": reference, "code": code})


# The confirmation page ---------------------------------------------------------------------------------


def test_the_confirmation_gives_a_status_code_that_stays_the_same_on_refresh(
    client: Client, application: Application
) -> None:
    _sent_in(client, application)

    first = CODE.search(client.get("/test-valley/apply/confirmation/").content.decode())
    again = CODE.search(client.get("/test-valley/apply/confirmation/").content.decode())

    assert first is not None
    assert again is not None
    assert first.group(1) == again.group(1)
    assert StatusCode.objects.filter(application=application).count() == 1
    # Only its hash is kept.
    assert first.group(1).replace("-", "") not in StatusCode.objects.get().code_hash


def test_the_confirmation_links_to_the_status_page_and_the_check_page(
    client: Client, application: Application
) -> None:
    html = _sent_in(client, application).get("/test-valley/apply/confirmation/").content.decode()

    assert f'href="{_status(application)}"' in html
    assert 'href="/test-valley/status/"' in html


def test_the_confirmation_says_what_happens_next_and_by_when(
    client: Client, application: Application
) -> None:
    html = _sent_in(client, application).get("/test-valley/apply/confirmation/").content.decode()

    # Friday 20 November 2026: 5 working days to acknowledge, then 10 to decide, 20 to review, 10 to tell.
    assert "within 5 working days to confirm they have your request: by 27 November 2026" in html
    assert "Within 10 working days after that" in html
    assert "by 11 December 2026 at the latest" in html
    # 20 working days after 11 December, past Christmas, Boxing Day (28th) and New Year's Day.
    assert "within 20 working days of the decision: by 13 January 2027 at the latest" in html
    assert "within 10 working days of the meeting: by 27 January 2027 at the latest" in html


# Check your request -----------------------------------------------------------------------------------


def test_the_reference_and_status_code_open_the_status_page(client: Client, application: Application) -> None:
    code = status_code_issue(application)

    response = _look_up(client, application.reference.lower(), code.replace("-", " ").lower())

    assert response.status_code == 302
    assert response["Location"] == _status(application)


def test_a_wrong_code_or_reference_says_the_same_and_opens_nothing(
    client: Client, application: Application
) -> None:
    code = status_code_issue(application)
    other = submitted(application.partnership)

    for reference, tried in ((application.reference, "ABCD-EFGH"), (other.reference, code), ("TVP-1", code)):
        response = _look_up(client, reference, tried)
        assert response.status_code == 200
        assert "do not match a request" in response.content.decode()
        assert "govuk-error-summary" in response.content.decode()


def test_an_empty_lookup_asks_for_both(client: Client, tvp: Partnership) -> None:
    response = _look_up(client, "", "")

    assert response.context["form"].errors == {
        "reference": ["Enter your reference number"],
        "code": ["Enter your status code"],
    }


def test_looking_up_is_rate_limited(client: Client, application: Application, settings: Settings) -> None:
    settings.RATE_LIMIT_STATUS = "3/h"
    code = status_code_issue(application)
    for _ in range(3):
        _look_up(client, application.reference, "AAAA-AAAA")

    response = _look_up(client, application.reference, code)

    assert response.status_code == 429
    assert "govuk-exit-this-page" in response.content.decode()


def test_the_acknowledgement_letter_prints_a_status_code_that_works(
    client: Client, application: Application
) -> None:
    application_acknowledge(application=application, actor=staff("cora"))
    letter = Letter.objects.get(application=application, kind=Letter.Kind.ACKNOWLEDGEMENT)

    match = re.search(r"status code: ([A-Z0-9]{4}-[A-Z0-9]{4})", letter.body_text)

    assert match is not None
    assert _look_up(client, application.reference, match.group(1))["Location"] == _status(application)


# Withdrawing: postcode, are you sure, done -------------------------------------------------------------


def test_holding_only_the_link_cannot_withdraw(client: Client, application: Application) -> None:
    response = client.post(f"{_status(application)}withdraw/", {"confirm": "yes"})

    assert response["Location"] == f"{_status(application)}check/withdraw/"
    assert Application.objects.get().state == State.RECEIVED


def test_a_wrong_postcode_does_not_pass(client: Client, application: Application) -> None:
    response = client.post(f"{_status(application)}check/withdraw/", {"postcode": "SO51 8GY"})

    assert response.status_code == 200
    assert "does not match" in response.content.decode()
    assert client.get(f"{_status(application)}withdraw/")["Location"].endswith("check/withdraw/")


def test_withdrawing_asks_the_postcode_then_are_you_sure_then_confirms(
    client: Client, application: Application
) -> None:
    checked = client.post(f"{_status(application)}check/withdraw/", {"postcode": APPLICANT_POSTCODE.lower()})
    sure = client.get(checked["Location"])
    done = client.post(f"{_status(application)}withdraw/", {"confirm": "yes", "reason": ""})

    assert checked["Location"] == f"{_status(application)}withdraw/"
    assert "Are you sure you want to withdraw your request?" in sure.content.decode()
    assert done["Location"] == f"{_status(application)}withdrawn/"
    assert "Your request has been withdrawn" in client.get(done["Location"]).content.decode()
    assert Application.objects.get().state == State.WITHDRAWN


def test_the_postcode_check_is_rate_limited(
    client: Client, application: Application, settings: Settings
) -> None:
    settings.RATE_LIMIT_STATUS = "2/h"
    for _ in range(2):
        client.post(f"{_status(application)}check/withdraw/", {"postcode": "AA1 1AA"})

    response = client.post(f"{_status(application)}check/withdraw/", {"postcode": APPLICANT_POSTCODE})

    assert response.status_code == 429


# Escalating: postcode, reasons, are you sure, done -----------------------------------------------------


def test_escalating_asks_the_postcode_then_reasons_then_are_you_sure_then_confirms(
    client: Client, application: Application
) -> None:
    Application.objects.filter(pk=application.pk).update(state=State.THRESHOLD_NOT_MET)
    status = _status(application)

    assert client.get(f"{status}escalate/")["Location"] == f"{status}check/escalate/"
    client.post(f"{status}check/escalate/", {"postcode": APPLICANT_POSTCODE})
    asked = client.post(
        f"{status}escalate/",
        {"about": "application", "grounds": ["information"], "details": "They ignored me"},
    )
    sure = client.get(asked["Location"]).content.decode()

    assert asked["Location"] == f"{status}escalate/confirm/"
    assert "Are you sure you want to ask for an escalation?" in sure
    assert "They ignored me" in sure
    assert not application.escalations.exists()

    sent = client.post(f"{status}escalate/confirm/")

    assert sent["Location"] == f"{status}escalate/sent/"
    assert application.escalations.count() == 1
    assert "Your request for an escalation has been sent" in client.get(sent["Location"]).content.decode()


# Where to get help -------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["start", "confirmation", "status", "lookup"])
def test_signposting_with_tap_to_call_numbers_on_the_public_pages(
    client: Client, application: Application, page: str
) -> None:
    SupportService.objects.create(
        partnership=application.partnership, name="Test Valley Victim Hub", phone="01264 123 456", url=""
    )
    path = {
        "start": "/test-valley/",
        "confirmation": "/test-valley/apply/confirmation/",
        "status": _status(application),
        "lookup": "/test-valley/status/",
    }[page]

    html = _sent_in(client, application).get(path).content.decode()

    for link in ('href="tel:999"', 'href="tel:101"', 'href="tel:08081689111"', 'href="tel:01264123456"'):
        assert link in html, link
    assert "victimsupport.org.uk" in html
    assert "asbhelp.co.uk" in html
    assert "Test Valley Victim Hub" in html


def test_a_status_code_is_kept_keyed_with_the_sites_secret_so_a_database_copy_cannot_try_every_code(
    client: Client, application: Application, settings: Any
) -> None:
    code = CODE.search(_sent_in(client, application).get("/test-valley/apply/confirmation/").content.decode())
    assert code is not None
    plain = f"{application.reference}:{code.group(1).replace('-', '')}"
    kept = StatusCode.objects.get().code_hash

    assert kept != hashlib.sha256(plain.encode()).hexdigest()
    assert (
        application_for_status_code(
            partnership=application.partnership, reference=application.reference, code=code.group(1)
        )
        == application
    )
    settings.SECRET_KEY = "another-" + settings.SECRET_KEY
    assert (
        application_for_status_code(
            partnership=application.partnership, reference=application.reference, code=code.group(1)
        )
        is None
    )
