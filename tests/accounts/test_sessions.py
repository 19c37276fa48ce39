"""Staff sessions end after 30 minutes without a request; the public journey's sessions do not."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from applications.builders import Journey, partnership
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from .people import HOME, code_now, sign_in_with_password, staff, with_authenticator

pytestmark = pytest.mark.django_db

TWO_WEEKS = 14 * 24 * 60 * 60


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


def test_a_public_draft_outlives_the_staff_idle_time(client: Client) -> None:
    partnership()
    journey = Journey(client)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        second_question = journey.answer("single-organisation/", {"single_organisation": "no"})
        assert client.cookies["sessionid"]["max-age"] == TWO_WEEKS

    with time_machine.travel(start + timedelta(days=13), tick=False):
        # The start button carries on with this browser's draft rather than starting again.
        assert client.get("/test-valley/apply/")["Location"] == second_question
