"""A partnership's privacy notice, accessibility statement and cookies page: each made from the
partnership's settings and the service's, each a 404 for a partnership that does not exist, and each
linked from the footer of the public pages."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client, override_settings

from community_trigger.agencies.models import Agency, Partnership
from community_trigger.applications.privacy import privacy_facts, retention_sentences
from community_trigger.retention.models import RetentionSchedule
from community_trigger.retention.selectors import schedule_for

from .builders import other_partnership, partnership

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_privacy_notice_names_the_controller_and_its_data_protection_officer(client: Client) -> None:
    partnership()

    page = text(client.get("/test-valley/privacy/"))

    assert "Privacy notice" in page
    assert "Test Valley Borough Council is the data controller" in page
    assert "data.protection@testvalley.example" in page


def test_without_a_controller_set_the_partnership_itself_is_named(client: Client) -> None:
    other_partnership()

    page = text(client.get("/other-borough/privacy/"))

    assert "Other Borough Partnership is the data controller" in page
    assert "ask for its data protection officer" in page


def test_the_privacy_notice_states_the_lawful_basis_and_the_rights(client: Client) -> None:
    partnership()

    page = text(client.get("/test-valley/privacy/"))

    for words in [
        "Article 6(1)(e)",
        "section 104 of the Anti-social Behaviour, Crime and Policing Act 2014",
        "Article 9(2)(g)",
        "Schedule 1 of the Data Protection Act 2018",
        "Article 10",
        "agree to your information being shared",
        "ask for a copy of the information we hold about you",
        "ask us to correct information that is wrong",
        "ask us to delete your information",
        "ask us to limit how we use your information",
        "object to how we use your information",
        'href="https://ico.org.uk/make-a-complaint/"',
        "0303 123 1113",
    ]:
        assert words in page


def test_the_privacy_notice_names_each_agency_that_receives_the_information_and_what_it_is(
    client: Client,
) -> None:
    partnership()

    page = text(client.get("/test-valley/privacy/"))

    assert "Hampshire and Isle of Wight Constabulary (the police)" in page
    assert (
        "Hampshire and Isle of Wight Integrated Care Board (the NHS body that plans health services in your "
        "area)"
    ) in page
    assert "Aster Group (a social housing provider)" in page


def test_how_long_information_is_kept_follows_the_partnerships_retention_schedule(client: Client) -> None:
    demo = partnership()
    RetentionSchedule.objects.filter(pk=schedule_for(demo).pk).update(
        closed_years=3, not_met_years=1, draft_days=14
    )

    page = text(client.get("/test-valley/privacy/"))

    assert "for 3 years after the case is closed" in page
    assert (
        "If a review is not held because the threshold is not met, or the request is withdrawn, we keep "
        "the information for 1 year after that, then delete it."
    ) in page
    assert "Answers you save but do not send are deleted 14 days after you last changed them." in page


def test_the_sentences_about_keeping_information_are_the_ones_the_privacy_notice_shows() -> None:
    demo = partnership()
    schedule = schedule_for(demo)
    schedule.closed_years = 1
    schedule.save()

    kept, unsent = retention_sentences(demo)

    assert kept == "We keep the information about a case for 1 year after the case is closed, then delete it."
    assert privacy_facts(demo).kept == kept
    assert privacy_facts(demo).unsent_kept == unsent


def test_the_accessibility_statement_gives_the_partnerships_contacts_and_test_date(client: Client) -> None:
    partnership()

    page = text(client.get("/test-valley/accessibility/"))

    assert "Accessibility statement" in page
    assert 'href="tel:01632960123"' in page
    assert "Monday to Friday, 9am to 5pm" in page
    assert 'href="mailto:community.trigger@testvalley.example"' in page
    assert "Web Content Accessibility Guidelines version 2.2 AA" in page
    assert "fully compliant" in page
    assert "This statement was prepared on 2 November 2026" in page
    assert 'href="https://www.equalityadvisoryservice.com/"' in page
    assert "Equality and Human Rights Commission" in page
    assert "axe" in page
    assert "only a keyboard" in page


def test_an_untested_partnership_does_not_claim_full_compliance(client: Client) -> None:
    demo = partnership()
    Partnership.objects.filter(pk=demo.pk).update(accessibility_checked_on=None)

    page = text(client.get("/test-valley/accessibility/"))

    assert "fully compliant with" not in page
    assert "we cannot yet say it is fully compliant" in page


def test_the_cookies_page_lists_the_cookies_with_names_and_ages_from_the_settings(client: Client) -> None:
    partnership()

    with override_settings(
        SESSION_COOKIE_NAME="ct_session",
        SESSION_COOKIE_AGE=3 * 60 * 60,
        SESSION_EXPIRE_AT_BROWSER_CLOSE=False,
        CSRF_COOKIE_NAME="ct_csrf",
        CSRF_USE_SESSIONS=False,
        LANGUAGE_COOKIE_NAME="ct_language",
        LANGUAGE_COOKIE_AGE=None,
    ):
        page = text(client.get("/test-valley/cookies/"))

    assert "ct_session" in page
    assert "3 hours after your last visit" in page
    assert "ct_csrf" in page
    assert "ct_language" in page
    assert "When you close your browser" in page
    assert "only essential cookies" in page
    assert "does not ask you to accept cookies" in page


def test_a_session_that_ends_with_the_browser_is_said_to_and_a_csrf_kept_in_it_is_not_listed(
    client: Client,
) -> None:
    partnership()

    with override_settings(SESSION_EXPIRE_AT_BROWSER_CLOSE=True, CSRF_USE_SESSIONS=True):
        page = text(client.get("/test-valley/cookies/"))

    assert "csrftoken" not in page
    assert "after your last visit" not in page


@pytest.mark.parametrize("page", ["privacy", "accessibility", "cookies"])
def test_each_page_of_a_partnership_that_does_not_exist_is_not_found(client: Client, page: str) -> None:
    partnership()

    assert client.get(f"/nowhere/{page}/").status_code == 404


PUBLIC_PAGES_WITH_THE_FOOTER = [
    "/test-valley/",
    "/test-valley/procedure/",
    "/test-valley/check/",
    "/test-valley/statistics/",
    "/test-valley/privacy/",
    "/test-valley/accessibility/",
    "/test-valley/cookies/",
    # Pages around the journey draw the footer from the page every public page extends.
    "/test-valley/status/",
    "/test-valley/apply/return/",
    "/test-valley/apply/who/",
    "/test-valley/answers-deleted/",
]


@pytest.mark.parametrize("address", PUBLIC_PAGES_WITH_THE_FOOTER)
def test_the_footer_links_to_the_privacy_notice_accessibility_statement_and_cookies(
    client: Client, address: str
) -> None:
    partnership()

    page = text(client.get(address))

    footer = page[page.index('<footer class="govuk-template__footer">') :]
    assert 'href="/test-valley/privacy/">Privacy</a>' in footer
    assert 'href="/test-valley/accessibility/">Accessibility statement</a>' in footer
    assert 'href="/test-valley/cookies/">Cookies</a>' in footer


def test_an_agency_of_another_kind_is_described_as_one(client: Client) -> None:
    demo = partnership()
    Agency.objects.create(partnership=demo, name="Andover Mind", kind=Agency.Kind.OTHER)

    page = text(client.get("/test-valley/privacy/"))

    assert "Andover Mind (another organisation)" in page


def test_the_demo_partnership_says_when_its_phone_line_is_open() -> None:
    assert partnership().phone_hours.startswith("Monday to Friday")
    assert partnership().accessibility_checked_on == date(2026, 11, 2)
