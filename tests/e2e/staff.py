"""Staff in the browser tests: signing in with either second factor, and the request they work on,
sent through the public pages as a victim would send it."""

from __future__ import annotations

from accounts.people import PASSWORD, code_now, with_authenticator
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from community_trigger.cases.models import Application

from . import journey
from .journey import Details, Hands, Incident, Pointer, Report, days_ago, type_date


def sign_in_with_a_backup_code(hands: Hands, url: str, username: str, code: str) -> None:
    page = hands.page
    hands.open(url)
    hands.type_into(page.get_by_label("Username or email address"), username)
    hands.type_into(page.get_by_label("Password", exact=True), PASSWORD)
    hands.activate(page.get_by_role("button", name="Continue"))
    # With backup codes as the only second factor, the backup code is asked for straight away.
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter a backup code")
    hands.type_into(page.get_by_label("Backup code"), code)
    hands.activate(page.get_by_role("button", name="Continue"))


def sign_in_with_an_authenticator_app(hands: Pointer, url: str, username: str) -> None:
    page = hands.page
    device = with_authenticator(get_user_model().objects.get(username=username))
    hands.open(url)
    hands.type_into(page.get_by_label("Username or email address"), username)
    hands.type_into(page.get_by_label("Password", exact=True), PASSWORD)
    hands.activate(page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the code from your authenticator app")
    hands.type_into(page.get_by_label("Code"), code_now(device))
    hands.activate(page.get_by_role("button", name="Continue"))


POLICE = "Hampshire and Isle of Wight Constabulary"


def a_victim_asks_for_a_review(hands: Pointer, base_url: str, *, also_told: str = "") -> Application:
    """Three incidents told to the police within the month, through the public pages (the last one
    `also_told` another agency too, when given)."""
    you = Details(
        name="Robin Example",
        address_line_1="1 Test Street",
        town="Andover",
        postcode="SP10 3AJ",
        email="robin@example.com",
    )
    incidents = tuple(
        Incident(
            days_ago(days),
            description,
            "Outside 1 Test Street",
            (
                Report("You", POLICE, days_ago(days - 1)),
                *((Report("You", also_told, days_ago(days - 1)),) if also_told and days == 10 else ()),
            ),
        )
        for days, description in (
            (30, "Shouting at 2am"),
            (20, "Stones at my window"),
            (10, "Threats in the street"),
        )
    )
    journey.request_as_a_victim(hands, base_url, you, incidents)
    reference = journey.accept_and_send(hands)
    return Application.objects.get(reference=reference)


def open_section(hands: Hands, name: str) -> None:
    """Go to a section of the case page by its sub navigation (the case page is one section a page)."""
    page = hands.page
    hands.activate(
        page.get_by_role("navigation", name="Parts of the case").get_by_role("link", name=name, exact=True)
    )


def log_the_applicants_call(hands: Hands, summary: str) -> None:
    """On the diary's form: a call from the applicant today, for the coordinators only, sent."""
    page = hands.page
    hands.choose(page.get_by_role("radio", name="Phone call"))
    hands.choose(page.get_by_role("radio", name="Received"))
    hands.type_into(page.get_by_label("Who was it with?"), "The applicant")
    type_date(hands, "When did it happen?", timezone.localdate())
    hands.type_into(page.get_by_label("Time"), "00:00")
    hands.type_into(page.get_by_label("Summary"), summary)
    hands.choose(page.get_by_role("radio", name="The partnership's coordinators only"))
    hands.activate(page.get_by_role("button", name="Add to the diary", exact=True))
