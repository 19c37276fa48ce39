"""The back office's case list and case page: who sees what, and every look recorded."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from accounts.people import signed_in_as, staff, verified
from applications.builders import partnership, submitted
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from community_trigger.accounts import urls as account_urls
from community_trigger.agencies.models import Agency
from community_trigger.audit.models import AuditEntry
from community_trigger.cases.models import Application
from community_trigger.sharing.models import InformationRequest

pytestmark = pytest.mark.django_db

LIST = "/staff/cases/"


def _case() -> Application:
    return submitted(partnership())


# Persona: expected status of the case list and of the case page (404 hides that the case exists).
MATRIX = {
    "coordinator": (200, 200),
    "officer of the asked agency": (200, 200),
    "officer of another agency": (200, 404),
    "panel chair": (200, 200),
    "auditor": (200, 200),
    "other partnership": (200, 404),
    "anonymous": (302, 302),
}


@pytest.mark.parametrize(("name", "expected"), MATRIX.items())
def test_each_persona_sees_the_case_only_if_it_is_theirs(
    client: Client, name: str, expected: tuple[int, int]
) -> None:
    case = _case()
    police = Agency.objects.get(partnership=case.partnership, kind="police")
    InformationRequest.objects.create(
        application=case, agency=police, due_by=date.today() + timedelta(days=10)
    )
    signed_in_as(client, name)

    listing = client.get(LIST)
    page = client.get(f"{LIST}{case.reference}/")

    assert (listing.status_code, page.status_code) == expected
    if expected == (200, 200):
        assert case.reference in listing.content.decode()
        assert case.reference in page.content.decode()
    if expected == (200, 404):
        assert case.reference not in listing.content.decode()


def test_signed_in_without_the_second_factor_is_sent_on_to_it(client: Client) -> None:
    client.force_login(staff("halfway"))

    response = client.get(LIST)

    assert response.status_code == 302
    assert "/staff/" in response["Location"]


def test_viewing_a_case_page_writes_one_audit_entry(client: Client) -> None:
    case = _case()
    user = staff("cora")
    verified(client, user)
    before = AuditEntry.objects.count()

    client.get(f"{LIST}{case.reference}/")

    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("pk")
    assert (entry.actor, entry.action, entry.subject, entry.subject_id) == (
        user,
        "view",
        "application",
        str(case.pk),
    )


def test_the_case_list_costs_the_same_queries_whatever_the_page_size(client: Client) -> None:
    verified(client, staff("cora"))
    for _ in range(3):
        _case()
    client.get(LIST)
    with CaptureQueriesContext(connection) as three:
        client.get(LIST)
    for _ in range(12):
        _case()
    with CaptureQueriesContext(connection) as fifteen:
        client.get(LIST)

    assert len(fifteen.captured_queries) == len(three.captured_queries)


def test_the_list_is_sorted_by_the_next_deadline_and_searchable_by_reference(client: Client) -> None:
    later, sooner = _case(), _case()
    Application.objects.filter(pk=later.pk).update(due_by=date.today() + timedelta(days=9))
    Application.objects.filter(pk=sooner.pk).update(due_by=date.today() + timedelta(days=1))
    verified(client, staff("cora"))

    html = client.get(LIST).content.decode()
    searched = client.post(LIST, {"q": later.reference}, follow=True).content.decode()

    assert html.index(sooner.reference) < html.index(later.reference)
    assert later.reference in searched
    assert sooner.reference not in searched


def test_cases_with_nothing_due_come_after_those_with_a_deadline(client: Client) -> None:
    done, due = _case(), _case()
    Application.objects.filter(pk=done.pk).update(due_by=None, state="closed")
    Application.objects.filter(pk=due.pk).update(due_by=date.today() + timedelta(days=30))
    verified(client, staff("cora"))

    html = client.get(LIST).content.decode()

    assert html.index(due.reference) < html.index(done.reference)


def test_the_overdue_filter_keeps_only_cases_past_their_due_date(client: Client) -> None:
    late, on_time = _case(), _case()
    Application.objects.filter(pk=late.pk).update(due_by=date.today() - timedelta(days=1))
    Application.objects.filter(pk=on_time.pk).update(due_by=date.today() + timedelta(days=1))
    verified(client, staff("cora"))

    html = client.post(LIST, {"overdue": "on"}, follow=True).content.decode()

    assert late.reference in html
    assert on_time.reference not in html


def test_every_staff_url_in_the_product_checks_who_is_asking() -> None:
    sign_in_steps = {
        pattern.callback for pattern in account_urls.urlpatterns if pattern.name in account_urls.SIGN_IN_STEPS
    }
    unchecked = [
        route
        for route, callback in _routes(get_resolver())
        if route.startswith("staff/")
        and not getattr(callback, "staff_required", False)
        and callback not in sign_in_steps
    ]

    assert unchecked == []


def _routes(resolver: URLResolver, prefix: str = "") -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            found.append((prefix + str(entry.pattern), entry.callback))
    return found
