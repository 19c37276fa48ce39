"""One case's casework in a real browser, as a partnership's coordinator runs it: the case arrives
with an owner and is handed to a colleague with a reason; a phone call goes in the diary and a
statement in its documents; where it happens and who is said to be responsible are recorded, and the
earlier case about the same street is linked; the council's emailed answer is recorded with the
email attached (it has no one in the service); the meeting's invitations go out with their calendar
file; and, once the plan's only action is done, the case closes with its closing letter. Every page,
and an error state of each new form, scanned with axe."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from accounts.people import staff
from applications.builders import submitted
from django.core import mail
from django.utils import timezone
from documents.builders import EMAIL, PDF
from playwright.sync_api import FilePayload, expect
from pytest_django.live_server_helper import LiveServer
from time_machine import TimeMachineFixture

from community_trigger.agencies.models import Partnership
from community_trigger.cases.models import Application
from community_trigger.common.calendar import working_days_after
from community_trigger.domain.access import Role
from community_trigger.letters.models import Letter
from community_trigger.related.services import perpetrator_add, place_add
from community_trigger.reviews.models import Attendance, Recommendation
from community_trigger.reviews.services.meetings import meeting_record
from community_trigger.reviews.services.plans import (
    action_plan_comments,
    action_plan_finalise,
    action_plan_share,
    outcome_send,
    recommendation_add,
    recommendation_update,
)
from community_trigger.sharing.models import InformationResponse

from .accessibility import Audit
from .conftest import OpenTab
from .journey import Pointer, expect_errors, expect_page, type_date
from .staff import log_the_applicants_call, open_section, sign_in_with_an_authenticator_app

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COUNCIL = "Test Valley Borough Council"
POLICE = "Hampshire and Isle of Wight Constabulary"


def _button(hands: Pointer, name: str) -> None:
    hands.activate(hands.page.get_by_role("button", name=name, exact=True))


def _reviewed_with_one_action_done(case: Application, coordinator: object, officer: object) -> None:
    """What the panel did at the meeting, recorded as the services record it (the review's own
    browser test walks these pages): the police attended, one action agreed, the plan shared and made
    final, the outcome sent, and the action done."""
    meeting = case.meetings.get()
    police = case.partnership.agencies.get(kind="police")
    agencies = list(meeting.agencies.all())
    meeting_record(
        meeting=meeting,
        attendees="Chad (chair), Colm, Otto",
        summaries={agency.pk: "What the agency had done." for agency in agencies},
        findings="The reports were not shared between the agencies.",
        further_action_possible=True,
        attendance={
            agency.pk: Attendance.ATTENDED if agency == police else Attendance.APOLOGIES
            for agency in agencies
        },
        actor=coordinator,
    )
    action = recommendation_add(
        meeting=meeting,
        agency=police,
        owner=officer,
        action="visit the street every night for a month",
        due_by=working_days_after(timezone.localdate(), 20),
        actor=coordinator,
    )
    recommendation_update(recommendation=action, to="accepted", actor=officer)
    action_plan_share(meeting=meeting, actor=coordinator)
    action_plan_comments(meeting=meeting, comments="Thank you.", actor=coordinator)
    action_plan_finalise(meeting=meeting, actor=coordinator)
    outcome_send(meeting=meeting, summary_for_applicant="The police will visit nightly.", actor=coordinator)
    recommendation_update(
        recommendation=Recommendation.objects.get(pk=action.pk),
        to="done",
        note="Visited nightly.",
        actor=officer,
    )


def test_a_coordinator_takes_a_case_from_its_owner_to_its_closing_letter(
    live_server: LiveServer,
    partnership: Partnership,
    open_tab: OpenTab,
    audit: Audit,
    time_machine: TimeMachineFixture,
) -> None:
    cara, colm = staff("cara"), staff("colm")
    chair = staff("chad", role=Role.PANEL_CHAIR)
    officer = staff("otto", role=Role.AGENCY_OFFICER, agency_kind="police")
    earlier = submitted(partnership)
    place_add(application=earlier, actor=cara, address="16 Hill Road", postcode="SO51 8AB")
    perpetrator_add(application=earlier, actor=cara, names="John Smith")
    partnership.agencies.filter(name=COUNCIL).update(contact_email="asb-team@council.example")
    case = submitted(partnership)
    case.refresh_from_db()
    assert case.owner in (cara, colm)  # given by the partnership's rule as it arrived
    case_url = f"{live_server.url}/staff/cases/{case.reference}/"

    tab = open_tab()
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    sign_in_with_an_authenticator_app(hands, case_url, "cara")
    expect_page(page, case.reference)

    # The owner: handed to the colleague who already knows the applicant, with the reason kept.
    other = colm if case.owner == cara else cara
    hands.activate(page.get_by_role("link", name="Change the owner"))
    expect_page(page, "Change the case's owner")
    _button(hands, "Change the owner")  # nothing chosen: the error state
    assert "Enter why the case is changing owner" in expect_errors(page)
    hands.choose(page.get_by_role("radio", name=other.get_full_name()))
    hands.type_into(page.get_by_label("Why is the case changing owner?"), "They took her first call.")
    _button(hands, "Change the owner")
    expect_page(page, case.reference)
    expect(page.locator("#case-owner")).to_contain_text(other.get_full_name())

    # The diary: the applicant's call, for the coordinators only.
    hands.activate(page.get_by_role("link", name="Add a note or log a contact"))
    log_the_applicants_call(hands, "The music went on until 3am again.")
    expect_page(page, "Case diary")
    expect(page.get_by_text("The music went on until 3am again.")).to_be_visible()

    # A document: the applicant's statement, from the identity bar.
    hands.activate(page.get_by_role("button", name="Add a document"))
    page.get_by_label("Upload a file").set_input_files(
        files=[FilePayload(name="statement.pdf", mimeType="application/pdf", buffer=PDF)]
    )
    hands.choose(page.get_by_role("radio", name="Statement"))
    _button(hands, "Add the document")
    expect_page(page, case.reference)
    expect(page.get_by_role("link", name="statement.pdf")).to_be_visible()

    # Where and who, and the earlier case about the same street, linked with a reason.
    open_section(hands, "Incidents")
    hands.activate(page.get_by_role("link", name="Add a place"))
    hands.type_into(page.get_by_label("Address or name of the place"), "14 Hill Road")
    hands.type_into(page.get_by_label("Postcode (optional)"), "so51 8ab")
    _button(hands, "Add the place")
    hands.activate(page.get_by_role("link", name="Add someone said to be responsible"))
    hands.type_into(page.get_by_label("Name or names"), "Jon Smyth")
    _button(hands, "Add them")
    related = page.locator("table", has_text="Why it may be related")
    expect(related.get_by_text("Same postcode SO51 8AB")).to_be_visible()
    hands.activate(related.get_by_role("link", name=f"Link to {earlier.reference}"))
    hands.type_into(page.get_by_label("Why are the cases linked?"), "The same neighbour, two doors along.")
    _button(hands, "Link the cases")
    expect(page.locator("h2#linked-cases + ul").get_by_role("link", name=earlier.reference)).to_be_visible()

    # The procedure's first steps, then the agencies are asked.
    _button(hands, "Acknowledge the request")
    hands.activate(page.get_by_role("button", name="Record the threshold decision"))
    hands.choose(page.get_by_role("radio", name="The threshold is met: hold a review"))
    _button(hands, "Record the decision and write to the applicant")
    _button(hands, "Request information from every agency")
    # The council has no one in the service: it was sent its request by email, which the case says.
    council_request = case.information_requests.get(agency__name=COUNCIL)
    assert any("asb-team@council.example" in message.to for message in mail.outbox)

    # Its answer came back by email: the coordinator records it, saying who sent it and how.
    hands.activate(
        page.get_by_role("link", name=f"Record an answer sent by email, phone or letter for {COUNCIL}")
    )
    expect_page(page, f"Record the answer from {COUNCIL}")
    _button(hands, "Record the answer")  # empty: the error state
    assert expect_errors(page)
    hands.type_into(page.get_by_label("Name"), "Jo Bloggs")
    hands.type_into(page.get_by_label("Role or team (optional)"), "ASB team")
    type_date(hands, "Day it was received", timezone.localdate())
    hands.choose(page.get_by_role("group", name="How it came").get_by_role("radio", name="Email"))
    for finding in page.get_by_role("radio", name="Not found").all():
        hands.choose(finding)
    hands.type_into(page.get_by_label("Action taken"), "A noise abatement notice was considered.")
    hands.type_into(page.get_by_label("Outcome of that action"), "No notice was served.")
    hands.choose(
        page.get_by_role("group", name=re.compile("Do you have the email or letter")).get_by_role(
            "radio", name="Yes"
        )
    )
    _button(hands, "Record the answer")
    # The email they sent goes with the answer, through every check a document gets.
    expect_page(page, "Add a document to an agency's answer")
    expect(page.get_by_role("radio", name="Email")).to_be_checked()
    page.get_by_label("Upload a file").set_input_files(
        files=[FilePayload(name="council answer.eml", mimeType="message/rfc822", buffer=EMAIL)]
    )
    _button(hands, "Add the document")
    expect_page(page, case.reference)
    expect(page.get_by_role("link", name="council answer.eml")).to_be_visible()
    open_section(hands, "Information")
    expect(page.get_by_text(re.compile("Sent by email by Jo Bloggs"))).to_be_visible()
    assert InformationResponse.objects.get(request=council_request).sender_name == "Jo Bloggs"

    # The meeting: the invitations go to the chair and the agencies, each with its calendar file.
    mail.outbox.clear()
    hands.activate(page.get_by_role("button", name="Arrange the review meeting"))
    starts = timezone.localtime(timezone.now() + timedelta(minutes=15)).replace(second=0, microsecond=0)
    type_date(hands, "Date of the meeting", starts)
    hands.type_into(page.get_by_label("Start time"), f"{starts:%H:%M}")
    hands.type_into(page.get_by_label("Place"), "Beech Hurst, Andover")
    hands.choose(page.get_by_role("radio", name=chair.get_full_name()))
    hands.choose(
        page.get_by_role("group", name=re.compile("Is the chair independent")).get_by_role("radio", name="No")
    )
    hands.type_into(
        page.get_by_label("Why go ahead before every agency has answered?"),
        "The health board and the landlord hold nothing on the street.",
    )
    hands.choose(page.get_by_role("radio", name="Invited, and will attend (or be represented)"))
    _button(hands, "Arrange the meeting and write to the applicant")
    expect_page(page, case.reference)
    invitations = [message for message in mail.outbox if chair.email in message.to]
    assert invitations, "the chair is invited"
    calendars = [
        attachment
        for attachment in invitations[0].attachments
        if "text/calendar" in str(getattr(attachment, "mimetype", "") or attachment[2])
    ]
    assert calendars, "the invitation carries its calendar file"
    ics = calendars[0].content if hasattr(calendars[0], "content") else calendars[0][1]
    text = ics.decode() if isinstance(ics, bytes) else str(ics)
    assert "METHOD:REQUEST" in text
    assert case.reference in text
    assert "Hill Road" not in text  # nothing of the applicant's in it

    # After the meeting, its record and the plan (walked in the review's own browser test); then the
    # police's only action is done, and the coordinator closes the case.
    time_machine.move_to(starts + timedelta(minutes=1), tick=True)
    _reviewed_with_one_action_done(case, cara, officer)
    hands.open(f"{case_url}review/")
    _button(hands, "Close the case")
    expect_page(page, case.reference)
    closing = Letter.objects.filter(application=case, kind=Letter.Kind.CLOSING)
    assert closing.count() == 1
    open_section(hands, "Letters and messages")
    expect(page.get_by_role("link", name="Case closed letter (PDF)")).to_be_visible()
    tab.assert_nothing_went_wrong()
    audit.assert_accessible()
