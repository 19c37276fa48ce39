"""Staff sign-in in a real browser: a first sign-in that sets up an authenticator app from the key on the
page, the backup codes, signing out and in again with a backup code, and the lockout page; every page,
and every error state, scanned with axe."""

from __future__ import annotations

import base64

import pytest
from accounts.people import PASSWORD, staff
from django_otp.oath import totp
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership

from .accessibility import Audit
from .conftest import OpenTab, Tab
from .journey import Pointer, expect_errors

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def expect_heading(page: Page, heading: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def sign_in(hands: Pointer, username: str, password: str) -> None:
    page = hands.page
    hands.type_into(page.get_by_label("Username or email address"), username)
    hands.type_into(page.get_by_label("Password", exact=True), password)
    hands.activate(page.get_by_role("button", name="Continue"))


def test_a_first_sign_in_sets_up_an_authenticator_and_reaches_the_staff_home_page(
    live_server: LiveServer, partnership: Partnership, tab: Tab, audit: Audit
) -> None:
    staff("cara")
    page = tab.page
    hands = Pointer(page, arrived=audit.check)

    hands.open(live_server.url + "/staff/")
    assert page.url == f"{live_server.url}/staff/sign-in/?next=/staff/"
    expect_heading(page, "Sign in")
    expect(page).to_have_title("Sign in – Community Trigger staff")
    # GOV.UK Frontend's script shows the password's Show button: it ran, under the content security policy.
    expect(page.get_by_role("button", name="Show password")).to_be_visible()

    hands.activate(page.get_by_role("button", name="Continue"))
    assert expect_errors(page) == ["Enter your username or email address", "Enter your password"]

    sign_in(hands, "cara", "not-the-password")
    assert expect_errors(page) == ["Enter a correct username or email address and password"]
    expect(page.get_by_label("Password", exact=True)).to_have_value("")

    sign_in(hands, "cara@council.example", PASSWORD)
    expect_heading(page, "Set up an authenticator app")
    qr_code = page.get_by_role("img", name="QR code for your authenticator app", exact=False)
    assert qr_code.evaluate("image => image.complete && image.naturalWidth > 0")
    key = base64.b32decode(page.locator("#secret-key").inner_text().replace(" ", ""))

    hands.activate(page.get_by_role("button", name="Continue"))
    assert expect_errors(page) == ["Enter the 6-digit code from your authenticator app"]

    hands.type_into(page.get_by_label("Code from your authenticator app"), f"{totp(key):06d}")
    hands.activate(page.get_by_role("button", name="Continue"))
    expect_heading(page, "Save your backup codes")
    codes = page.locator("#backup-codes li").all_inner_texts()
    assert len(codes) == 10

    hands.activate(page.get_by_role("button", name="I have saved my backup codes"))
    assert page.url == f"{live_server.url}/staff/"
    expect_heading(page, "Your work")
    hands.activate(page.get_by_role("link", name="Your agencies, roles and sign-in"))
    expect_heading(page, "Cara Staffer")
    expect(
        page.get_by_role("row", name="Test Valley Partnership Test Valley Borough Council Coordinator")
    ).to_be_visible()

    hands.activate(page.get_by_role("link", name="Sign out"))
    expect_heading(page, "Sign out")
    hands.activate(page.get_by_role("button", name="Sign out"))
    expect_heading(page, "You have signed out")

    # Back again: the app's code is asked for now; a wrong one, then a backup code instead.
    hands.activate(page.get_by_role("link", name="Sign in again"))
    sign_in(hands, "cara", PASSWORD)
    expect_heading(page, "Enter the code from your authenticator app")
    hands.type_into(page.get_by_label("Code"), "000000" if f"{totp(key):06d}" != "000000" else "111111")
    hands.activate(page.get_by_role("button", name="Continue"))
    assert expect_errors(page) == [
        "The code is not right, or it has expired: enter the code your app shows now"
    ]

    hands.activate(page.get_by_role("link", name="Use a backup code instead"))
    expect_heading(page, "Enter a backup code")
    hands.activate(page.get_by_role("button", name="Continue"))
    assert expect_errors(page) == ["Enter one of your backup codes"]
    hands.type_into(page.get_by_label("Backup code"), codes[0])
    hands.activate(page.get_by_role("button", name="Continue"))
    expect_heading(page, "Your work")
    hands.activate(page.get_by_role("link", name="Your agencies, roles and sign-in"))
    expect_heading(page, "Cara Staffer")
    expect(page.get_by_text("9 unused")).to_be_visible()

    tab.assert_nothing_went_wrong()
    audit.assert_accessible()


def test_the_lockout_and_admin_refusal_pages_are_styled_and_accessible(
    live_server: LiveServer, partnership: Partnership, open_tab: OpenTab, audit: Audit
) -> None:
    staff("cara")
    tab = open_tab()
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    hands.open(live_server.url + "/staff/sign-in/")
    for _ in range(5):
        sign_in(hands, "cara", "not-the-password")

    expect_heading(page, "Sorry, you cannot sign in for 30 minutes")
    audit.check(page, "locked out")
    assert tab.console_errors == [
        "Failed to load resource: the server responded with a status of 429 (Too Many Requests) "
        f"({live_server.url}/staff/sign-in/)"
    ]

    staff("dev")
    other = open_tab()
    hands = Pointer(other.page, arrived=audit.check)
    hands.open(live_server.url + "/staff/sign-in/")
    sign_in(hands, "dev", PASSWORD)
    # An authenticator set up with the key on the page, then the admin, which "dev" may not use.
    key = base64.b32decode(other.page.locator("#secret-key").inner_text().replace(" ", ""))
    hands.type_into(other.page.get_by_label("Code from your authenticator app"), f"{totp(key):06d}")
    hands.activate(other.page.get_by_role("button", name="Continue"))
    hands.open(live_server.url + "/admin/")
    expect_heading(other.page, "You cannot use the administration site")

    audit.assert_accessible()
