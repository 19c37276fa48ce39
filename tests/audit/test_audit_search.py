"""Searching the audit log never puts who was searched for (a username or someone's full name) in a
URL: the search form posts to /staff/audit/search/, and the log names only the saved search."""

from __future__ import annotations

import re
from urllib.parse import quote, quote_plus

import pytest
from accounts.people import staff, verified
from applications.builders import partnership, submitted
from django.test import Client

from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record
from community_trigger.domain.access import Role

pytestmark = pytest.mark.django_db

LOG = "/staff/audit/"
SEARCH = "/staff/audit/search/"
SAVED = re.compile(r"^/staff/audit/\?search=[\w-]+$")
NAME = "Cora Staffer"


def _carries(url: str, term: str) -> bool:
    return any(form in url for form in (term, quote(term), quote_plus(term), "Cora", "cora"))


def test_a_search_by_name_reaches_its_entries_without_the_name_in_any_url(client: Client) -> None:
    case = submitted(partnership())
    audit_record(action=AuditEntry.Action.VIEW, subject=case, actor=staff("cora"), detail="cora-marker")
    audit_record(action=AuditEntry.Action.VIEW, subject=case, actor=staff("dev"), detail="dev-marker")
    verified(client, staff("audrey", role=Role.AUDITOR))

    posted = client.post(SEARCH, {"username": NAME})

    assert posted.status_code == 302
    assert SAVED.match(posted["Location"])
    html = client.get(posted["Location"]).content.decode()
    assert "cora-marker" in html
    assert "dev-marker" not in html
    assert f'value="{NAME}"' in html
    assert re.search(r'<form method="post" action="/staff/audit/search/"', html)
    assert not [url for url in re.findall(r'(?:href|action|src)="([^"]*)"', html) if _carries(url, NAME)]


def test_an_old_link_with_the_search_in_its_url_is_moved_to_a_saved_search(client: Client) -> None:
    verified(client, staff("audrey", role=Role.AUDITOR))

    response = client.get(LOG, {"username": NAME})

    assert SAVED.match(response["Location"])
    assert f'value="{NAME}"' in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PANEL_CHAIR])
def test_only_auditors_may_search(client: Client, role: Role) -> None:
    verified(client, staff("someone", role=role))

    assert client.post(SEARCH, {"username": NAME}).status_code == 403


def test_a_search_by_date_keeps_each_box_of_the_date(client: Client) -> None:
    case = submitted(partnership())
    audit_record(action=AuditEntry.Action.VIEW, subject=case, actor_label="someone", detail="today-marker")
    verified(client, staff("audrey", role=Role.AUDITOR))

    later = client.post(SEARCH, {"since-day": "1", "since-month": "1", "since-year": "2100"}, follow=True)
    wrong = client.post(SEARCH, {"since-day": "31", "since-month": "2", "since-year": "2026"}, follow=True)

    assert "today-marker" not in later.content.decode()
    assert 'value="2100"' in later.content.decode()
    assert 'value="31"' in wrong.content.decode()
    assert "govuk-error-summary" in wrong.content.decode()
