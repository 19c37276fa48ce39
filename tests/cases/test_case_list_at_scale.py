"""The case list costs the same with a few cases or many: the same number of queries whatever the
partnership's size, for a coordinator and for an agency officer, searching, filtering and paging; it
counts only up to a bound and says when there are more; and what each person sees is unchanged."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from accounts.people import staff, verified
from applications.builders import partnership, submitted
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community_trigger.agencies.models import Agency
from community_trigger.cases.models import Application, Person, PersonRole
from community_trigger.cases.selectors import case_list_matching
from community_trigger.common import pages
from community_trigger.common.pages import BoundedPaginator
from community_trigger.domain.access import Role
from community_trigger.sharing.models import InformationRequest

pytestmark = pytest.mark.django_db

LIST = "/staff/cases/"
LISTED = r'href="/staff/cases/([A-Z]+-\d{4}-\d{4})/"'


def _copies(case: Application, count: int, *, start: int, surname: str = "Copy") -> list[Application]:
    """`count` more cases like `case`, each with an applicant, made in two statements."""
    today = timezone.localdate()
    made = Application.objects.bulk_create(
        Application(
            partnership_id=case.partnership_id,
            reference=f"BIG-{case.year}-{start + n:04d}",
            year=case.year,
            number=start + n,
            channel=case.channel,
            state=case.state,
            submitted_at=case.submitted_at - timedelta(minutes=n),
            applicant_role=case.applicant_role,
            satisfaction=case.satisfaction,
            acknowledge_by=case.acknowledge_by,
            due_by=today + timedelta(days=n % 30),
            language=case.language,
        )
        for n in range(count)
    )
    Person.objects.bulk_create(
        Person(application=copy, role=PersonRole.APPLICANT, position=1, name=f"Alex {surname}{copy.number}")
        for copy in made
    )
    return made


def _asked(case: Application, agency: Agency) -> None:
    InformationRequest.objects.create(
        application=case, agency=agency, due_by=timezone.localdate() + timedelta(days=10)
    )


def _queries(client: Client, *, data: dict[str, Any] | None = None, path: str = LIST) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, data or {})
    assert response.status_code == 200
    return len(queries)


def _searched(client: Client, term: str) -> str:
    response = client.post(LIST, {"q": term}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_a_coordinators_list_takes_as_many_queries_for_many_cases_as_for_few() -> None:
    case = submitted(partnership())
    client = verified(Client(), staff("cara"))
    few = _queries(client)
    _copies(case, 60, start=100)
    assert _queries(client) == few
    assert _queries(client, data={"page": "3"}) == few
    assert _queries(client, data={"sort": "-due"}) == few


def test_an_agency_officers_list_takes_as_many_queries_for_many_cases_as_for_few() -> None:
    case = submitted(partnership())
    police = case.partnership.agencies.get(kind="police")
    _asked(case, police)
    client = verified(Client(), staff("pat", role=Role.AGENCY_OFFICER, agency_kind="police"))
    few = _queries(client)
    for copy in _copies(case, 40, start=100)[::2]:
        _asked(copy, police)
    assert _queries(client) == few


def test_an_agency_officer_sees_only_the_cases_their_agency_was_asked_about() -> None:
    case = submitted(partnership())
    police = case.partnership.agencies.get(kind="police")
    copies = _copies(case, 6, start=100)
    for copy in copies[:3]:
        _asked(copy, police)
    client = verified(Client(), staff("pat", role=Role.AGENCY_OFFICER, agency_kind="police"))
    listed = re.findall(LISTED, client.get(LIST).content.decode())
    assert sorted(listed) == sorted(copy.reference for copy in copies[:3])
    assert client.get(f"/staff/cases/{copies[4].reference}/").status_code == 404


def test_the_agencies_to_filter_by_are_the_partnerships_whoever_was_asked() -> None:
    case = submitted(partnership())
    client = verified(Client(), staff("cara"))
    html = client.get(LIST).content.decode()
    for agency in case.partnership.agencies.all():
        assert f'<option value="{agency.pk}">{agency.name}</option>' in html


def test_a_search_by_part_of_a_reference_or_a_name_finds_the_case_in_a_crowd() -> None:
    case = submitted(partnership())
    _copies(case, 30, start=100)
    wanted = _copies(case, 1, start=7000, surname="Quennell")[0]
    client = verified(Client(), staff("cara"))
    assert re.findall(LISTED, _searched(client, "7000")) == [wanted.reference]
    assert re.findall(LISTED, _searched(client, f"big-{wanted.year}-70")) == [wanted.reference]
    assert re.findall(LISTED, _searched(client, "quennell")) == [wanted.reference]


def test_a_search_takes_as_many_queries_for_many_cases_as_for_few() -> None:
    case = submitted(partnership())
    client = verified(Client(), staff("cara"))
    search = client.post(LIST, {"q": "Alex"})["Location"]
    few = _queries(client, path=search)
    _copies(case, 60, start=100)
    assert _queries(client, path=search) == few


def test_the_paginator_counts_only_up_to_its_bound() -> None:
    case = submitted(partnership())
    _copies(case, 11, start=100)
    cases = Application.objects.order_by("pk")
    bounded = BoundedPaginator(cases, 3, bound=5)
    assert (bounded.count, bounded.more, bounded.num_pages) == (5, True, 2)
    with CaptureQueriesContext(connection) as queries:
        assert BoundedPaginator(cases, 3, bound=5).count == 5
    assert "LIMIT 6" in queries[0]["sql"]
    exact = BoundedPaginator(cases, 3, bound=12)
    assert (exact.count, exact.more, exact.num_pages) == (12, False, 4)
    assert BoundedPaginator(list(range(7)), 3, bound=5).count == 5


def test_a_list_beyond_the_bound_says_there_are_more_and_how_to_find_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pages, "COUNT_BOUND", 30)
    case = submitted(partnership())
    copies = _copies(case, 40, start=100)
    client = verified(Client(), staff("cara"))
    html = client.get(LIST).content.decode()
    assert "More than 30 cases" in html
    assert (
        "The pages show the first 30. To find the others, search, filter, or sort the list the other way "
        "round." in html
    )
    assert "Download all these cases as a spreadsheet (CSV)" in html
    # The last of the list comes first the other way round.
    latest_due = max(copies, key=lambda copy: (copy.due_by, copy.submitted_at, copy.pk))
    assert re.findall(LISTED, client.get(LIST, {"sort": "-due"}).content.decode())[0] == latest_due.reference


def test_a_search_finding_more_than_the_bound_pages_its_first_in_either_order_and_downloads_them_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pages, "COUNT_BOUND", 30)
    case = submitted(partnership())
    copies = _copies(case, 40, start=100, surname="Quennell")
    cara = staff("cara")
    client = verified(Client(), cara)

    search = client.post(LIST, {"q": "quennell"})["Location"]
    html = client.get(search).content.decode()
    latest = client.get(search, {"sort": "-due"}).content.decode()

    assert "More than 30 cases" in html
    soonest_due = min(copies, key=lambda copy: (copy.due_by, copy.submitted_at, copy.pk))
    latest_due = max(copies, key=lambda copy: (copy.due_by, copy.submitted_at, copy.pk))
    assert re.findall(LISTED, html)[0] == soonest_due.reference
    assert re.findall(LISTED, latest)[0] == latest_due.reference
    # The download is every case found, not the first the pages hold.
    everyone = list(case_list_matching(cara, {"q": "quennell"}))
    assert len(everyone) == 40


def test_a_list_within_the_bound_gives_its_count() -> None:
    case = submitted(partnership())
    _copies(case, 4, start=100)
    html = verified(Client(), staff("cara")).get(LIST).content.decode()
    assert "5 cases" in html
    assert "More than" not in html


def test_the_first_page_is_read_in_order_from_the_partnerships_index() -> None:
    case = submitted(partnership())
    _copies(case, 300, start=100)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE cases_application")
    plan = case_list_matching(staff("cara"), {}).values("pk")[:25].explain()
    assert "case_p_due_sort" in plan, plan
