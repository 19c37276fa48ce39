"""An agency with nobody in the service answers in a real browser from the link emailed to its contact
address: the code from a second email, a form that says what is missing, then the answer on the case."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer
from reviews.builders import team
from sharing.builders import HEALTH_CONTACT, asked

from community_trigger.agencies.models import Partnership
from community_trigger.sharing.models import AnswerSource, InformationResponse

from .accessibility import Audit
from .conftest import Tab
from .journey import expect_errors

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _emailed(live_server: LiveServer, pattern: str) -> str:
    """The last email to the health board's contact address, and in it what `pattern` finds."""
    sent = [message for message in mail.outbox if HEALTH_CONTACT in message.to]
    assert sent, [message.subject for message in mail.outbox]
    found = re.search(pattern.replace("SITE", re.escape(live_server.url)), str(sent[-1].body))
    assert found, sent[-1].body
    return found.group(0)


def test_an_agency_without_accounts_answers_through_its_secure_link(
    live_server: LiveServer, partnership: Partnership, tab: Tab, audit: Audit
) -> None:
    case = asked(team())
    page = tab.page

    page.goto(_emailed(live_server, r"SITE/answer/[^/\s]+/"))
    audit.check(page)
    page.get_by_role("button", name="Email me a code").click()
    page.get_by_label("Enter the code").fill("000000" if "000000" not in _code(live_server) else "111111")
    page.get_by_role("button", name="Continue").click()
    expect_errors(page)
    audit.check(page)
    page.get_by_label("Enter the code").fill(_code(live_server))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Answer for"))
    audit.check(page)
    page.get_by_label("Action taken").fill("We checked our records.")
    page.get_by_role("button", name="Send the answer").click()
    assert "Enter your name" in expect_errors(page)
    audit.check(page)
    expect(page.get_by_label("Action taken")).to_have_value("We checked our records.")
    page.get_by_label("Your name").fill("Jo Bloggs")
    page.get_by_label("Your role or team").fill("Safeguarding lead")
    page.get_by_label("Outcome of that action").fill("Nothing held on the street.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Answer sent")
    audit.check(page)

    answer = InformationResponse.objects.get(request__application=case, request__agency__kind="health")
    assert (answer.source, answer.sender_name) == (AnswerSource.SECURE_LINK, "Jo Bloggs")
    audit.assert_accessible()
    tab.assert_nothing_went_wrong()


def _code(live_server: LiveServer) -> str:
    return _emailed(live_server, r"\b\d{6}\b")
