"""The review in a real browser, from a request sent through the public pages to an escalation that is
not upheld: acknowledgement, threshold met, two agencies answering, a meeting (moved once before it is
held) with two recommendations, the victim consulted on the plan, the outcome letter, an escalation
asked for from the status page, and a reviewer from outside the panel deciding it. Every page, and an
error state of each form, scanned with axe."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from accounts.people import staff, with_backup_codes
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer
from time_machine import TimeMachineFixture

from community_trigger.agencies.models import Partnership
from community_trigger.cases.models import Application
from community_trigger.common.calendar import working_days_after
from community_trigger.domain.access import Role
from community_trigger.domain.workflow import State
from community_trigger.letters.models import Letter
from community_trigger.reviews.models import Escalation, Recommendation

from .accessibility import Audit
from .conftest import OpenTab
from .journey import Pointer, expect_errors
from .staff import a_victim_asks_for_a_review, sign_in_with_a_backup_code, sign_in_with_an_authenticator_app

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

POLICE = "Hampshire and Isle of Wight Constabulary"
HOUSING = "Aster Group"


def _heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def _button(hands: Pointer, name: str) -> None:
    hands.activate(hands.page.get_by_role("button", name=name, exact=True))


def _link(hands: Pointer, name: str) -> None:
    hands.activate(hands.page.get_by_role("link", name=name, exact=True))


def _officer_answers(hands: Pointer, case_url: str, agency: str, action: str) -> None:
    hands.open(f"{case_url}information/")
    hands.activate(hands.page.get_by_role("button", name=f"Answer for {agency}"))
    for finding in hands.page.get_by_role("radio", name="Found in our records").all():
        hands.choose(finding)
    hands.type_into(hands.page.get_by_label("Action taken"), action)
    hands.type_into(hands.page.get_by_label("Outcome of that action"), "The behaviour carried on.")
    _button(hands, "Send the answer")
    _heading(hands.page, case_url.rstrip("/").rsplit("/", 1)[-1])


def _accepts(hands: Pointer, case_url: str, agency: str) -> None:
    hands.open(f"{case_url}review/")
    hands.activate(hands.page.get_by_role("link", name=re.compile(f"^Update the recommendation to {agency}")))
    _heading(hands.page, "Update the recommendation")
    _button(hands, "Save")  # nothing chosen: the error state
    assert expect_errors(hands.page) == ["Select what has happened"]
    hands.choose(hands.page.get_by_role("radio", name="Accepted"))
    _button(hands, "Save")


def _add_recommendation(hands: Pointer, owner: str, action: str, due: str) -> None:
    page = hands.page
    _link(hands, "Add a recommendation")
    _heading(page, "Add a recommendation")
    hands.choose(page.get_by_role("radio", name=owner))
    hands.type_into(page.get_by_label("What will the agency do?"), action)
    day, month, year = due.split("/")
    when = page.get_by_role("group", name="When is it due?")
    hands.type_into(when.get_by_label("Day"), day)
    hands.type_into(when.get_by_label("Month"), month)
    hands.type_into(when.get_by_label("Year"), year)
    _button(hands, "Add the recommendation")


def test_a_request_reviewed_by_the_agencies_and_escalated_without_success(
    live_server: LiveServer,
    partnership: Partnership,
    open_tab: OpenTab,
    audit: Audit,
    time_machine: TimeMachineFixture,
) -> None:
    applicant_tab = open_tab()
    applicant = Pointer(applicant_tab.page, arrived=audit.check)
    case = a_victim_asks_for_a_review(applicant, live_server.url, also_told=HOUSING)
    status_url = re.search(r"http://\S+/status/[^/\s]+/", str(mail.outbox[-1].body))
    assert status_url
    staff("cara")
    chair, reviewer = staff("chad", role=Role.PANEL_CHAIR), staff("rhea", role=Role.PANEL_CHAIR)
    officers = {
        POLICE: (staff("otto", role=Role.AGENCY_OFFICER, agency_kind="police"), "Two patrols."),
        HOUSING: (staff("hana", role=Role.AGENCY_OFFICER, agency_kind="housing"), "A tenancy warning."),
    }
    case_url = f"{live_server.url}/staff/cases/{case.reference}/"

    # The coordinator acknowledges, finds the threshold met as the engine does, and asks the agencies.
    coordinator_tab = open_tab()
    hands = Pointer(coordinator_tab.page, arrived=audit.check)
    page = hands.page
    sign_in_with_an_authenticator_app(hands, case_url, "cara")
    _button(hands, "Acknowledge the request")
    hands.activate(page.get_by_role("button", name="Record the threshold decision"))
    hands.choose(page.get_by_role("radio", name="The threshold is met: hold a review"))
    _button(hands, "Record the decision and write to the applicant")
    _button(hands, "Request information from every agency")

    # Two agencies answer, each in a browser of its own.
    officer_hands = {}
    for agency, (officer, action) in officers.items():
        tab = open_tab()
        officer_hands[agency] = Pointer(tab.page, arrived=audit.check)
        sign_in_with_a_backup_code(
            officer_hands[agency], case_url, officer.username, with_backup_codes(officer)[0]
        )
        _officer_answers(officer_hands[agency], case_url, agency, action)

    # The meeting: a quarter of an hour from now. The council and the health board have not answered,
    # so the coordinator says why the meeting goes ahead without them.
    hands.open(f"{case_url}information/")
    expect(page.get_by_text("Two patrols.")).to_be_visible()
    hands.activate(page.get_by_role("button", name="Arrange the review meeting"))
    _heading(page, "Arrange the review meeting")
    _button(hands, "Arrange the meeting and write to the applicant")  # empty: the error state
    errors = expect_errors(page)
    assert "Enter the date of the meeting" in errors
    assert "Say why the meeting is going ahead before every agency has answered" in errors
    starts = timezone.localtime(timezone.now() + timedelta(minutes=15)).replace(second=0, microsecond=0)
    when = page.get_by_role("group", name="Date of the meeting")
    hands.type_into(when.get_by_label("Day"), str(starts.day))
    hands.type_into(when.get_by_label("Month"), str(starts.month))
    hands.type_into(when.get_by_label("Year"), str(starts.year))
    hands.type_into(page.get_by_label("Start time"), f"{starts:%H:%M}")
    hands.type_into(page.get_by_label("Place"), "Beech Hurst, Andover")
    hands.choose(page.get_by_role("radio", name=chair.get_full_name()))
    hands.choose(  # the chair is the council's, and the council was asked: not independent
        page.get_by_role("group", name=re.compile("Is the chair independent")).get_by_role("radio", name="No")
    )
    hands.type_into(
        page.get_by_label("Why go ahead before every agency has answered?"),
        "The council and the health board hold nothing on the street.",
    )
    agencies = page.get_by_role("group", name="Which agencies will attend?")
    for name in ("Test Valley Borough Council", "Hampshire and Isle of Wight Integrated Care Board"):
        agencies.get_by_role("checkbox", name=name).uncheck()
    hands.choose(page.get_by_role("radio", name="Invited, and will attend (or be represented)"))
    _button(hands, "Arrange the meeting and write to the applicant")
    _heading(page, case.reference)
    expect(page.get_by_role("link", name="Open the meeting pack (PDF, OFFICIAL-SENSITIVE)")).to_be_visible()
    # The case page's address stays the same as its review section grows: scan each stage of it.
    audit.check(page, "meeting arranged")

    # The room is double-booked: the meeting moves to another, and the applicant is told.
    hands.activate(page.get_by_role("link", name=re.compile("^Change the meeting")))
    _heading(page, "Change the review meeting")
    _button(hands, "Change the meeting")  # no reason: the error state
    assert "Say why the meeting is changing" in expect_errors(page)
    expect(page.get_by_label("Place")).to_have_value("Beech Hurst, Andover")
    hands.type_into(page.get_by_label("Place"), "Chantry Centre, Andover")
    hands.type_into(page.get_by_label("Why is the meeting changing?"), "The room is double-booked.")
    _button(hands, "Change the meeting")
    _heading(page, case.reference)
    expect(page.get_by_text("Chantry Centre, Andover", exact=True)).to_be_visible()
    assert Letter.objects.filter(application=case, kind=Letter.Kind.MEETING).count() == 2
    audit.check(page, "meeting changed")

    # Before the meeting nothing can be recorded; once it has started, its record is offered.
    expect(page.get_by_role("button", name="Record the meeting")).to_have_count(0)
    expect(page.get_by_text("You can record the meeting once it has happened")).to_be_visible()
    time_machine.move_to(starts + timedelta(minutes=1), tick=True)
    hands.open(f"{case_url}review/")

    # The record of the meeting, and two recommendations.
    hands.activate(page.get_by_role("button", name="Record the meeting"))
    _heading(page, "Record the review meeting")
    _button(hands, "Save the record")  # empty: the error state
    hands.type_into(page.get_by_label("Who took part?"), "Chad (chair), Cara, Otto, Hana, and the victim")
    hands.type_into(page.get_by_label(f"What {POLICE} had done"), "Two patrols.")
    hands.type_into(page.get_by_label(f"What {HOUSING} had done"), "A tenancy warning.")
    for agency in (POLICE, HOUSING):
        hands.choose(
            page.get_by_role("group", name=f"Did {agency} attend?").get_by_role("radio", name="Attended")
        )
    hands.type_into(
        page.get_by_label("The panel's findings"), "The police and the landlord did not share reports."
    )
    hands.choose(
        page.get_by_role("group", name="Is further action possible?").get_by_role("radio", name="Yes")
    )
    _button(hands, "Save the record")
    due = working_days_after(timezone.localdate(), 20).strftime("%d/%m/%Y")
    _add_recommendation(
        hands, f"{officers[POLICE][0].get_full_name()}, {POLICE}", "visit the street every night", due
    )
    _add_recommendation(hands, f"{officers[HOUSING][0].get_full_name()}, {HOUSING}", "offer mediation", due)
    assert Recommendation.objects.filter(meeting__application=case).count() == 2
    audit.check(page, "meeting recorded, two recommendations")

    # Each agency accepts its own.
    for agency in officers:
        _accepts(officer_hands[agency], case_url, agency)

    # The victim is consulted on the plan before it is final; then the outcome letter goes.
    hands.open(f"{case_url}review/")
    _button(hands, "Send the draft plan to the applicant")
    _link(hands, "Record the applicant's comments")
    _heading(page, "The applicant's comments on the draft plan")
    _button(hands, "Save their comments")  # empty: the error state
    hands.type_into(page.get_by_label("What did they say?"), "Mediation would help; nightly visits too.")
    _button(hands, "Save their comments")
    _button(hands, "Make the action plan final")
    hands.activate(page.get_by_role("button", name="Send the outcome"))
    _heading(page, "Send the outcome")
    _button(hands, "Send the outcome letter")  # empty: the error state
    hands.type_into(
        page.get_by_label("What the review found, for the applicant"),
        "The police and your landlord will now share every report about your street.",
    )
    _button(hands, "Send the outcome letter")
    expect(page.locator(".govuk-tag", has_text="Outcome sent")).to_be_visible()
    audit.check(page, "outcome sent")
    outcome = Letter.objects.get(application=case, kind=Letter.Kind.OUTCOME)
    assert "Aster Group will offer mediation" in outcome.body_text

    # The applicant asks for an escalation from their status page.
    applicant.open(status_url.group(0))
    _link(applicant, "Ask for an escalation")
    # Holding the link is not enough: the postcode they gave first.
    applicant.type_into(
        applicant.page.get_by_label("What postcode did you give in your request?"), "sp10 3aj"
    )
    _button(applicant, "Continue")
    _heading(applicant.page, "Ask for an escalation")
    _button(applicant, "Continue")  # empty: the error state
    assert expect_errors(applicant.page) == [
        "Select what you would like looked at again",
        "Select at least one reason",
        "Enter what you think went wrong",
    ]
    applicant.choose(applicant.page.get_by_role("radio", name="How the review was carried out"))
    applicant.choose(applicant.page.get_by_role("checkbox", name="Relevant information was not considered"))
    applicant.type_into(
        applicant.page.get_by_label("What do you think went wrong?"), "My diary was not read."
    )
    _button(applicant, "Continue")
    _heading(applicant.page, "Are you sure you want to ask for an escalation?")
    _button(applicant, "Yes, send my request for an escalation")
    _heading(applicant.page, "Your request for an escalation has been sent")
    _link(applicant, "Back to your request")
    expect(
        applicant.page.get_by_text("Someone who took no part in your case is looking at it.")
    ).to_be_visible()

    # A panel chair who took no part decides it: not upheld.
    reviewer_tab = open_tab()
    reviewing = Pointer(reviewer_tab.page, arrived=audit.check)
    sign_in_with_a_backup_code(reviewing, f"{case_url}review/", "rhea", with_backup_codes(reviewer)[0])
    reviewing.activate(reviewer_tab.page.get_by_role("button", name="Decide the escalation"))
    _heading(reviewer_tab.page, "Decide the escalation")
    _button(reviewing, "Record the decision and write to the applicant")  # empty: the error state
    reviewing.choose(reviewer_tab.page.get_by_role("radio", name="Not upheld"))
    reviewing.type_into(reviewer_tab.page.get_by_label("Reasons"), "The diary was in the pack and discussed.")
    _button(reviewing, "Record the decision and write to the applicant")
    _heading(reviewer_tab.page, case.reference)
    audit.check(reviewer_tab.page, "escalation decided")

    case.refresh_from_db()
    assert case.state == State.OUTCOME_SENT
    escalation = Escalation.objects.get(application=case)
    assert (escalation.upheld, escalation.decided_by) == (False, reviewer)
    assert Letter.objects.filter(application=case, kind=Letter.Kind.ESCALATION_DECISION).exists()
    for tab in (applicant_tab, coordinator_tab, reviewer_tab):
        tab.assert_nothing_went_wrong()
    audit.assert_accessible()
    assert Application.objects.count() == 1
