"""Staff change their own password: the current one first, the new one twice, and the validators."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from community_trigger.audit.models import AuditEntry

from .people import HOME, PASSWORD, error_messages, staff, verified

pytestmark = pytest.mark.django_db

PASSWORD_PAGE = "/staff/password/"
NEW = "a-brand-new-passphrase-for-cara"


def test_the_account_page_links_to_changing_the_password(client: Client) -> None:
    verified(client, staff("cara"))

    assert f'href="{PASSWORD_PAGE}"' in client.get(HOME).content.decode()


def test_a_new_password_replaces_the_old_and_keeps_this_session_signed_in(client: Client) -> None:
    user = staff("cara")
    verified(client, user)

    response = client.post(
        PASSWORD_PAGE, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )

    assert response["Location"] == HOME
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert not user.check_password(PASSWORD)
    home = client.get(HOME)
    assert home.status_code == 200
    assert "Your password has been changed" in home.content.decode()
    entry = AuditEntry.objects.get(action="change")
    assert (entry.actor, entry.detail) == (user, "password changed")


def test_changing_the_password_signs_out_the_other_sessions(client: Client) -> None:
    user = staff("cara")
    other = verified(Client(), user)
    verified(client, user)

    client.post(PASSWORD_PAGE, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})

    assert other.get(HOME)["Location"].startswith("/staff/sign-in/")


@pytest.mark.parametrize(
    ("typed", "messages"),
    [
        ({}, ["Enter your current password", "Enter a new password", "Enter the new password again"]),
        (
            {"old_password": "wrong-password-typed", "new_password1": NEW, "new_password2": NEW},
            ["Your current password is not right: enter it again"],
        ),
        (
            {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW + "x"},
            ["The two new passwords do not match: enter the same new password twice"],
        ),
        (
            {"old_password": PASSWORD, "new_password1": "short1", "new_password2": "short1"},
            ["This password is too short. It must contain at least 12 characters."],
        ),
    ],
)
def test_a_change_that_cannot_be_made_says_why_and_changes_nothing(
    client: Client, typed: dict[str, str], messages: list[str]
) -> None:
    user = staff("cara")
    verified(client, user)

    response = client.post(PASSWORD_PAGE, typed)

    assert response.status_code == 200
    assert error_messages(response) == messages
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert get_user_model().objects.get(pk=user.pk).check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="change").exists()


def test_the_page_never_writes_a_typed_password_back(client: Client) -> None:
    verified(client, staff("cara"))

    response = client.post(
        PASSWORD_PAGE, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": "different-one-x"}
    )

    page = response.content.decode()
    assert PASSWORD not in page
    assert NEW not in page


def test_only_a_fully_signed_in_member_of_staff_may_change_a_password(client: Client) -> None:
    assert client.get(PASSWORD_PAGE)["Location"].startswith("/staff/sign-in/")
