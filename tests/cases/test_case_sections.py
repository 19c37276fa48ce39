"""The case page in sections: the identity bar on every page of a case, the sub navigation, each
section reading only what it shows, and the history as a timeline in words."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from accounts.people import staff, verified
from applications.builders import APPLICANT_NAME, partnership, submitted
from django.test import Client
from django.utils import timezone

from cases.case_page import section_page
from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application
from community_trigger.cases.sections import Section, case_section_url
from community_trigger.cases.services.decisions import application_acknowledge
from community_trigger.domain.access import Role

pytestmark = pytest.mark.django_db


def _bar(page: str) -> str:
    return page[page.index('<div class="moj-identity-bar') : page.index('<nav class="moj-sub-navigation"')]


def test_the_summary_opens_with_the_identity_bar_and_the_step_to_take_now(client: Client) -> None:
    case = submitted(partnership())
    verified(client, staff("cora"))

    page = section_page(client, case.reference)

    bar = _bar(page)
    assert f'id="case-reference">{case.reference}</h1>' in bar
    assert (
        '<strong class="govuk-tag govuk-tag--blue ct-identity-bar__state" id="case-state">Received</strong>'
        in bar
    )
    assert "Nobody yet" in bar
    assert f'action="/staff/cases/{case.reference}/acknowledge/"' in bar
    assert "Acknowledge the request" in bar
    assert f"<title>{case.reference} – Summary – " in page


def test_an_overdue_next_step_is_marked_in_the_bar(client: Client) -> None:
    case = submitted(partnership())
    Application.objects.filter(pk=case.pk).update(due_by=timezone.localdate() - timedelta(days=14))
    verified(client, staff("cora"))

    bar = _bar(section_page(client, case.reference, Section.PEOPLE))

    assert "govuk-tag--red" in bar
    assert "working days overdue" in bar


def test_the_bar_offers_an_auditor_no_step(client: Client) -> None:
    case = submitted(partnership())
    verified(client, staff("audrey", role=Role.AUDITOR))

    bar = _bar(section_page(client, case.reference))

    assert f'id="case-reference">{case.reference}</h1>' in bar
    assert "moj-identity-bar__actions" not in bar


def test_each_section_shows_its_own_part_and_the_sub_navigation_marks_it(client: Client) -> None:
    case = submitted(partnership())
    verified(client, staff("cora"))

    people = section_page(client, case.reference, Section.PEOPLE)
    incidents = section_page(client, case.reference, Section.INCIDENTS)

    assert APPLICANT_NAME in people
    assert "Incidents and reports" not in people
    assert "Incidents and reports" in incidents
    people_link = case_section_url(case, Section.PEOPLE)
    assert f'href="{people_link}" aria-current="page"' in people
    assert f'href="{people_link}" aria-current="page"' not in incidents
    assert f"<title>{case.reference} – People – " in people


def test_a_step_page_shows_the_same_bar(client: Client) -> None:
    case = submitted(partnership())
    coordinator = staff("cora")
    application_acknowledge(application=case, actor=coordinator)
    verified(client, coordinator)

    page = client.get(f"/staff/cases/{case.reference}/decision/").content.decode()

    assert f'id="case-reference">{case.reference}</p>' in page
    assert "Application acknowledged" not in page  # the bar says where the case stands, in its state's words
    assert ">Acknowledged</strong>" in page
    assert page.count("<h1") == 1


def test_a_section_reads_only_what_it_shows(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    case = submitted(partnership())
    verified(client, staff("cora"))

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the people section read a part it does not show")

    for part in (
        "review_view_for",
        "documents_view_for",
        "related_part_for",
        "letters_of",
        "diary_latest_for",
    ):
        monkeypatch.setattr(f"community_trigger.casefile.selectors.{part}", never)

    assert client.get(case_section_url(case, Section.PEOPLE)).status_code == 200


def test_every_section_opened_is_recorded_in_the_audit_log(client: Client) -> None:
    case = submitted(partnership())
    coordinator = staff("cora")
    verified(client, coordinator)

    section_page(client, case.reference)
    section_page(client, case.reference, Section.PEOPLE)

    seen = AuditEntry.objects.filter(
        actor=coordinator, action=AuditEntry.Action.VIEW, subject_id=str(case.pk)
    )
    assert set(seen.values_list("detail", flat=True)) >= {"case page", "case page: people"}


def test_an_officer_has_no_letters_section(client: Client) -> None:
    case = submitted(partnership())
    verified(client, staff("otto", role=Role.AGENCY_OFFICER, agency_kind="police"))
    case.information_requests.create(
        agency=case.partnership.agencies.get(kind="police"), due_by=timezone.localdate() + timedelta(days=10)
    )

    summary = section_page(client, case.reference)

    assert case_section_url(case, Section.LETTERS) not in summary
    assert client.get(case_section_url(case, Section.LETTERS)).status_code == 404


def test_the_history_is_a_timeline_in_words(client: Client) -> None:
    case = submitted(partnership())
    coordinator = staff("cora", role=Role.COORDINATOR)
    application_acknowledge(application=case, actor=coordinator)
    verified(client, coordinator)

    history = section_page(client, case.reference, Section.HISTORY)

    assert '<div class="moj-timeline"' in history
    assert '<h3 class="moj-timeline__title">Application acknowledged</h3>' in history
    assert f'<p class="moj-timeline__byline">by {coordinator.get_full_name() or coordinator}</p>' in history
    # Newest first.
    assert history.index("Application acknowledged") < history.index("Application received")
