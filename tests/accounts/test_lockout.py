"""Five wrong passwords for one username from one address lock it out from there for 30 minutes, and
every attempt, right or wrong, is in the audit log without the password."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from community_trigger.accounts.forms import SignInForm
from community_trigger.audit.models import AuditEntry

from .people import PASSWORD, error_messages, sign_in_with_password, staff

pytestmark = pytest.mark.django_db

WRONG = "not-the-password-at-all"


def fail(client: Client, times: int, username: str = "cara") -> None:
    for _ in range(times):
        response = sign_in_with_password(client, username, WRONG)
        assert error_messages(response) == [SignInForm.WRONG]


def lock_out(client: Client, username: str = "cara") -> None:
    fail(client, 4, username)
    assert sign_in_with_password(client, username, WRONG).status_code == 429


def test_the_fifth_wrong_password_locks_the_username_out_with_a_page_that_says_for_how_long(
    client: Client,
) -> None:
    staff("cara")
    fail(client, 4)

    response = sign_in_with_password(client, "cara", WRONG)

    assert response.status_code == 429
    page = response.content.decode()
    assert "<title>Sorry, you cannot sign in for 30 minutes – Community Trigger staff</title>" in page
    assert '<h1 class="govuk-heading-l">Sorry, you cannot sign in for 30 minutes</h1>' in page


def test_a_locked_out_username_cannot_sign_in_even_with_the_right_password(client: Client) -> None:
    staff("cara")
    lock_out(client)

    response = sign_in_with_password(client, "cara", PASSWORD)

    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated


def test_the_lockout_ends_after_30_minutes(client: Client) -> None:
    staff("cara")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, 4)
        sign_in_with_password(client, "cara", WRONG)
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert sign_in_with_password(client, "cara").status_code == 429
    # Trying during the lockout started the 30 minutes again.
    with time_machine.travel(start + timedelta(minutes=29 + 31), tick=False):
        response = sign_in_with_password(client, "cara")

    assert response.status_code == 302
    assert response.wsgi_request.user.get_username() == "cara"


def test_the_lockout_is_for_that_username_from_that_address_only(client: Client) -> None:
    staff("cara")
    staff("dev")
    lock_out(client)

    other_user = sign_in_with_password(Client(), "dev")
    other_address = Client(REMOTE_ADDR="192.0.2.7").post(
        "/staff/sign-in/", {"username": "cara", "password": PASSWORD}
    )

    assert other_user.status_code == 302
    assert other_address.status_code == 302


def test_a_username_and_its_email_address_share_one_count(client: Client) -> None:
    staff("cara")
    fail(client, 3, "cara")
    fail(client, 1, "CARA@council.example")

    response = sign_in_with_password(client, "cara@council.example", WRONG)

    assert response.status_code == 429
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["cara"]


def test_a_right_password_clears_the_count_of_wrong_ones(client: Client) -> None:
    staff("cara")
    fail(client, 4)
    sign_in_with_password(client, "cara")
    client.post("/staff/sign-out/")

    fail(client, 4)

    assert sign_in_with_password(client, "cara").status_code == 302


def test_every_failed_attempt_and_the_lockout_are_audited_without_the_password(client: Client) -> None:
    user = staff("cara")
    sign_in_with_password(client, "nobody", WRONG)
    lock_out(client)
    sign_in_with_password(client, "cara", PASSWORD)

    entries = list(AuditEntry.objects.order_by("pk"))
    assert [(entry.action, entry.subject, entry.subject_id, entry.detail) for entry in entries] == [
        ("sign_in_failed", "user", "", "password step: no such user"),
        *[("sign_in_failed", "user", str(user.pk), "password step: password not accepted")] * 4,
        ("sign_in_failed", "user", str(user.pk), "locked out after too many failed attempts"),
        ("sign_in_failed", "user", str(user.pk), "locked out after too many failed attempts"),
    ]
    for entry in entries:
        assert entry.actor is None
        assert entry.actor_label == "someone at the sign-in page"
        text = " ".join([entry.actor_label, entry.subject, entry.subject_id, entry.detail])
        assert WRONG not in text
        assert PASSWORD not in text
        assert "nobody" not in text


def test_axes_keeps_no_password_either(client: Client) -> None:
    staff("cara")
    fail(client, 2)

    (attempt,) = AccessAttempt.objects.all()
    assert WRONG not in attempt.post_data
    assert attempt.failures_since_start == 2


# Behind a proxy (TRUSTED_PROXY_COUNT) ------------------------------------------------------------------

PROXY = "10.0.0.2"


def _through_proxy(forwarded: str | None) -> Client:
    """A browser whose requests reach the site through one proxy, which appends the address it saw."""
    headers: dict[str, Any] = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return Client(REMOTE_ADDR=PROXY, **headers)


@pytest.fixture
def one_proxy(settings: Settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.mark.usefixtures("one_proxy")
def test_behind_a_proxy_the_lockout_is_for_the_address_the_proxy_saw() -> None:
    staff("cara")
    # Whatever the guesser writes before it, the proxy's own entry is the last one.
    for attempt in range(4):
        fail(_through_proxy(f"198.51.100.{attempt}, 203.0.113.9"), 1)
    fifth = sign_in_with_password(_through_proxy("198.51.100.99, 203.0.113.9"), "cara", WRONG)
    assert fifth.status_code == 429

    assert sign_in_with_password(_through_proxy("203.0.113.9"), "cara").status_code == 429
    assert sign_in_with_password(_through_proxy("203.0.113.10"), "cara").status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}


@pytest.mark.usefixtures("one_proxy")
@pytest.mark.parametrize("forwarded", [None, "", "not-an-address"])
def test_behind_a_proxy_a_request_without_a_usable_header_counts_as_the_proxy_and_never_fails(
    forwarded: str | None,
) -> None:
    staff("cara")
    lock_out(_through_proxy("203.0.113.9"))

    response = sign_in_with_password(_through_proxy(forwarded), "cara")

    assert response.status_code == 302
