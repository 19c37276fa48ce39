"""The second factor: setting up an authenticator app, its codes, and backup codes that work once."""

from __future__ import annotations

import base64
import re
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from community_trigger.audit.models import AuditEntry

from .people import (
    HOME,
    code_now,
    error_messages,
    sign_in_with_password,
    staff,
    verified,
    with_authenticator,
    with_backup_codes,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db

SET_UP = "/staff/two-factor/set-up/"
CODE = "/staff/sign-in/code/"
BACKUP_CODE = "/staff/sign-in/backup-code/"
BACKUP_CODES = "/staff/two-factor/backup-codes/"
NO_SECOND_FACTOR = "/staff/sign-in/no-second-factor/"


def key_on_the_page(page: str) -> bytes:
    found = re.search(r'id="secret-key">([A-Z2-7 ]+)<', page)
    assert found, page
    return base64.b32decode(found.group(1).replace(" ", ""))


def test_setting_up_shows_the_key_as_text_and_a_qr_code_as_an_svg_image(client: Client) -> None:
    user = staff("cara")
    sign_in_with_password(client, "cara")

    response = client.get(SET_UP)

    page = response.content.decode()
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    assert key_on_the_page(page) == device.bin_key
    qr_code = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert qr_code
    assert b"<svg" in base64.b64decode(qr_code.group(1))
    # The content security policy allows data: images, but no inline styles or scripts without a nonce.
    assert " style=" not in page
    assert len(re.findall(r"<script(?![^>]*\bnonce=)(?![^>]*\bsrc=)", page)) == 0


def test_the_set_up_page_keeps_the_same_key_until_the_app_is_confirmed(client: Client) -> None:
    staff("cara")
    sign_in_with_password(client, "cara")

    first = key_on_the_page(client.get(SET_UP).content.decode())
    again = key_on_the_page(client.get(SET_UP).content.decode())

    assert first == again
    assert TOTPDevice.objects.count() == 1


def test_the_first_code_confirms_the_app_and_shows_ten_backup_codes_once(client: Client) -> None:
    user = staff("cara")
    sign_in_with_password(client, "cara")
    key = key_on_the_page(client.get(SET_UP).content.decode())
    code = f"{totp(key):06d}"

    response = client.post(SET_UP, {"code": code})

    assert response["Location"] == BACKUP_CODES
    assert TOTPDevice.objects.get(user=user).confirmed
    shown = client.get(BACKUP_CODES)
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", shown.content.decode())
    assert len(codes) == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    )
    assert client.get(BACKUP_CODES)["Location"] == HOME
    assert client.get(HOME).status_code == 200
    entry = AuditEntry.objects.get(action=AuditEntry.Action.SIGN_IN)
    assert (entry.actor, entry.subject, entry.subject_id, entry.detail) == (
        user,
        "user",
        str(user.pk),
        "authenticator app set up",
    )
    assert code not in entry.detail


def test_a_wrong_code_at_set_up_leaves_the_app_unconfirmed(client: Client) -> None:
    user = staff("cara")
    sign_in_with_password(client, "cara")
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=user)

    response = client.post(SET_UP, {"code": f"{(int(code_now(device)) + 1) % 1_000_000:06d}"})

    assert error_messages(response) == [
        "The code is not right, or it has expired: enter the code your app shows now"
    ]
    assert not TOTPDevice.objects.get(user=user).confirmed
    assert client.get(HOME).status_code == 302


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the 6-digit code from your authenticator app"),
        ("12a456", "The code must only include numbers 0 to 9"),
        ("12345", "The code must be 6 numbers"),
    ],
)
def test_a_code_of_the_wrong_shape_says_what_is_wrong(client: Client, typed: str, message: str) -> None:
    with_authenticator(staff("cara"))
    sign_in_with_password(client, "cara")

    response = client.post(CODE, {"code": typed})

    assert error_messages(response) == [message]
    assert "<title>Error: Enter the code from your authenticator app – Community Trigger staff</title>" in (
        response.content.decode()
    )


def test_the_code_from_the_app_completes_the_sign_in(client: Client) -> None:
    user = staff("cara")
    device = with_authenticator(user)
    sign_in_with_password(client, "cara", query="?next=/staff/")

    response = client.post(CODE + "?next=%2Fstaff%2F", {"code": code_now(device)})

    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200
    entry = AuditEntry.objects.get(action=AuditEntry.Action.SIGN_IN)
    assert (entry.actor, entry.detail) == (user, "authenticator app")


def test_a_code_spaced_as_the_app_shows_it_is_accepted(client: Client) -> None:
    device = with_authenticator(staff("cara"))
    sign_in_with_password(client, "cara")
    code = code_now(device)

    response = client.post(CODE, {"code": f"{code[:3]} {code[3:]}"})

    assert response["Location"] == HOME


def test_a_code_cannot_be_used_a_second_time(client: Client) -> None:
    device = with_authenticator(staff("cara"))
    code = code_now(device)
    sign_in_with_password(client, "cara")
    client.post(CODE, {"code": code})
    client.post("/staff/sign-out/")

    sign_in_with_password(client, "cara")
    response = client.post(CODE, {"code": code})

    assert response.status_code == 200
    assert client.get(HOME).status_code == 302


def test_wrong_codes_in_a_row_make_the_next_try_wait_longer_each_time(client: Client) -> None:
    device = with_authenticator(staff("cara"))
    sign_in_with_password(client, "cara")
    start = timezone.now()

    def wrong() -> str:
        return f"{(int(code_now(device)) + 1) % 1_000_000:06d}"

    with time_machine.travel(start, tick=False):
        client.post(CODE, {"code": wrong()})
        # Even the right code has to wait: django-otp's throttle doubles the delay after each wrong one.
        after_one = client.post(CODE, {"code": code_now(device)})
    with time_machine.travel(start + timedelta(seconds=2), tick=False):
        client.post(CODE, {"code": wrong()})
        after_two = client.post(CODE, {"code": code_now(device)})
    with time_machine.travel(start + timedelta(seconds=5), tick=False):
        accepted = client.post(CODE, {"code": code_now(device)})

    assert error_messages(after_one) == [
        "You have entered too many wrong codes. Wait 1 second, then try again"
    ]
    assert error_messages(after_two) == [
        "You have entered too many wrong codes. Wait 2 seconds, then try again"
    ]
    assert accepted["Location"] == HOME
    failures = AuditEntry.objects.filter(action=AuditEntry.Action.SIGN_IN_FAILED).values_list(
        "detail", flat=True
    )
    assert list(failures.order_by("pk")) == [
        "authenticator app not accepted",
        "authenticator app not accepted, too many wrong codes in a row",
        "authenticator app not accepted",
        "authenticator app not accepted, too many wrong codes in a row",
    ]


def test_a_backup_code_works_once(client: Client) -> None:
    user = staff("cara")
    with_authenticator(user)
    codes = with_backup_codes(user)
    sign_in_with_password(client, "cara")

    response = client.post(BACKUP_CODE, {"code": codes[3].upper()})

    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9
    client.post("/staff/sign-out/")
    sign_in_with_password(client, "cara")
    again = client.post(BACKUP_CODE, {"code": codes[3]})
    assert error_messages(again) == ["The backup code is not right, or it has been used already"]
    assert [entry.detail for entry in AuditEntry.objects.order_by("pk")] == [
        "backup code",
        "signed out",
        "backup code not accepted",
    ]


def test_the_code_page_offers_a_backup_code_and_the_backup_code_page_offers_the_app_back(
    client: Client,
) -> None:
    user = staff("cara")
    with_authenticator(user)
    with_backup_codes(user)
    sign_in_with_password(client, "cara")

    assert f'href="{BACKUP_CODE}"' in client.get(CODE).content.decode()
    assert f'href="{CODE}"' in client.get(BACKUP_CODE).content.decode()


def test_the_code_page_offers_no_backup_code_to_someone_who_has_none_left(client: Client) -> None:
    with_authenticator(staff("cara"))
    sign_in_with_password(client, "cara")

    assert "Use a backup code instead" not in client.get(CODE).content.decode()


def test_an_account_with_only_backup_codes_is_asked_for_one(client: Client) -> None:
    with_backup_codes(staff("cara"))
    sign_in_with_password(client, "cara")

    assert client.get("/staff/sign-in/second-factor/")["Location"] == BACKUP_CODE
    assert client.get(CODE)["Location"] == "/staff/sign-in/second-factor/"


def test_someone_with_only_the_password_cannot_add_an_app_to_an_account_that_has_one(client: Client) -> None:
    user = staff("cara")
    with_authenticator(user)
    sign_in_with_password(client, "cara")

    response = client.get(SET_UP)

    assert response["Location"] == "/staff/sign-in/second-factor/"
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_someone_with_only_the_password_cannot_add_an_app_to_an_account_with_backup_codes(
    client: Client,
) -> None:
    user = staff("cara")
    with_backup_codes(user)
    sign_in_with_password(client, "cara")

    assert client.get(SET_UP)["Location"] == "/staff/sign-in/second-factor/"


def test_a_user_signed_in_with_a_backup_code_may_then_set_up_an_app(client: Client) -> None:
    user = staff("cara")
    verified(client, user)

    assert 'href="/staff/two-factor/set-up/"' in client.get(HOME).content.decode()
    assert client.get(SET_UP).status_code == 200


def test_new_backup_codes_replace_the_old_ones_and_keep_the_session_verified(client: Client) -> None:
    user = staff("cara")
    old = with_backup_codes(user)
    verified(client, user)

    response = client.post("/staff/two-factor/backup-codes/new/")

    assert response["Location"] == BACKUP_CODES
    new = re.findall(r"<li>([a-z2-7]{8})</li>", client.get(BACKUP_CODES).content.decode())
    assert len(new) == 10
    assert not set(new) & set(old)
    assert client.get(HOME).status_code == 200
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.detail) == ("change", user, "backup codes replaced")


def test_new_backup_codes_need_a_post(client: Client) -> None:
    verified(client, staff("cara"))

    assert client.get("/staff/two-factor/backup-codes/new/").status_code == 405


def used_up(codes_of: User) -> None:
    """Every backup code of the account used, as signing in with each in turn would leave it."""
    StaticToken.objects.filter(device__user=codes_of).delete()


def test_an_account_whose_backup_codes_are_used_up_still_needs_a_second_factor(client: Client) -> None:
    user = staff("cara")
    with_backup_codes(user)
    used_up(user)
    sign_in_with_password(client, "cara")

    assert client.get("/staff/sign-in/second-factor/")["Location"] == NO_SECOND_FACTOR
    # The password alone opens no way to a new app, and so to a fully signed-in session.
    assert client.get(SET_UP)["Location"] == "/staff/sign-in/second-factor/"
    assert client.post(SET_UP, {"code": "123456"})["Location"] == "/staff/sign-in/second-factor/"
    assert client.get(BACKUP_CODE)["Location"] == "/staff/sign-in/second-factor/"
    assert client.get(HOME)["Location"].startswith("/staff/sign-in/")
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()


def test_the_page_for_a_used_up_second_factor_says_who_can_reset_it(client: Client) -> None:
    user = staff("cara")
    with_backup_codes(user)
    used_up(user)
    sign_in_with_password(client, "cara")

    response = client.get(NO_SECOND_FACTOR)

    page = response.content.decode()
    assert response.status_code == 200
    assert "You cannot finish signing in" in page
    assert "administrator" in page
    assert 'action="/staff/sign-out/"' in page


def test_the_page_for_a_used_up_second_factor_is_only_for_accounts_that_need_it(client: Client) -> None:
    with_backup_codes(staff("cara"))
    sign_in_with_password(client, "cara")

    assert client.get(NO_SECOND_FACTOR)["Location"] == "/staff/sign-in/second-factor/"
    assert client.get("/staff/sign-in/second-factor/")["Location"] == BACKUP_CODE


def test_an_account_with_an_app_and_no_backup_codes_left_is_asked_for_the_app_code(client: Client) -> None:
    user = staff("cara")
    with_authenticator(user)
    with_backup_codes(user)
    used_up(user)
    sign_in_with_password(client, "cara")

    assert client.get("/staff/sign-in/second-factor/")["Location"] == CODE


def test_after_an_administrator_deletes_the_devices_the_next_sign_in_sets_up_an_app(client: Client) -> None:
    user = staff("cara")
    with_backup_codes(user)
    used_up(user)
    StaticDevice.objects.filter(user=user).delete()
    sign_in_with_password(client, "cara")

    assert client.get("/staff/sign-in/second-factor/")["Location"] == SET_UP
