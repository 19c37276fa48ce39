"""Signing in with a password: what the page says when it goes wrong, and where a right password leads."""

from __future__ import annotations

import pytest
from django.test import Client

from community_trigger.accounts.forms import SignInForm

from .people import (
    HOME,
    PASSWORD,
    SIGN_IN,
    error_messages,
    sign_in_with_password,
    staff,
    verified,
    with_authenticator,
)

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_asks_for_a_username_or_email_address_and_a_password(client: Client) -> None:
    response = client.get(SIGN_IN)

    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Sign in – Community Trigger staff</title>" in page
    assert 'autocomplete="username"' in page
    assert 'type="password"' in page
    assert 'autocomplete="current-password"' in page
    assert response["Cache-Control"].startswith("max-age=0")


def test_an_empty_form_says_what_to_enter_in_the_error_summary(client: Client) -> None:
    response = client.post(SIGN_IN, {"username": "", "password": ""})

    assert response.status_code == 200
    assert error_messages(response) == ["Enter your username or email address", "Enter your password"]
    page = response.content.decode()
    assert page.count("govuk-error-summary") >= 1
    assert "<title>Error: Sign in – Community Trigger staff</title>" in page
    assert '<a href="#id_username">Enter your username or email address</a>' in page
    assert '<a href="#id_password">Enter your password</a>' in page


def test_a_wrong_password_and_an_unknown_username_get_the_same_answer(client: Client) -> None:
    staff("cara")

    wrong_password = sign_in_with_password(client, "cara", "not-the-password")
    unknown_user = sign_in_with_password(client, "nobody", "not-the-password")

    assert error_messages(wrong_password) == [SignInForm.WRONG]
    assert error_messages(unknown_user) == [SignInForm.WRONG]
    # What was typed as a username comes back; the password never does.
    assert 'value="cara"' in wrong_password.content.decode()
    assert "not-the-password" not in wrong_password.content.decode()
    assert not wrong_password.wsgi_request.user.is_authenticated


def test_a_right_password_on_a_first_sign_in_leads_to_setting_up_an_authenticator(client: Client) -> None:
    staff("cara")

    response = sign_in_with_password(client, "cara")

    assert response.status_code == 302
    assert response["Location"] == "/staff/sign-in/second-factor/"
    assert client.get(response["Location"])["Location"] == "/staff/two-factor/set-up/"


def test_a_right_password_with_an_authenticator_leads_to_the_code_page(client: Client) -> None:
    with_authenticator(staff("cara"))

    sign_in_with_password(client, "cara")

    assert client.get("/staff/sign-in/second-factor/")["Location"] == "/staff/sign-in/code/"


@pytest.mark.parametrize("typed", ["cara@council.example", "CARA@Council.Example", "Cara"])
def test_staff_can_sign_in_with_their_email_address_or_username_in_any_case(
    client: Client, typed: str
) -> None:
    staff("cara")

    response = sign_in_with_password(client, typed)

    assert response.status_code == 302
    assert response.wsgi_request.user.get_username() == "cara"


def test_a_deactivated_account_cannot_sign_in(client: Client) -> None:
    staff("cara", active=False)

    response = sign_in_with_password(client, "cara")

    assert error_messages(response) == [SignInForm.WRONG]


def test_someone_who_gave_only_the_password_cannot_reach_the_staff_pages(client: Client) -> None:
    with_authenticator(staff("cara"))
    sign_in_with_password(client, "cara")

    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"] == "/staff/sign-in/second-factor/?next=/staff/"
    assert client.get(response["Location"])["Location"] == "/staff/sign-in/code/?next=%2Fstaff%2F"


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in_and_back(client: Client) -> None:
    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"] == "/staff/sign-in/?next=/staff/"


def test_the_password_step_keeps_where_to_go_next(client: Client) -> None:
    staff("cara")

    response = sign_in_with_password(client, "cara", query="?next=/staff/")

    assert response["Location"] == "/staff/sign-in/second-factor/?next=%2Fstaff%2F"


def test_the_sign_in_page_is_not_the_public_journey_of_a_partnership_called_staff(client: Client) -> None:
    # /<slug>/ is a partnership's start page; /staff/ and /admin/ come first in the URL configuration.
    assert client.get("/staff/sign-in/").templates[0].name == "accounts/sign_in.html"


def test_a_fully_signed_in_user_going_to_the_sign_in_page_goes_home(client: Client) -> None:
    verified(client, staff("cara"))

    assert client.get(SIGN_IN)["Location"] == HOME


def test_the_password_is_not_kept_in_the_session(client: Client) -> None:
    staff("cara")
    sign_in_with_password(client, "cara")

    assert PASSWORD not in str(dict(client.session.items()))
