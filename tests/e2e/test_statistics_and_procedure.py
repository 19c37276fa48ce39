"""The published figures and the procedure in a real browser: a visitor goes from the start page to the
procedure and to the figures, whose chart and tables say the seed's 2023/24; the coordinator publishes
that year. Every page is scanned with axe (WCAG 2.2 AA)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from accounts.people import staff, with_backup_codes
from applications.builders import agency_id, application_for, incident, report
from django.utils import timezone
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from community_trigger.agencies.models import Partnership
from community_trigger.applications.consent import CONSENT_WORDING_VERSION
from community_trigger.cases.services.decisions import application_acknowledge, threshold_decide
from community_trigger.cases.services.intake import application_submit
from community_trigger.sharing.services import information_request_all
from community_trigger.statistics.models import PublishedFigures

from .accessibility import Audit
from .conftest import OpenTab
from .journey import START_HEADING, Pointer, expect_page
from .staff import sign_in_with_a_backup_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SEED = (
    "2 community trigger requests were received in 2023/24. Of these one met the criteria and is pending "
    "review, and the other did not meet the criteria."
)


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def the_seeds_year(partnership: Partnership, coordinator: object) -> None:
    """2023/24 as the seed tells it, through the services on the days it happened."""
    police = agency_id(partnership)
    for sent, incidents, outcome in (
        (date(2023, 5, 10), 3, "threshold_met"),
        (date(2023, 11, 2), 1, "threshold_not_met"),
    ):
        reported = [
            incident(
                f"i{n}",
                sent - timedelta(days=10 * n + 11),
                report("you", police, sent - timedelta(days=10 * n + 10)),
            )
            for n in range(incidents)
        ]
        case = application_submit(
            partnership=partnership,
            answers=application_for("victim", agency=police, incidents=reported),
            consent_wording_version=CONSENT_WORDING_VERSION,
            now=at(sent),
        )
        case = application_acknowledge(application=case, actor=coordinator, now=at(sent + timedelta(days=1)))
        threshold_decide(
            application=case,
            outcome=outcome,
            reasons="",
            actor=coordinator,
            now=at(sent + timedelta(days=10)),
        )
        if outcome == "threshold_met":
            information_request_all(application=case, actor=coordinator, now=at(sent + timedelta(days=11)))


def test_a_visitor_reads_the_procedure_and_the_figures(
    live_server: LiveServer, partnership: Partnership, open_tab: OpenTab, audit: Audit
) -> None:
    the_seeds_year(partnership, staff("cara"))
    tab = open_tab()
    page = tab.page
    hands = Pointer(page, arrived=audit.check)

    hands.open(f"{live_server.url}/test-valley/")
    expect_page(page, START_HEADING)
    hands.activate(page.get_by_role("link", name="Read the partnership's full case review procedure"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Anti-social behaviour case review procedure")
    expect(
        page.get_by_role("heading", name="If you are unhappy with the decision or the review")
    ).to_be_visible()

    hands.activate(page.get_by_role("link", name="See the Community Trigger figures"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Community Trigger figures")
    expect(page.get_by_text(SEED)).to_be_visible()
    chart = page.get_by_role("img", name="Bar charts of the applications received")
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("aria-describedby", "figures-by-year")
    by_year = page.locator("#figures-by-year")
    card = by_year.locator(".govuk-summary-card", has=page.get_by_role("heading", name="2023/24"))
    expect(card.get_by_role("definition")).to_have_text(["2", "1", "0", "0", "Provisional"])
    with page.expect_download() as download:  # a download, not a page: no navigation to wait for
        page.get_by_role("link", name="Download the figures as a spreadsheet (CSV)").click()
    assert download.value.suggested_filename == "test-valley-community-trigger-figures.csv"
    tab.assert_nothing_went_wrong()
    audit.assert_accessible()


def test_the_coordinator_publishes_the_seeds_year(
    live_server: LiveServer, partnership: Partnership, open_tab: OpenTab, audit: Audit
) -> None:
    coordinator = staff("cara")
    the_seeds_year(partnership, coordinator)
    codes = with_backup_codes(coordinator)
    tab = open_tab()
    page = tab.page
    hands = Pointer(page, arrived=audit.check)

    sign_in_with_a_backup_code(hands, f"{live_server.url}/staff/", "cara", codes[0])
    hands.activate(page.get_by_role("link", name="Figures"))
    hands.activate(page.get_by_role("link", name="Test Valley Partnership"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Community Trigger figures")
    hands.activate(page.get_by_role("button", name="Publish 2023/24"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish the figures for 2023/24")
    expect(page.get_by_text(SEED)).to_be_visible()
    hands.activate(page.get_by_role("button", name="Publish 2023/24"))

    expect(page.get_by_text("The figures for 2023/24 are published: version 1.")).to_be_visible()
    audit.check(page, "published")
    assert PublishedFigures.objects.get().sentence == SEED
    hands.open(f"{live_server.url}/test-valley/statistics/")
    expect(page.get_by_text("Version 1, published")).to_be_visible()
    audit.check(page, "published")
    tab.assert_nothing_went_wrong()
    audit.assert_accessible()
