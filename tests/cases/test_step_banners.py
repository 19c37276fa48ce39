"""After a step on a case, the next page says what was done, in the history's words and with the
case's reference: one middleware for every step (cases.middleware), fed by the history."""

from __future__ import annotations

from typing import Any

import pytest
from accounts.people import staff, verified
from applications.builders import partnership, submitted
from django.contrib import messages
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.test import Client, RequestFactory
from django.utils import timezone
from documents.builders import upload

from community_trigger.cases.history import event_record
from community_trigger.cases.middleware import step_banner
from community_trigger.cases.models import Application, Happened
from community_trigger.cases.sections import Section, case_section_url
from community_trigger.cases.services.decisions import application_acknowledge, threshold_decide

pytestmark = pytest.mark.django_db

SUCCESS = '<div class="govuk-notification-banner govuk-notification-banner--success" role="alert"'


def _banner(page: str) -> str:
    start = page.index(SUCCESS)
    return page[start : page.index("</div>\n</div>", start)]


def test_acknowledging_says_so_on_the_summary(client: Client) -> None:
    case = submitted(partnership())
    verified(client, staff("cora"))

    response = client.post(f"/staff/cases/{case.reference}/acknowledge/", follow=True)

    assert response.redirect_chain == [(case_section_url(case), 302)]
    assert f"{case.reference}: Application acknowledged" in _banner(response.content.decode())
    # Said once: the page after that one has no banner.
    assert SUCCESS not in client.get(case_section_url(case)).content.decode()


def _decided(case: Application) -> Application:
    coordinator = staff("cora")
    application_acknowledge(application=case, actor=coordinator)
    threshold_decide(application=case, outcome="threshold_met", reasons="", actor=coordinator)
    return case


def test_requesting_information_says_how_many_agencies_were_asked_on_the_information_section(
    client: Client,
) -> None:
    case = _decided(submitted(partnership()))
    agencies = case.partnership.agencies.count()
    verified(client, staff("cora2"))

    response = client.post(f"/staff/cases/{case.reference}/information-requests/", follow=True)

    assert response.redirect_chain == [(case_section_url(case, Section.INFORMATION), 302)]
    assert f"{case.reference}: Information requested from {agencies} agencies" in _banner(
        response.content.decode()
    )


def test_a_diary_note_is_confirmed_on_the_diary(client: Client) -> None:
    case = submitted(partnership())
    verified(client, staff("cora"))
    today = timezone.localdate()

    response = client.post(
        f"/staff/cases/{case.reference}/diary/new/",
        {
            "kind": "note",
            "day-day": str(today.day),
            "day-month": str(today.month),
            "day-year": str(today.year),
            "at": "00:01",
            "summary": "Rang the applicant back.",
            "visibility": "coordinators",
        },
        follow=True,
    )

    assert response.redirect_chain == [(f"/staff/cases/{case.reference}/diary/", 302)]
    assert f"{case.reference}: A note or contact added to the case diary" in _banner(
        response.content.decode()
    )


def test_a_document_added_is_confirmed_on_the_documents_section(client: Client, settings: Any) -> None:
    case = submitted(partnership())
    verified(client, staff("cora"))

    response = client.post(
        f"/staff/cases/{case.reference}/documents/add/",
        {"file": upload("statement.pdf"), "kind": "statement", "visibility": "coordinators"},
        follow=True,
    )

    assert response.redirect_chain == [(case_section_url(case, Section.DOCUMENTS), 302)]
    page = response.content.decode()
    assert f"{case.reference}: A document added" in _banner(page)
    assert "statement.pdf" in page


def test_a_form_with_errors_shows_no_banner(client: Client) -> None:
    case = submitted(partnership())
    application_acknowledge(application=case, actor=staff("cora"))
    verified(client, staff("cora2"))

    response = client.post(f"/staff/cases/{case.reference}/decision/", {"outcome": ""})

    assert response.status_code == 200
    assert SUCCESS not in response.content.decode()


def _request(user: Any) -> HttpRequest:
    request = RequestFactory().post("/staff/somewhere/")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def test_a_view_that_says_what_it_did_is_not_said_twice() -> None:
    case = submitted(partnership())
    user = staff("cora")

    def view(request: HttpRequest) -> HttpResponse:
        event_record(application=case, kind=Happened.NOTE_ADDED, actor=user)
        messages.success(request, "Entry saved")
        return HttpResponseRedirect("/staff/")

    request = _request(user)
    step_banner(view)(request)

    assert [str(message) for message in get_messages(request)] == ["Entry saved"]


def test_a_step_rolled_back_is_not_said_to_have_happened() -> None:
    case = submitted(partnership())
    user = staff("cora")

    def view(request: HttpRequest) -> HttpResponse:
        try:
            with transaction.atomic():
                event_record(application=case, kind=Happened.NOTE_ADDED, actor=user)
                raise RuntimeError("refused after the event was written")
        except RuntimeError:
            pass
        return HttpResponseRedirect("/staff/")

    request = _request(user)
    step_banner(view)(request)

    assert list(get_messages(request)) == []
