"""Searching the case list never puts what was searched for (often someone's name) in a URL: the
filters go in a POST and are kept in the session, and the list, its pages and its download name only
the saved search. So no name reaches a server's access log, the browser's history or a Referer."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from urllib.parse import quote, quote_plus

import pytest
from accounts.people import staff, verified
from applications.builders import APPLICANT_NAME, partnership, submitted
from django.test import Client

from community_trigger.cases.models import Application, Person, PersonRole

pytestmark = pytest.mark.django_db

LIST = "/staff/cases/"
DOWNLOAD = "/staff/cases/download.csv"
SAVED = re.compile(r"^/staff/cases/\?search=[\w-]+$")


def _named(name: str) -> Application:
    case = submitted(partnership())
    Person.objects.filter(application=case, role=PersonRole.APPLICANT).update(name=name)
    return case


def _urls_in(html: str) -> list[str]:
    return re.findall(r'(?:href|action|src)="([^"]*)"', html)


def _carries(url: str, term: str) -> bool:
    return any(form in url for form in (term, quote(term), quote_plus(term), term.split(maxsplit=1)[0]))


def test_a_search_by_name_reaches_its_results_without_the_name_in_any_url(client: Client) -> None:
    wanted = _named(APPLICANT_NAME)
    other = _named("Robin Otherperson")
    verified(client, staff("cora"))

    posted = client.post(LIST, {"q": APPLICANT_NAME})

    assert posted.status_code == 302
    assert SAVED.match(posted["Location"])
    assert not _carries(posted["Location"], APPLICANT_NAME)
    page = client.get(posted["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert wanted.reference in html
    assert other.reference not in html
    assert f'value="{APPLICANT_NAME}"' in html  # the box keeps what was typed
    assert _urls_in(html)
    assert not [url for url in _urls_in(html) if _carries(url, APPLICANT_NAME)]


def test_the_form_sends_the_filters_in_the_body(client: Client) -> None:
    verified(client, staff("cora"))

    html = client.get(LIST).content.decode()

    assert re.search(r'<form method="post" action="/staff/cases/"', html)
    assert 'name="csrfmiddlewaretoken"' in html


def test_the_pages_and_the_download_of_a_search_keep_its_filters(client: Client) -> None:
    wanted = [_named(APPLICANT_NAME) for _ in range(26)]
    other = _named("Robin Otherperson")
    verified(client, staff("cora"))
    results = client.post(LIST, {"q": "Applicantson"})["Location"]
    search = results.split("search=")[1]

    first = client.get(results).content.decode()
    second = client.get(results + "&page=2").content.decode()

    assert f'href="?search={search}&amp;page=2"' in first
    assert f'href="/staff/cases/download.csv?search={search}"' in first
    assert "26 cases" in second
    assert other.reference not in first + second
    download = client.get(f"{DOWNLOAD}?search={search}")
    assert download.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))  # type: ignore[attr-defined]
    assert sorted(row["Reference"] for row in rows) == sorted(case.reference for case in wanted)


def test_an_old_link_with_the_filters_in_its_url_is_moved_to_a_saved_search(client: Client) -> None:
    wanted, other = _named(APPLICANT_NAME), _named("Robin Otherperson")
    verified(client, staff("cora"))

    response = client.get(LIST, {"q": APPLICANT_NAME})
    download = client.get(DOWNLOAD, {"q": APPLICANT_NAME})

    assert SAVED.match(response["Location"])
    html = client.get(response["Location"]).content.decode()
    assert wanted.reference in html
    assert other.reference not in html
    assert re.match(r"^/staff/cases/download\.csv\?search=[\w-]+$", download["Location"])
    assert other.reference not in b"".join(client.get(download["Location"]).streaming_content).decode()  # type: ignore[attr-defined]


def test_each_search_keeps_its_own_results_so_back_shows_the_earlier_one(client: Client) -> None:
    first_case, second_case = _named(APPLICANT_NAME), _named("Robin Otherperson")
    verified(client, staff("cora"))

    first = client.post(LIST, {"q": "Applicantson"})["Location"]
    second = client.post(LIST, {"q": "Otherperson"})["Location"]

    assert first != second
    assert second_case.reference not in client.get(first).content.decode()
    assert first_case.reference not in client.get(second).content.decode()


def test_a_search_saved_in_another_session_finds_nothing_and_downloads_nothing(client: Client) -> None:
    case = _named(APPLICANT_NAME)
    verified(client, staff("cora"))
    results = client.post(LIST, {"q": "Applicantson"})["Location"]
    search = results.split("search=")[1]
    elsewhere = verified(Client(), staff("cole"))

    page = elsewhere.get(results).content.decode()
    download = elsewhere.get(f"{DOWNLOAD}?search={search}")

    assert "This search has ended" in page
    assert 'value="Applicantson"' not in page
    assert case.reference in page  # the whole list, as with no search
    assert download.status_code == 302
    assert download["Location"] == results


def test_filters_that_make_no_sense_are_shown_with_what_was_typed_and_download_nothing(
    client: Client,
) -> None:
    late = submitted(partnership())
    Application.objects.filter(pk=late.pk).update(due_by=date.today() - timedelta(days=1))
    verified(client, staff("cora"))

    results = client.post(LIST, {"year": "last year", "overdue": "on"})["Location"]
    html = client.get(results).content.decode()
    download = client.get(f"{DOWNLOAD}?search={results.split('search=')[1]}")

    assert "Enter a year, like 2026" in html
    assert 'value="last year"' in html
    assert download.status_code == 302
    assert download["Location"] == results
