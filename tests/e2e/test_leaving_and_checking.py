"""The pages beside the journey: the eligibility checker, and the two ways out that keep nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership
from community_trigger.applications.models import Draft
from community_trigger.cases.models import Application, Person

from . import journey
from .accessibility import Audit
from .conftest import Tab
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


def test_a_request_about_one_organisation_is_sent_to_its_complaints_procedure_and_nothing_is_kept(
    live_server: LiveServer, partnership: Partnership, tab: Tab, audit: Audit
) -> None:
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    journey.start(hands, live_server.url)

    journey.answer_single_organisation(hands, "Yes")

    expect_page(page, "Use the organisation's complaints procedure")
    expect(page.get_by_role("link", name="Aster Group")).to_have_attribute("href", "https://www.aster.co.uk/")
    expect(page.get_by_text("We have not kept any of your answers.")).to_be_visible()
    assert Draft.objects.count() == 0
    audit.assert_accessible()
    tab.assert_nothing_went_wrong()


def test_without_agreement_to_sharing_nothing_is_kept(
    live_server: LiveServer, partnership: Partnership, tab: Tab, audit: Audit
) -> None:
    page = tab.page
    hands = Pointer(page, arrived=audit.check)
    you = Details("Chris Private", "7 Hill Road", "Andover", "SP11 7AB", email="chris@example.com")
    incident = Incident(
        days_ago(3), "Shouting at my children", "Hill Road", (Report("You", "Aster Group", days_ago(2)),)
    )

    journey.request_as_a_victim(hands, live_server.url, you, (incident,), consent="No")

    expect_page(page, "We cannot review your case without sharing information")
    expect(page.get_by_text("We have not kept any of your answers.")).to_be_visible()
    assert Draft.objects.count() == 0
    assert Application.objects.count() == Person.objects.count() == 0
    # Starting again starts afresh.
    hands.activate(page.get_by_role("link", name="Start again"))
    expect_page(page, journey.START_HEADING)
    hands.activate(page.get_by_role("button", name="Start now"))
    expect_page(page, journey.SINGLE_ORGANISATION)
    expect(page.get_by_role("radio", checked=True)).to_have_count(0)
    audit.assert_accessible()
    tab.assert_nothing_went_wrong()
