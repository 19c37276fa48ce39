"""Leaving safely: a short public session, "Exit this page" wherever the public may land, the start page
explaining how to leave quickly, and deleting one's answers from the device."""

from __future__ import annotations

import pytest
from accounts.people import staff, verified
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

from community_trigger.applications.models import Draft

from .builders import NOON, agency_id, answers_for, draft, in_session, partnership

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]

EXIT = "govuk-exit-this-page"


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a page that fails")


urlpatterns = [path("boom/", _boom)]


def test_the_public_session_ends_with_the_browser_and_lasts_at_most_a_few_hours() -> None:
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 4 * 60 * 60


def test_a_draft_sessions_cookie_is_not_kept_after_the_browser_closes(client: Client) -> None:
    tvp = partnership()
    in_session(client, draft(tvp, answers_for("victim", agency=agency_id(tvp))))

    response = client.get("/test-valley/apply/your-details/")

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""


def test_a_staff_session_keeps_its_own_idle_limit(client: Client) -> None:
    verified(client, staff("cara"))

    response = client.get("/staff/")

    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.STAFF_SESSION_IDLE_SECONDS


def test_not_found_and_too_many_attempts_offer_exit_this_page_to_the_public(client: Client) -> None:
    partnership()

    assert EXIT in client.get("/no-such-place/x/y/").content.decode()
    with override_settings(RATE_LIMIT_LINKS="0/h"):
        refused = client.post("/test-valley/apply/save/", {"email": "a@example.com"})
    assert refused.status_code == 429
    assert EXIT in refused.content.decode()
    assert "no-store" in refused["Cache-Control"]


def test_staff_do_not_get_exit_this_page_on_a_page_not_found(client: Client) -> None:
    verified(client, staff("cara"))

    assert EXIT not in client.get("/staff/no-such-page/").content.decode()


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_the_error_page_offers_exit_this_page_and_is_not_kept() -> None:
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    assert EXIT in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_the_start_page_explains_how_to_leave_quickly_and_clear_history(client: Client) -> None:
    partnership()

    html = client.get("/test-valley/").content.decode()

    assert "Leaving this site quickly and safely" in html
    assert "press the Shift key three times" in html
    assert "browsing history" in html


def test_a_question_page_offers_to_delete_the_answers_only_when_there_are_some(client: Client) -> None:
    tvp = partnership()
    assert "Delete my answers" not in client.get("/test-valley/apply/who/").content.decode()

    in_session(client, draft(tvp, answers_for("victim", agency=agency_id(tvp))))

    assert "Delete my answers from this device" in client.get("/test-valley/apply/who/").content.decode()


def test_deleting_asks_first_and_keeps_the_answers_until_confirmed(client: Client) -> None:
    tvp = partnership()
    kept = draft(tvp, answers_for("victim", agency=agency_id(tvp)))
    in_session(client, kept)

    response = client.get("/test-valley/apply/delete-my-answers/")
    unconfirmed = client.post("/test-valley/apply/delete-my-answers/", {"confirm": ""})

    assert unconfirmed.status_code == 200
    assert response.status_code == 200
    assert "Are you sure you want to delete your answers?" in response.content.decode()
    assert Draft.objects.filter(pk=kept.pk).exists()


def test_deleting_removes_the_draft_and_the_whole_session(client: Client) -> None:
    tvp = partnership()
    kept = draft(tvp, answers_for("victim", agency=agency_id(tvp)))
    in_session(client, kept)
    old_session = client.session.session_key

    response = client.post("/test-valley/apply/delete-my-answers/", {"confirm": "yes"})

    assert response.status_code == 302
    assert response["Location"] == "/test-valley/answers-deleted/"
    assert not Draft.objects.filter(pk=kept.pk).exists()
    assert client.session.session_key != old_session
    assert dict(client.session.items()) == {}
    assert "Your answers have been deleted" in client.get(response["Location"]).content.decode()
    # Back to a question page finds nothing: the journey starts again.
    assert client.get("/test-valley/apply/your-details/").status_code == 302


def test_exit_this_page_ends_the_session_so_back_shows_no_answers(client: Client) -> None:
    tvp = partnership()
    kept = draft(tvp, answers_for("victim", agency=agency_id(tvp)))
    in_session(client, kept)

    response = client.get("/leave/")

    assert response.status_code == 302
    assert response["Location"] == "https://www.bbc.co.uk/weather"
    assert response["Clear-Site-Data"] == '"cache", "cookies"'
    assert "no-store" in response["Cache-Control"]
    assert client.get("/test-valley/apply/your-details/")["Location"] == "/test-valley/"
    # The draft itself stays, for the saved link or code to find.
    assert Draft.objects.filter(pk=kept.pk).exists()
