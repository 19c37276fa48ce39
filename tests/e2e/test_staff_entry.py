"""Staff entry in a real browser: a coordinator takes a request by phone, enters it through every
question (leaving it half done and finding it again on the way), records how the caller agreed to
sharing, and lands on the new case. Every page, and every page's error state, scanned with axe."""

from __future__ import annotations

import pytest
from accounts.people import staff, with_backup_codes
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership
from community_trigger.cases.models import Application, CaseEvent, ConsentMethod

from . import journey
from .accessibility import Audit
from .conftest import OpenTab
from .journey import Details, Incident, Pointer, Report, days_ago, expect_errors, expect_page, long_date
from .staff import open_section, sign_in_with_a_backup_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COUNCIL = "Test Valley Borough Council"
POLICE = "Hampshire and Isle of Wight Constabulary"
RECEIVED = "How and when the request came in"
CONSENT = "The applicant's agreement to sharing their information"
CHECK_ANSWERS = "Check the answers before recording the application"


def test_a_coordinator_enters_a_phone_request_through_every_question_to_its_case(
    live_server: LiveServer, partnership: Partnership, open_tab: OpenTab, audit: Audit
) -> None:
    codes = with_backup_codes(staff("cara"))
    tab = open_tab()
    page = tab.page
    # Every question is first sent unanswered, so each page's error state is scanned too.
    hands = Pointer(page, arrived=audit.check, empty_first=True)
    # The caller rang yesterday; the coordinator types up the call today.
    caller = Details(
        name="Sam Caller",
        address_line_1="4 Weyhill Road",
        town="Andover",
        postcode="sp10 3aa",
        email="sam.caller@example.com",
    )
    received_on = days_ago(1)
    incidents = tuple(
        Incident(
            days_ago(days),
            what,
            "Car park behind 4 Weyhill Road",
            (Report("You", agency, days_ago(days - 1), reference=reference),),
        )
        for days, what, agency, reference in (
            (50, "Cars revved and horns sounded past midnight", POLICE, "44260000111"),
            (30, "Bottles thrown against the back fence", COUNCIL, ""),
            (9, "Shouted threats when asked to stop", POLICE, "44260000222"),
        )
    )

    sign_in_with_a_backup_code(hands, f"{live_server.url}/staff/cases/", "cara", codes[0])
    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")
    hands.activate(
        page.get_by_role("button", name="Enter an application received by phone, post, email or in person")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter an application")
    expect(page.get_by_text("You have no unfinished entries.")).to_be_visible()
    hands.activate(page.get_by_role("button", name="Start a new entry"))

    # How and when it came in: nothing chosen, then a day still to come, then the day before today.
    expect_page(page, RECEIVED)
    hands.activate(page.get_by_role("button", name="Continue"))
    assert expect_errors(page) == ["Select how the request came in", "Enter the date received"]
    hands.choose(page.get_by_role("group", name="How did the request come in?").get_by_label("Phone"))
    journey.type_date(hands, "When was it received?", days_ago(-1))
    hands.activate(page.get_by_role("button", name="Continue"))
    assert expect_errors(page) == ["Date received must be today or in the past"]
    expect(
        page.get_by_role("group", name="How did the request come in?").get_by_label("Phone")
    ).to_be_checked()
    journey.type_date(hands, "When was it received?", received_on)
    hands.activate(page.get_by_role("button", name="Continue"))

    # The public journey's questions, on the staff layout.
    expect(page.get_by_text(f"Received by phone on {long_date(received_on)}")).to_be_visible()
    journey.answer_who(hands, "victim")
    # The coordinator records how the caller agreed, having read them what sharing means.
    expect_page(page, CONSENT)
    expect(page.locator(".govuk-inset-text")).to_contain_text("will share the information in this request")
    hands.activate(page.get_by_role("button", name="Continue"))
    assert expect_errors(page) == ["Select how the applicant agreed to their information being shared"]
    hands.choose(
        page.get_by_role(
            "group", name="How did the applicant agree to their information being shared?"
        ).get_by_label("By phone")
    )
    hands.activate(page.get_by_role("button", name="Continue"))
    journey.answer_your_details(hands, caller, contact_by="Email")

    # The caller rings off to find their reference numbers: the entry waits in the coordinator's list.
    expect_page(page, "Add an incident")
    hands.activate(page.get_by_role("link", name="Enter an application"))
    row = page.get_by_role("row", name=caller.name)
    expect(row).to_contain_text(f"Received by phone on {long_date(received_on)}")
    hands.activate(row.get_by_role("link", name="Continue"))

    journey.add_incidents(hands, incidents)
    journey.answer_staff_conduct(hands, "No")
    journey.answer_satisfaction(hands, journey.NOT_SATISFIED)
    journey.answer_impact(hands, impact="I cannot sleep")

    expect_page(page, CHECK_ANSWERS)
    expect(page.get_by_text(long_date(received_on), exact=True)).to_be_visible()
    hands.activate(page.get_by_role("button", name="Record the application"))

    application = Application.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(application.reference)
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text(f"Application {application.reference} recorded.")
    expect(page.get_by_text(f"{long_date(received_on)} (phone)")).to_be_visible()
    # How it came is kept beside its event, in the history.
    open_section(hands, "History")
    expect(page.get_by_text("Received by phone on")).to_be_visible()

    assert application.channel == "phone"
    assert timezone.localdate(application.submitted_at) == received_on
    assert application.assessments.get().engine_input["application_date"] == received_on.isoformat()
    applicant = application.people.get()
    assert [consent.method for consent in applicant.consents.all()] == [ConsentMethod.BY_PHONE]
    # Its first move (the owner it was given as it arrived is an event of its own).
    event = CaseEvent.objects.select_related("actor").get(application=application, kind="moved")
    assert event.actor is not None
    assert event.actor.get_username() == "cara"
    (email,) = mail.outbox
    assert email.to == [caller.email]
    assert application.reference in email.subject
    tab.assert_nothing_went_wrong()
    audit.assert_accessible()
