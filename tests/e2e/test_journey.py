"""The whole request journey in a real browser, for each kind of applicant, down to what is stored."""

from __future__ import annotations

import re

import pytest
from accounts.people import staff
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership
from community_trigger.applications.consent import CONSENT_WORDING_VERSION
from community_trigger.cases.models import Application, CaseEvent, ConsentMethod, PersonRole

from . import journey
from .accessibility import Audit
from .conftest import OpenTab, Tab
from .journey import (
    CHECK_ANSWERS,
    Details,
    Incident,
    Pointer,
    Report,
    days_ago,
    expect_errors,
    expect_field_error,
    expect_page,
    long_date,
)
from .staff import sign_in_with_an_authenticator_app

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COUNCIL = "Test Valley Borough Council"
POLICE = "Hampshire and Isle of Wight Constabulary"
HOUSING = "Aster Group"


def reference_pattern() -> re.Pattern[str]:
    return re.compile(rf"TVP-{timezone.localdate().year}-\d{{4}}")


def status_link(message: mail.EmailMessage, live_server: LiveServer) -> str:
    found = re.search(rf"{re.escape(live_server.url)}/test-valley/status/[^/\s]+/", str(message.body))
    assert found, message.body
    return found.group(0)


def test_a_victim_asks_for_a_review_of_three_incidents_and_meets_the_three_complaints_threshold(
    live_server: LiveServer, partnership: Partnership, tab: Tab, audit: Audit
) -> None:
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    you = Details(
        name="Alex Example",
        address_line_1="1 Test Street",
        town="Andover",
        postcode="sp103aj",
        email="alex@example.com",
        phone="01632 960 001",
    )
    first = Incident(
        days_ago(40),
        "Shouting and banging on my door at 2am",
        "Outside 1 Test Street",
        (Report("You", COUNCIL, days_ago(38), reference="TVBC-0042"),),
    )
    others = (
        Incident(
            days_ago(20),
            "Stones thrown at my window",
            "Rear garden of 1 Test Street",
            (Report("You", POLICE, days_ago(19), reference="44260012345"),),
        ),
        Incident(
            days_ago(6),
            "Threats shouted in the street",
            "Test Street",
            (Report("You", HOUSING, days_ago(5)), Report("You", POLICE, days_ago(4))),
        ),
    )

    journey.start(hands, live_server.url)
    journey.answer_who(hands, "victim")
    journey.answer_consent(hands, "Yes")
    journey.answer_your_details(hands, you, contact_by="Email", help_needed="Large print letters")

    # An impossible date: the error is shown in the summary and by the field, and what was typed stays.
    expect_page(page, "Add an incident")
    journey.fill_incident(hands, first, send=False)
    journey.type_impossible_date(hands, journey.INCIDENT_WHEN, first.on.year)
    hands.activate(page.get_by_role("button", name="Continue"))
    assert expect_errors(page) == ["Date of the incident must be a real date"]
    expect_field_error(page, "Date of the incident must be a real date")
    when = page.get_by_role("group", name=journey.INCIDENT_WHEN)
    expect(when.get_by_label("Day")).to_have_value("31")
    expect(when.get_by_label("Month")).to_have_value("2")
    expect(when.get_by_label("Year")).to_have_value(str(first.on.year))
    expect(page.get_by_label("What happened?")).to_have_value(first.description)
    expect(page.get_by_label("Where did it happen?")).to_have_value(first.location)
    journey.type_date(hands, journey.INCIDENT_WHEN, first.on)
    hands.activate(page.get_by_role("button", name="Continue"))

    # A report dated before the incident it reports.
    expect_page(page, journey.who_reported(first))
    too_early = Report("You", COUNCIL, days_ago(41), reference="TVBC-0042")
    journey.fill_report(hands, too_early)
    message = (
        f"Date of the report must be the same as or after the date of the incident ({long_date(first.on)})"
    )
    assert expect_errors(page) == [message]
    expect_field_error(page, message)
    expect(page.get_by_role("group", name="Who was it reported to?").get_by_label(COUNCIL)).to_be_checked()
    expect(page.get_by_label("Reference number (optional)")).to_have_value("TVBC-0042")
    journey.type_date(hands, journey.REPORT_WHEN, first.reports[0].on)
    hands.activate(page.get_by_role("button", name="Continue"))
    journey.answer_add_another(hands, journey.reports_of(first), journey.REPORTED_AGAIN, "No")
    journey.answer_add_another(hands, journey.incidents_added(1), journey.ANOTHER_INCIDENT, "Yes")
    journey.add_incidents(hands, others, added_before=1)
    journey.answer_staff_conduct(hands, "No")
    journey.answer_satisfaction(hands, journey.NOT_SATISFIED)
    journey.answer_impact(hands, impact="I cannot sleep", support="Someone to talk to")

    # Change where the first incident happened: through the incident and the list, back to check answers.
    expect_page(page, CHECK_ANSWERS)
    journey.change_answer(hands, "where incident 1 happened")
    expect_page(page, "Change an incident")
    expect(page.get_by_label("Where did it happen?")).to_have_value(first.location)
    hands.type_into(page.get_by_label("Where did it happen?"), "Front door of 1 Test Street")
    hands.activate(page.get_by_role("button", name="Continue"))
    journey.answer_add_another(hands, journey.incidents_added(3), journey.ANOTHER_INCIDENT, "No")
    expect_page(page, CHECK_ANSWERS)
    expect(page.get_by_text("Front door of 1 Test Street")).to_be_visible()
    expect(page.get_by_text(first.location, exact=True)).to_have_count(0)

    # The same check answers page, left open in a second tab, to send again after the first.
    stale = page.context.new_page()
    stale.goto(page.url)
    reference = journey.accept_and_send(hands)
    assert reference_pattern().fullmatch(reference)
    expect(page.get_by_text("We have sent you a confirmation email")).to_be_visible()
    page.reload()
    assert journey.read_reference(page) == reference
    stale.get_by_role("button", name="Accept and send").click()
    assert journey.read_reference(stale) == reference
    assert Application.objects.count() == 1

    application = Application.objects.get()
    assert application.reference == reference
    assert application.state == "received"
    assert application.channel == "online"
    assert application.applicant_role == "victim"
    assert application.satisfaction == "not_satisfied"
    assert application.impact == "I cannot sleep"
    assert application.support_wanted == "Someone to talk to"
    (applicant,) = application.people.all()
    assert (applicant.role, applicant.engine_id, applicant.name) == (PersonRole.APPLICANT, "P1", you.name)
    assert applicant.postcode == "SP10 3AJ"
    assert (applicant.email, applicant.contact_preference) == (you.email, "email")
    assert applicant.help_needed == "Large print letters"
    assert [(c.given, c.method, c.wording_version) for c in applicant.consents.all()] == [
        (True, ConsentMethod.ONLINE, CONSENT_WORDING_VERSION)
    ]
    stored = [
        (
            incident.date,
            incident.location,
            [
                (r.person.role, r.agency.name if r.agency else "", r.date, r.reference)
                for r in incident.reports.all()
            ],
        )
        for incident in application.incidents.all()
    ]
    assert stored == [
        (
            first.on,
            "Front door of 1 Test Street",
            [(PersonRole.APPLICANT, COUNCIL, days_ago(38), "TVBC-0042")],
        ),
        (others[0].on, others[0].location, [(PersonRole.APPLICANT, POLICE, days_ago(19), "44260012345")]),
        (
            others[1].on,
            others[1].location,
            [
                (PersonRole.APPLICANT, HOUSING, days_ago(5), ""),
                (PersonRole.APPLICANT, POLICE, days_ago(4), ""),
            ],
        ),
    ]
    (assessment,) = application.assessments.all()
    assert (assessment.threshold_met, assessment.route) == (True, "three_complaints")
    assert assessment.policy == "test-valley"
    assert assessment.policy_version
    assert assessment.engine_output["threshold_met"] is True
    assert [event.to_state for event in CaseEvent.objects.filter(application=application)] == ["received"]

    (email,) = mail.outbox
    assert email.to == [you.email]
    assert reference in email.subject
    assert reference in str(email.body)
    status_link(email, live_server)

    audit.assert_accessible()
    tab.assert_nothing_went_wrong()


def test_someone_acting_for_a_victim_asks_for_a_review_that_does_not_meet_the_threshold(
    live_server: LiveServer, partnership: Partnership, tab: Tab, audit: Audit
) -> None:
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    you = Details(
        name="Sam Helper",
        address_line_1="2 Helper Road",
        town="Romsey",
        postcode="SO51 8AA",
        email="sam@example.com",
        phone="07700 900 982",
    )
    victim = Details(name="Pat Victim", address_line_1="3 Quiet Lane", town="Andover", postcode="SP10 1AA")
    incidents = (
        Incident(
            days_ago(30),
            "Car tyres slashed",
            "Car park behind 3 Quiet Lane",
            (
                Report("Pat Victim", POLICE, days_ago(29)),
                Report(
                    "You, on their behalf",
                    "Another organisation",
                    days_ago(28),
                    other_organisation="Victim Support",
                ),
            ),
        ),
        Incident(
            days_ago(10),
            "Dog let loose to chase her",
            "Quiet Lane",
            (Report("You, on their behalf", COUNCIL, days_ago(9), reference="CASE-77"),),
        ),
    )

    journey.start(hands, live_server.url)
    journey.answer_who(hands, "representative")
    journey.answer_consent(hands, "Yes")
    journey.answer_your_details(hands, you, contact_by="Phone")

    # A missing required answer: the error is shown, and everything typed is still there.
    journey.answer_victim(hands, victim, relationship="", agreed="In writing, for example a signed letter")
    assert expect_errors(page) == ["Enter your relationship to the victim"]
    expect_field_error(page, "Enter your relationship to the victim")
    expect(page.get_by_label("Full name", exact=True)).to_have_value(victim.name)
    expect(page.get_by_label("Postcode")).to_have_value(victim.postcode)
    agreed = page.get_by_role("group", name=journey.VICTIM_AGREED)
    expect(agreed.get_by_label("In writing, for example a signed letter")).to_be_checked()
    hands.type_into(page.get_by_label("Your relationship to the victim"), "Neighbour")
    hands.activate(page.get_by_role("button", name="Continue"))

    journey.add_incidents(hands, incidents)
    journey.answer_staff_conduct(hands, "No")
    journey.answer_satisfaction(hands, journey.NO_ACTION, heading=journey.SATISFACTION_FOR_VICTIM)
    journey.answer_impact(hands)

    expect_page(page, CHECK_ANSWERS)
    audit.check(page, "acting for a victim")
    expect(page.get_by_role("heading", name="The victim", exact=True)).to_be_visible()
    journey.change_answer(hands, "your relationship to the victim")
    expect_page(page, "The victim's details")
    expect(page.get_by_label("Your relationship to the victim")).to_have_value("Neighbour")
    hands.type_into(page.get_by_label("Your relationship to the victim"), "Daughter")
    hands.activate(page.get_by_role("button", name="Continue"))
    expect_page(page, CHECK_ANSWERS)
    expect(page.get_by_text("Daughter", exact=True)).to_be_visible()

    reference = journey.accept_and_send(hands)

    application = Application.objects.get()
    assert reference_pattern().fullmatch(reference)
    assert application.reference == reference
    assert application.applicant_role == "representative"
    assert application.satisfaction == "no_action"
    people = {person.role: person for person in application.people.all()}
    assert set(people) == {PersonRole.APPLICANT, PersonRole.VICTIM}
    applicant, represented = people[PersonRole.APPLICANT], people[PersonRole.VICTIM]
    assert (applicant.name, applicant.engine_id, applicant.contact_preference) == (you.name, "", "phone")
    assert (represented.name, represented.engine_id) == (victim.name, "P1")
    assert represented.relationship_to_victim == "Daughter"
    assert [(c.given, c.method, c.wording_version) for c in applicant.consents.all()] == [
        (True, ConsentMethod.ONLINE, CONSENT_WORDING_VERSION)
    ]
    assert [(c.given, c.method, c.wording_version) for c in represented.consents.all()] == [
        (True, ConsentMethod.IN_WRITING, CONSENT_WORDING_VERSION)
    ]
    stored = [
        [
            (
                r.person.name,
                r.made_by_representative,
                r.agency.name if r.agency else r.other_organisation,
                r.date,
            )
            for r in incident.reports.all()
        ]
        for incident in application.incidents.all()
    ]
    # A report the representative made on the victim's behalf is the victim's complaint.
    assert stored == [
        [(victim.name, False, POLICE, days_ago(29)), (victim.name, True, "Victim Support", days_ago(28))],
        [(victim.name, True, COUNCIL, days_ago(9))],
    ]
    # Two separate incidents reported to partner agencies, where the policy asks for three.
    (assessment,) = application.assessments.all()
    assert (assessment.threshold_met, assessment.route) == (False, "")
    assert assessment.policy == "test-valley"
    assert assessment.policy_version
    not_counted = [report for report in assessment.engine_output["reports"] if not report["qualifies"]]
    assert [report["reasons"] for report in not_counted] == [["partner_agency"]]

    (email,) = mail.outbox
    assert email.to == [you.email]
    assert reference in email.subject

    audit.assert_accessible()
    tab.assert_nothing_went_wrong()


def test_someone_acting_for_a_group_of_five_meets_the_five_individuals_threshold(
    live_server: LiveServer, partnership: Partnership, tab: Tab, audit: Audit
) -> None:
    """Every question page is first sent empty, and must answer with GOV.UK's error pattern."""
    page = tab.page
    hands = Pointer(page, arrived=audit.check, empty_first=True)
    you = Details(
        name="Jo Chair",
        address_line_1="Flat 1, Riverside Court",
        address_line_2="Mill Lane",
        town="Andover",
        postcode="SP10 2BB",
        email="jo@example.com",
    )
    members = (
        journey.Member("Member One", email="one@example.com"),
        journey.Member("Member Two", phone="07700 900 002"),
        journey.Member("Member Three", email="three@example.com", phone="07700 900 003"),
        journey.Member("Member Four", email="four@example.com"),
    )
    incident = Incident(
        days_ago(14),
        "Fireworks let off in the stairwell",
        "Riverside Court",
        (
            Report("You", COUNCIL, days_ago(13)),
            Report("Member One", POLICE, days_ago(13)),
            Report("Member Two", HOUSING, days_ago(12)),
            Report("Member Three", COUNCIL, days_ago(12)),
            Report("Member Four", POLICE, days_ago(11)),
        ),
    )

    journey.start(hands, live_server.url)
    journey.answer_who(hands, "group_representative")
    journey.answer_consent(hands, "Yes")
    journey.answer_your_details(hands, you)
    for number, member in enumerate(members, start=1):
        journey.add_member(hands, member)
        journey.answer_add_another(hands, journey.members_added(number), journey.ANOTHER_PERSON, "Yes")
    # One person too many, then removed.
    journey.add_member(hands, journey.Member("Added By Mistake", email="mistake@example.com"))
    expect_page(page, journey.members_added(5))
    hands.activate(page.get_by_role("link", name="Remove Added By Mistake"))
    journey.answer_add_another(
        hands,
        "Are you sure you want to remove Added By Mistake?",
        "Are you sure you want to remove Added By Mistake?",
        "Yes",
    )
    journey.answer_add_another(hands, journey.members_added(4), journey.ANOTHER_PERSON, "No")
    journey.add_incidents(hands, (incident,))
    journey.answer_staff_conduct(hands, "No")
    journey.answer_satisfaction(hands, journey.NO_ACTION)
    journey.answer_impact(hands, vulnerability="Several of us are elderly")

    expect_page(page, CHECK_ANSWERS)
    audit.check(page, "acting for a group")
    journey.change_answer(hands, "Member Two")
    expect_page(page, "Change a person in the group")
    expect(page.get_by_label("Phone number")).to_have_value("07700 900 002")
    hands.type_into(page.get_by_label("Phone number"), "07700 900 222")
    hands.activate(page.get_by_role("button", name="Continue"))
    hands.empty_first = False
    journey.answer_add_another(hands, journey.members_added(4), journey.ANOTHER_PERSON, "No")
    expect_page(page, CHECK_ANSWERS)
    expect(page.get_by_text("07700 900 222")).to_be_visible()

    reference = journey.accept_and_send(hands)

    application = Application.objects.get()
    assert reference_pattern().fullmatch(reference)
    assert application.applicant_role == "group_representative"
    assert application.vulnerability == "Several of us are elderly"
    people = list(application.people.all())
    assert [(p.role, p.engine_id, p.name) for p in people] == [
        (PersonRole.APPLICANT, "P1", you.name),
        (PersonRole.MEMBER, "P2", "Member One"),
        (PersonRole.MEMBER, "P3", "Member Two"),
        (PersonRole.MEMBER, "P4", "Member Three"),
        (PersonRole.MEMBER, "P5", "Member Four"),
    ]
    assert people[2].phone == "07700 900 222"
    assert [(c.given, c.method, c.wording_version) for person in people for c in person.consents.all()] == [
        (True, ConsentMethod.ONLINE, CONSENT_WORDING_VERSION)
    ] + [(True, ConsentMethod.CONFIRMED_BY_REPRESENTATIVE, CONSENT_WORDING_VERSION)] * 4
    (stored,) = application.incidents.all()
    assert stored.date == incident.on
    assert [report.person.engine_id for report in stored.reports.all()] == ["P1", "P2", "P3", "P4", "P5"]
    (assessment,) = application.assessments.all()
    assert (assessment.threshold_met, assessment.route) == (True, "five_individuals")
    assert assessment.policy == "test-valley"
    assert assessment.policy_version

    (email,) = mail.outbox
    assert email.to == [you.email]
    assert reference in email.subject

    audit.assert_accessible()
    tab.assert_nothing_went_wrong()


def test_changing_a_report_from_check_answers_comes_back_to_check_answers(
    live_server: LiveServer, partnership: Partnership, tab: Tab, audit: Audit
) -> None:
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    you = Details("Lee Lister", "8 Mill Road", "Andover", "SP10 5EE", email="lee@example.com")
    incident = Incident(
        days_ago(7), "Fence kicked down", "8 Mill Road", (Report("You", COUNCIL, days_ago(6)),)
    )
    journey.request_as_a_victim(hands, live_server.url, you, (incident,))

    journey.change_answer(hands, f"the report to {COUNCIL}")
    expect_page(page, journey.who_reported(incident))
    hands.type_into(page.get_by_label("Reference number (optional)"), "TVBC-2024")
    hands.activate(page.get_by_role("button", name="Continue"))
    # As when changing an incident: through the lists, answering that nothing more is to be added.
    journey.answer_add_another(hands, journey.reports_of(incident), journey.REPORTED_AGAIN, "No")
    journey.answer_add_another(hands, journey.incidents_added(1), journey.ANOTHER_INCIDENT, "No")

    expect_page(page, CHECK_ANSWERS)
    expect(page.get_by_text("Reference TVBC-2024")).to_be_visible()


def test_a_victim_with_no_email_or_phone_asks_by_post_only(
    live_server: LiveServer, partnership: Partnership, tab: Tab, open_tab: OpenTab, audit: Audit
) -> None:
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    you = Details(name="Pat Post", address_line_1="9 Mill Lane", town="Andover", postcode="SP10 2AA")
    incidents = tuple(
        Incident(
            days_ago(12 - n), "Loud music all night", "Mill Lane", (Report("You", COUNCIL, days_ago(11 - n)),)
        )
        for n in range(3)
    )
    journey.start(hands, live_server.url)
    journey.answer_who(hands, "victim")
    journey.answer_consent(hands, "Yes")
    journey.answer_your_details(hands, you, send=False)
    hands.activate(page.get_by_role("button", name="Continue"))

    # Post chosen, letters at home not safe, and no safe other address yet: the page asks for one.
    journey.answer_contact(hands, you, contact_by="Post", send=False)
    hands.choose(
        page.get_by_role(
            "group", name="Is it safe to send letters to your home address? (optional)"
        ).get_by_label("No")
    )
    hands.activate(page.get_by_role("button", name="Continue"))
    assert expect_errors(page) == ["Enter a safe other address for letters, or untick post"]
    hands.type_into(
        page.get_by_label("A safe other address or contact (optional)"), "c/o Andover Support, 1 High St"
    )
    hands.activate(page.get_by_role("button", name="Continue"))
    journey.answer_letter_format(hands, "Large print")
    journey.add_incidents(hands, incidents)
    journey.answer_staff_conduct(hands, "No")
    journey.answer_satisfaction(hands)
    journey.answer_impact(hands)
    expect(page.get_by_text("c/o Andover Support, 1 High St")).to_be_visible()
    reference = journey.accept_and_send(hands)

    applicant = Application.objects.get(reference=reference).people.get(role=PersonRole.APPLICANT)
    assert (applicant.email, applicant.phone, applicant.contact_preference) == ("", "", "post")
    assert applicant.safe_channels == ["post"]
    assert applicant.letters_home_safe is False
    assert applicant.safe_alternative == "c/o Andover Support, 1 High St"
    assert mail.outbox == []
    tab.assert_nothing_went_wrong()

    # The coordinator sees how it is safe to reach them at the top of the case, before anything is sent.
    staff("cara")
    staff_tab = open_tab()
    staff_hands = Pointer(staff_tab.page, arrived=audit.check)
    sign_in_with_an_authenticator_app(staff_hands, live_server.url + "/staff/cases/", "cara")
    staff_tab.page.goto(f"{live_server.url}/staff/cases/{reference}/")
    banner = staff_tab.page.get_by_role("region", name="Contacting the applicant safely")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("No: do not post anything to their home")
    expect(banner).to_contain_text("c/o Andover Support, 1 High St")
    audit.check(staff_tab.page, "the case, with how to contact the applicant safely")
    audit.assert_accessible()
    staff_tab.assert_nothing_went_wrong()
