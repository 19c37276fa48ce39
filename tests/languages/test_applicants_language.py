"""The applicant's language is kept on the case: every later email, letter and the status page speak it,
whoever sends them and whatever the browser that opens them; staff emails stay in English.

The Welsh words come once the translation is written; these check the machinery under them: the
language active while each template renders, and the lang each page or letter declares.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from accounts.people import staff
from applications.builders import (
    NOON,
    Journey,
    agency_id,
    answers_for,
    draft,
    in_session,
    partnership,
    status_path,
    submitted,
)
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.test.signals import template_rendered
from django.utils import translation

from community_trigger.agencies.models import Partnership
from community_trigger.cases.models import Application
from community_trigger.cases.services.decisions import application_acknowledge
from community_trigger.letters.rendering import letter_render
from community_trigger.notifications.messages import InformationRequested, from_values, to_values
from community_trigger.notifications.models import Message

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]

Capture = Callable[..., Any]


@pytest.fixture(autouse=True)
def _no_rate_limit_counts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def spoken() -> Iterator[dict[str, str]]:
    """Each template rendered, with the language active as it rendered."""
    seen: dict[str, str] = {}

    def record(sender: Any, template: Any, **kwargs: Any) -> None:
        seen[template.name] = translation.get_language()

    template_rendered.connect(record)
    yield seen
    template_rendered.disconnect(record)


def _sent_in(
    client: Client, tvp: Partnership, language: str, capture: Capture, *, queued: list[str] | None = None
) -> Application:
    """Send a request from a browser set to `language`; the worker then sends the email in English
    surroundings, as it would (it runs in no request). `queued` gets the languages the outbox kept."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    in_session(client, draft(tvp, answers_for("victim", agency=agency_id(tvp))))
    with capture() as callbacks:
        Journey(client).submit()
    if queued is not None:
        queued.extend(message.values["language"] for message in Message.objects.all())
    with translation.override("en"):
        for callback in callbacks:
            callback()
    return Application.objects.get()


def test_a_request_sent_in_welsh_is_kept_as_welsh(
    client: Client, bilingual: Partnership, django_capture_on_commit_callbacks: Capture
) -> None:
    assert _sent_in(client, bilingual, "cy", django_capture_on_commit_callbacks).language == "cy"


def test_a_request_sent_in_english_is_kept_as_english(
    client: Client, bilingual: Partnership, django_capture_on_commit_callbacks: Capture
) -> None:
    assert _sent_in(client, bilingual, "en", django_capture_on_commit_callbacks).language == "en"


def test_the_confirmation_email_of_a_welsh_request_is_written_in_welsh(
    client: Client,
    bilingual: Partnership,
    django_capture_on_commit_callbacks: Capture,
    spoken: dict[str, str],
) -> None:
    queued: list[str] = []
    _sent_in(client, bilingual, "cy", django_capture_on_commit_callbacks, queued=queued)

    assert queued == ["cy"]
    assert spoken["notifications/application_received.txt"] == "cy"
    assert len(mail.outbox) == 1


def test_a_later_letter_to_a_welsh_applicant_is_written_in_welsh_though_staff_send_it_in_english(
    client: Client,
    bilingual: Partnership,
    django_capture_on_commit_callbacks: Capture,
    spoken: dict[str, str],
) -> None:
    application = _sent_in(client, bilingual, "cy", django_capture_on_commit_callbacks)
    spoken.clear()

    with translation.override("en"):
        application_acknowledge(application=application, actor=staff("cora"))

    assert spoken["letters/acknowledgement.html"] == "cy"
    letter = application.letters.get()
    assert letter.template == "letters/acknowledgement.html"


def test_the_letters_html_declares_the_applicants_language() -> None:
    tvp = partnership()
    application = submitted(tvp)
    rendered = letter_render(
        kind="acknowledgement",
        partnership_slug=tvp.slug,
        language="cy",
        context={"application": application, "partnership": tvp, "subject": "-", "today": NOON.date()},
    )
    assert '<html lang="cy">' in rendered.html


def test_the_status_page_opened_later_without_a_language_cookie_speaks_the_applicants_language(
    client: Client, bilingual: Partnership, django_capture_on_commit_callbacks: Capture
) -> None:
    _sent_in(client, bilingual, "cy", django_capture_on_commit_callbacks)
    path = status_path(str(mail.outbox[0].body))

    later = Client()
    response = later.get(path)

    assert response.status_code == 200
    assert response["Content-Language"] == "cy"
    assert '<html lang="cy"' in response.content.decode()


def test_the_status_page_follows_the_toggle_once_the_applicant_chooses(
    client: Client, bilingual: Partnership, django_capture_on_commit_callbacks: Capture
) -> None:
    _sent_in(client, bilingual, "cy", django_capture_on_commit_callbacks)
    path = status_path(str(mail.outbox[0].body))

    later = Client()
    later.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    assert later.get(path)["Content-Language"] == "en"


def test_emails_to_staff_are_written_in_english_even_when_sent_from_a_welsh_page() -> None:
    with translation.override("cy"):
        content = InformationRequested(
            reference="TVP-2026-0001", partnership_name="TVP", agency_name="Police", due_by=NOON.date()
        )
        assert from_values(to_values(content)).language == "en"
