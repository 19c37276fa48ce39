"""Rate limits on the forms that send something: submissions and emailed links, per client address."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, TestCase
from pytest_django import Settings

from community_trigger.agencies.models import Partnership
from community_trigger.applications.models import Draft
from community_trigger.cases.models import Application

from .builders import NOON, Journey, agency_id, answers_for, draft, in_session, partnership

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]

TOO_MANY = "Sorry, there have been too many attempts"


@pytest.fixture(autouse=True)
def _fresh_counts(settings: Settings) -> Iterator[None]:
    settings.RATE_LIMIT_SUBMISSIONS = "2/h"
    settings.RATE_LIMIT_LINKS = "2/h"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tvp() -> Partnership:
    return partnership()


def _ready_browser(tvp: Partnership, address: str = "127.0.0.1") -> Journey:
    client = Client(REMOTE_ADDR=address)
    in_session(client, draft(tvp, answers_for("victim", agency=agency_id(tvp))))
    return Journey(client)


def _too_many(response: Any) -> bool:
    return response.status_code == 429 and TOO_MANY in response.content.decode()


# Submissions ------------------------------------------------------------------------------------------


def test_the_third_submission_in_an_hour_from_one_address_is_refused(tvp: Partnership) -> None:
    first, second, third = (_ready_browser(tvp) for _ in range(3))

    assert first.submit().status_code == 302
    assert second.submit().status_code == 302
    assert _too_many(third.submit())

    assert Application.objects.count() == 2
    assert Draft.objects.filter(submitted_application__isnull=True).count() == 1


def test_a_refused_submission_can_be_sent_an_hour_later(tvp: Partnership, time_machine: Any) -> None:
    for _ in range(2):
        _ready_browser(tvp).submit()
    late = _ready_browser(tvp)
    assert _too_many(late.submit())

    time_machine.shift(timedelta(hours=1))

    assert late.submit()["Location"] == "/test-valley/apply/confirmation/"
    assert Application.objects.count() == 3


def test_submissions_from_another_address_are_counted_separately(tvp: Partnership) -> None:
    for _ in range(2):
        _ready_browser(tvp).submit()

    assert _ready_browser(tvp, "192.0.2.7").submit().status_code == 302


def test_every_post_to_check_answers_counts_even_a_second_click(tvp: Partnership) -> None:
    browser = _ready_browser(tvp)
    browser.submit()
    browser.submit()

    assert _too_many(_ready_browser(tvp).submit())


def test_showing_check_answers_is_never_limited(tvp: Partnership) -> None:
    browser = _ready_browser(tvp)

    assert [browser.get("check-answers/").status_code for _ in range(5)] == [200] * 5
    assert browser.submit().status_code == 302


def test_answering_the_question_pages_is_not_limited(tvp: Partnership) -> None:
    browser = Journey(Client())

    for _ in range(5):
        browser.answer("who/", {"role": "victim"})


# Emailed links ----------------------------------------------------------------------------------------


def test_the_third_request_for_a_link_in_an_hour_from_one_address_is_refused(tvp: Partnership) -> None:
    browser = _ready_browser(tvp)

    # The emails a request writes go once it commits; a test's transaction never does.
    with TestCase.captureOnCommitCallbacks(execute=True):
        responses = [browser.post("save/", {"email": "alex@example.com"}) for _ in range(3)]

    assert [r.status_code for r in responses[:2]] == [302, 302]
    assert _too_many(responses[2])
    assert len(mail.outbox) == 2


def test_showing_the_save_page_is_never_limited(tvp: Partnership) -> None:
    browser = _ready_browser(tvp)

    # Showing it leads to the saved page with its code, however often.
    assert [browser.get("save/").status_code for _ in range(5)] == [302] * 5


def test_links_and_submissions_are_counted_separately(tvp: Partnership) -> None:
    browser = _ready_browser(tvp)
    for _ in range(2):
        browser.post("save/", {"email": "alex@example.com"})

    assert browser.submit().status_code == 302


# Behind a proxy (TRUSTED_PROXY_COUNT) ------------------------------------------------------------------

PROXY = "10.0.0.2"


def _through_proxy(tvp: Partnership, forwarded: str | None) -> Journey:
    """A browser whose requests reach the site through one proxy, which appends the address it saw."""
    headers: dict[str, Any] = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    client = Client(REMOTE_ADDR=PROXY, **headers)
    in_session(client, draft(tvp, answers_for("victim", agency=agency_id(tvp))))
    return Journey(client)


@pytest.fixture
def one_proxy(settings: Settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.mark.usefixtures("one_proxy")
def test_behind_a_proxy_each_client_is_counted_by_the_address_the_proxy_saw(tvp: Partnership) -> None:
    for _ in range(2):
        assert _through_proxy(tvp, "203.0.113.9").submit().status_code == 302

    assert _too_many(_through_proxy(tvp, "203.0.113.9").submit())
    assert _through_proxy(tvp, "203.0.113.10").submit().status_code == 302


@pytest.mark.usefixtures("one_proxy")
def test_behind_a_proxy_addresses_the_client_wrote_first_do_not_dodge_the_limit(tvp: Partnership) -> None:
    for made_up in ("198.51.100.1", "198.51.100.2"):
        assert _through_proxy(tvp, f"{made_up}, 203.0.113.9").submit().status_code == 302

    assert _too_many(_through_proxy(tvp, "198.51.100.3, 203.0.113.9").submit())
    assert _through_proxy(tvp, "203.0.113.9, 203.0.113.10").submit().status_code == 302


@pytest.mark.usefixtures("one_proxy")
@pytest.mark.parametrize("forwarded", [None, "", "not-an-address"])
def test_behind_a_proxy_a_request_without_a_usable_header_counts_as_the_proxy_and_never_fails(
    tvp: Partnership, forwarded: str | None
) -> None:
    for _ in range(2):
        _through_proxy(tvp, "203.0.113.9").submit()

    assert _through_proxy(tvp, forwarded).submit().status_code == 302
    assert _through_proxy(tvp, forwarded).post("save/", {"email": "alex@example.com"}).status_code == 302
