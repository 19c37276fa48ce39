"""The pages beside the journey: the eligibility checker, the complaints procedure offered beside the
request, and saying no to sharing, which deletes nothing until the person chooses."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership
from community_trigger.applications.models import Draft
from community_trigger.cases.models import Application, Person

from . import journey
from .accessibility import Audit
from .conftest import OpenTab, Tab
from .journey import Details, Incident, Pointer, Report, days_ago, expect_errors, expect_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHECKER = "Check if you can ask for a review"


def test_the_checker_explains_its_errors_and_gives_a_rough_answer_without_keeping_anything(
    live_server: LiveServer, partnership: Partnership, tab: Tab, audit: Audit
) -> None:
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    hands.open(live_server.url + "/")
    hands.activate(page.get_by_role("link", name=CHECKER))
    expect_page(page, CHECKER)

    hands.activate(page.get_by_role("button", name="Check"))
    assert expect_errors(page) == [
        "Enter how many separate incidents you reported",
        "Select who you reported the incidents to",
        "Select yes if you reported each incident within a month",
        "Select when you made the reports",
        "Select yes if you are satisfied with the action taken",
    ]

    hands.type_into(page.get_by_label("How many separate incidents have you reported?"), "3")
    reported_to = page.get_by_role("group", name="Who did you report them to?")
    hands.choose(reported_to.get_by_label("Test Valley Borough Council"))
    hands.choose(reported_to.get_by_label("Hampshire and Isle of Wight Constabulary"))
    in_time = page.get_by_role("group", name="Did you report each incident within a month of it happening?")
    hands.choose(in_time.get_by_label("Yes"))
    hands.choose(page.get_by_role("group", name="When did you make the reports?").get_by_label("Within"))
    satisfied = page.get_by_role("group", name="Are you satisfied with the action taken?")
    hands.choose(satisfied.get_by_label("No"))
    hands.activate(page.get_by_role("button", name="Check"))
    expect_page(page, CHECKER)
    result = page.locator("#checker-result")
    expect(result).to_contain_text("your case is likely to meet the threshold for a review")
    audit.check(page, "threshold met")

    hands.choose(satisfied.get_by_label("Yes"))
    hands.activate(page.get_by_role("button", name="Check"))
    expect(result).to_contain_text("your case may not meet the threshold for a review")
    expect(result).to_contain_text("0 of your reports would count, and 3 are needed from one person.")
    expect(result).to_contain_text("you must feel that no action was taken")
    audit.check(page, "threshold not met")

    assert Draft.objects.count() == 0
    audit.assert_accessible()
    tab.assert_nothing_went_wrong()


def test_a_request_also_about_staff_behaviour_is_offered_the_complaints_procedure_and_carries_on(
    live_server: LiveServer, partnership: Partnership, tab: Tab, audit: Audit
) -> None:
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    you = Details("Sam Rude", "3 Hill Road", "Andover", "SP11 7AB", email="sam@example.com")
    incidents = tuple(
        Incident(
            days_ago(10 - n),
            "Shouting at night",
            "Hill Road",
            (Report("You", "Aster Group", days_ago(9 - n)),),
        )
        for n in range(3)
    )
    journey.start(hands, live_server.url)
    journey.answer_who(hands, "victim")
    journey.answer_consent(hands, "Yes")
    journey.answer_your_details(hands, you)
    journey.add_incidents(hands, incidents)

    journey.answer_staff_conduct(hands, "Yes")

    expect_page(page, "Complaining about how a member of staff behaved")
    expect(
        page.get_by_role("link", name="Aster Group complaints procedure (opens in new tab)")
    ).to_have_attribute("href", "https://www.aster.co.uk/")
    hands.activate(page.get_by_role("button", name="Carry on with your request"))
    journey.answer_satisfaction(hands)
    journey.answer_impact(hands)
    reference = journey.accept_and_send(hands)

    application = Application.objects.get(reference=reference)
    assert application.about_single_organisation is True
    assert application.assessments.get().threshold_met is True
    audit.assert_accessible()
    tab.assert_nothing_went_wrong()


def test_no_to_sharing_asks_first_then_keeps_the_answers_for_a_code_to_bring_back(
    live_server: LiveServer, partnership: Partnership, tab: Tab, open_tab: OpenTab, audit: Audit
) -> None:
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    journey.start(hands, live_server.url)
    journey.answer_who(hands, "representative")
    journey.answer_consent(hands, "No")

    expect_page(page, "Are you sure? Your answers will be deleted")
    assert Draft.objects.count() == 1
    hands.choose(page.get_by_label("Keep my answers in case I change my mind"))
    hands.activate(page.get_by_role("button", name="Continue"))
    expect_page(page, "Your answers are saved")
    code = page.locator("#save-code").inner_text().strip()

    later = Pointer(open_tab().page, arrived=audit.check)
    journey.return_with_code(later, live_server.url, code)
    expect_page(later.page, "Sharing your information")
    journey.answer_consent(later, "Yes")
    expect_page(later.page, "Your details")
    assert Draft.objects.get().answers["role"] == "representative"
    audit.assert_accessible()
    tab.assert_nothing_went_wrong()


def test_deleting_after_no_to_sharing_keeps_nothing(
    live_server: LiveServer, partnership: Partnership, tab: Tab, audit: Audit
) -> None:
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    journey.request_as_a_victim(
        hands, live_server.url, Details("A", "1 Road", "Andover", "SP11 7AB"), (), consent="No"
    )

    expect_page(page, "Are you sure? Your answers will be deleted")
    hands.choose(page.get_by_label("Delete my answers now"))
    hands.activate(page.get_by_role("button", name="Continue"))

    expect_page(page, "Your answers have been deleted")
    assert Draft.objects.count() == 0
    assert Application.objects.count() == Person.objects.count() == 0
    audit.assert_accessible()
    tab.assert_nothing_went_wrong()
