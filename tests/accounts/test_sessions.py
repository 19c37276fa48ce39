"""Staff sessions end after 30 minutes without a request, and 12 hours after signing in however busy;
the public journey's sessions do not."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from applications.builders import Journey, partnership
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django import Settings

from community_trigger.audit.models import AuditEntry

from .people import HOME, code_now, sign_in_with_password, staff, with_authenticator

pytestmark = pytest.mark.django_db


def staff_user(username: str) -> AbstractBaseUser:
    return get_user_model().objects.get(username=username)


def signed_in_fully(client: Client) -> None:
    device = with_authenticator(staff("cara"))
    sign_in_with_password(client, "cara")
    assert client.post("/staff/sign-in/code/", {"code": code_now(device)})["Location"] == HOME


def test_a_staff_session_ends_after_30_minutes_without_a_request(client: Client) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        signed_in_fully(client)
        assert client.cookies["sessionid"]["max-age"] == 30 * 60

    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"] == "/staff/sign-in/?next=/staff/"


def test_each_request_restarts_the_30_minutes(client: Client) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        signed_in_fully(client)
    for minutes in (25, 50, 75):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get(HOME).status_code == 200


def test_the_idle_time_comes_from_the_settings(client: Client, settings: Settings) -> None:
    settings.STAFF_SESSION_IDLE_SECONDS = 5 * 60
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        signed_in_fully(client)

    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        assert client.get(HOME).status_code == 302


def test_someone_who_gave_only_the_password_is_signed_out_after_30_minutes_too(client: Client) -> None:
    with_authenticator(staff("cara"))
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in_with_password(client, "cara")

    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        response = client.get("/staff/sign-in/code/")

    assert response["Location"] == "/staff/sign-in/?next=/staff/"


def test_a_public_draft_outlives_the_staff_idle_time_but_not_the_visit(client: Client) -> None:
    partnership()
    journey = Journey(client)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        second_question = journey.answer("who/", {"role": "victim"})
        # A browser-session cookie: it goes when the browser closes, on a shared device too.
        assert client.cookies["sessionid"]["max-age"] == ""

    with time_machine.travel(start + timedelta(hours=3), tick=False):
        # The start button carries on with this browser's draft rather than starting again.
        assert client.get("/test-valley/apply/")["Location"] == second_question

    with time_machine.travel(start + timedelta(hours=7, seconds=1), tick=False):
        assert client.get("/test-valley/apply/")["Location"] != second_question


# The absolute limit: STAFF_SESSION_MAX_HOURS after signing in, however busy ------------------------------


def test_a_staff_session_ends_12_hours_after_signing_in_however_busy(client: Client) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        signed_in_fully(client)
    for minutes in range(20, 12 * 60, 20):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get(HOME).status_code == 200

    with time_machine.travel(start + timedelta(hours=12, seconds=1), tick=False):
        response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"] == "/staff/sign-in/?next=/staff/"
    assert not response.wsgi_request.user.is_authenticated


def test_the_end_of_a_session_at_its_limit_is_audited(client: Client, settings: Settings) -> None:
    settings.STAFF_SESSION_IDLE_SECONDS = 24 * 60 * 60
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        signed_in_fully(client)
    with time_machine.travel(start + timedelta(hours=12, seconds=1), tick=False):
        client.get(HOME)

    ended = AuditEntry.objects.filter(action=AuditEntry.Action.SIGN_OUT).get()
    assert ended.subject_id == str(staff_user("cara").pk)
    assert ended.detail == "session ended: 12 hours since signing in"


def test_the_absolute_limit_comes_from_the_settings(client: Client, settings: Settings) -> None:
    settings.STAFF_SESSION_MAX_SECONDS = 2 * 60 * 60
    settings.STAFF_SESSION_IDLE_SECONDS = 24 * 60 * 60
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        signed_in_fully(client)
    with time_machine.travel(start + timedelta(hours=1, minutes=50), tick=False):
        assert client.get(HOME).status_code == 200

    with time_machine.travel(start + timedelta(hours=2, minutes=1), tick=False):
        assert client.get(HOME).status_code == 302


def test_someone_who_gave_only_the_password_is_held_to_the_same_limit(client: Client) -> None:
    with_authenticator(staff("cara"))
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in_with_password(client, "cara")
    for minutes in range(20, 12 * 60, 20):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get("/staff/sign-in/code/").status_code == 200

    with time_machine.travel(start + timedelta(hours=12, seconds=1), tick=False):
        response = client.get("/staff/sign-in/code/")

    assert response["Location"] == "/staff/sign-in/?next=/staff/"


def test_signing_in_again_starts_a_fresh_12_hours(client: Client) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        signed_in_fully(client)
    with time_machine.travel(start + timedelta(hours=11, minutes=50), tick=False):
        client.post("/staff/sign-out/")
        sign_in_with_password(client, "cara")
        device = TOTPDevice.objects.get(user__username="cara")
        assert client.post("/staff/sign-in/code/", {"code": code_now(device)})["Location"] == HOME

    with time_machine.travel(start + timedelta(hours=12, minutes=10), tick=False):
        assert client.get(HOME).status_code == 200
