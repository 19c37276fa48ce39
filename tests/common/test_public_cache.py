"""Public pages the same for everyone are served ready-made, revalidated with ETags, made afresh when
what they show changes, and never mixed up between languages or people."""

from __future__ import annotations

import re
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from accounts.people import staff, verified
from applications.builders import NOON, other_partnership, partnership, submitted
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from publication.builders import Casebook, local
from reviews.builders import team

from community_trigger.agencies.models import Agency, Partnership
from community_trigger.common.public_cache import public_page
from community_trigger.consequences.dispatch import recount
from community_trigger.domain.reporting_years import ReportingYear, YearBasis
from community_trigger.statistics.services import figures_publish

pytestmark = pytest.mark.django_db

SAME_FOR_EVERYONE = (
    "/test-valley/",
    "/test-valley/procedure/",
    "/test-valley/check/",
    "/test-valley/privacy/",
    "/test-valley/statistics/",
    "/test-valley/statistics.csv",
    "/test-valley/statistics.json",
)

Capture = Callable[..., Any]


def _without_nonce(content: bytes) -> bytes:
    return re.sub(rb'nonce="[^"]+"', b'nonce=""', content)


def queries_for(client: Client, path: str, **headers: Any) -> tuple[Any, int]:
    """The response, and the queries it made of the service's own tables: reading the shared cache
    (a table on the database cache, nothing on Redis) is counted by the test below."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    return response, sum(1 for query in queries.captured_queries if not _reads_the_cache(query["sql"]))


def _reads_the_cache(sql: str) -> bool:
    return settings.CACHES["default"].get("LOCATION", "") in sql and sql.lstrip().startswith("SELECT")


@pytest.mark.time_machine(NOON, tick=False)
@pytest.mark.parametrize("path", SAME_FOR_EVERYONE)
def test_a_page_the_same_for_everyone_is_served_again_without_a_query(client: Client, path: str) -> None:
    partnership()
    first = client.get(path)

    again, queries = queries_for(client, path)

    assert first.status_code == again.status_code == 200
    assert queries == 0
    assert _without_nonce(again.content) == _without_nonce(first.content)
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == first["Content-Type"]
    assert again.get("Content-Disposition") == first.get("Content-Disposition")


@pytest.mark.time_machine(NOON, tick=False)
def test_a_page_kept_costs_one_read_of_the_shared_cache_at_most(client: Client) -> None:
    partnership()
    client.get("/test-valley/procedure/")

    with CaptureQueriesContext(connection) as queries:
        again = client.get("/test-valley/procedure/")

    assert again.status_code == 200
    # The directory of partnerships and their versions is shared; the page itself is kept in the
    # process, under the version the directory gives.
    assert len(queries) <= 1
    assert all(_reads_the_cache(query["sql"]) for query in queries.captured_queries)


@pytest.mark.time_machine(NOON, tick=False)
def test_the_list_of_partnerships_is_served_again_without_a_query(client: Client) -> None:
    partnership()
    other_partnership()
    client.get("/")

    again, queries = queries_for(client, "/")

    assert again.status_code == 200
    assert queries == 0
    assert "Other Borough Partnership" in again.content.decode()


def test_with_one_partnership_the_home_page_leads_to_it_without_a_query(client: Client) -> None:
    partnership()
    client.get("/")

    response, queries = queries_for(client, "/")

    assert response.status_code == 302
    assert response["Location"] == "/test-valley/"
    assert queries == 0


def test_a_browser_holding_the_same_page_is_told_it_has_not_changed(client: Client) -> None:
    partnership()
    first = client.get("/test-valley/")

    response = client.get("/test-valley/", headers={"If-None-Match": first["ETag"]})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == first["ETag"]
    # The policy that came with the browser's copy stays: its nonce is the one in that copy's script.
    assert "Content-Security-Policy" not in response


def test_a_browser_holding_another_version_gets_the_page(client: Client) -> None:
    partnership()
    client.get("/test-valley/")

    response = client.get("/test-valley/", headers={"If-None-Match": '"something-else"'})

    assert response.status_code == 200


def test_the_first_answer_also_says_not_modified_to_a_browser_that_holds_it(client: Client) -> None:
    partnership()
    etag = client.get("/test-valley/")["ETag"]
    caches["default"].clear()  # another process made the page: this one makes it again

    response = client.get("/test-valley/", headers={"If-None-Match": etag})

    assert response.status_code == 304


def test_a_kept_page_may_be_kept_by_browsers_only_if_they_check_it_first(client: Client) -> None:
    partnership()
    client.get("/test-valley/")

    response = client.get("/test-valley/")

    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=0", "must-revalidate"}
    assert {"Accept-Language", "Cookie"} <= {part.strip() for part in response["Vary"].split(",")}


def test_each_serve_has_a_fresh_nonce_that_the_policy_allows(client: Client) -> None:
    partnership()
    nonces = []
    for _ in range(3):
        response = client.get("/test-valley/")
        allowed = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
        used = re.findall(r'<script nonce="([^"]+)"', response.content.decode())
        assert allowed
        assert used
        assert set(used) == {allowed.group(1)}
        nonces.append(allowed.group(1))

    assert len(set(nonces)) == 3


# Welsh and English ---------------------------------------------------------------------------------


def _welsh_too() -> Partnership:
    return other_partnership(languages=["en", "cy"])


def _language_of(response: Any) -> str:
    found = re.search(r'<html lang="([a-z-]+)"', response.content.decode())
    assert found
    return found.group(1)


def test_welsh_and_english_are_kept_apart_by_the_toggle(client: Client) -> None:
    _welsh_too()
    welsh = Client()
    welsh.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"

    for _ in range(2):
        assert _language_of(client.get("/other-borough/")) == "en"
        assert _language_of(welsh.get("/other-borough/")) == "cy"
        assert welsh.get("/other-borough/")["Content-Language"] == "cy"


def test_welsh_and_english_are_kept_apart_by_what_the_browser_asks_for(client: Client) -> None:
    _welsh_too()

    for _ in range(2):
        assert _language_of(client.get("/other-borough/", headers={"Accept-Language": "cy"})) == "cy"
        assert _language_of(client.get("/other-borough/", headers={"Accept-Language": "en"})) == "en"


def test_a_welsh_page_is_not_not_modified_for_a_browser_holding_the_english_one(client: Client) -> None:
    _welsh_too()
    english = client.get("/other-borough/")

    welsh = client.get("/other-borough/", headers={"Accept-Language": "cy", "If-None-Match": english["ETag"]})

    assert welsh.status_code == 200
    assert _language_of(welsh) == "cy"


# Made afresh when what they show changes -----------------------------------------------------------


def _changed(client: Client, path: str, change: Callable[[], object], capture: Capture) -> tuple[Any, Any]:
    before = client.get(path)
    with capture(execute=True):
        change()
    after, queries = queries_for(client, path)
    assert queries > 0, "made afresh"
    return before, after


def test_a_partnership_saved_in_the_admin_is_shown_at_once(
    client: Client, rf: RequestFactory, django_capture_on_commit_callbacks: Capture
) -> None:
    tvp = partnership()

    def save() -> None:
        tvp.phone = "01632 960 999"
        tvp.save()
        form = SimpleNamespace(instance=tvp, save_m2m=lambda: None)
        admin.site._registry[Partnership].save_related(rf.post("/admin/"), form, [], True)

    before, after = _changed(client, "/test-valley/", save, django_capture_on_commit_callbacks)

    assert "01632 960 999" not in before.content.decode()
    assert "01632 960 999" in after.content.decode()
    assert after["ETag"] != before["ETag"]


def test_a_policy_changed_in_the_admin_changes_the_checker_and_procedure(
    client: Client, rf: RequestFactory, django_capture_on_commit_callbacks: Capture
) -> None:
    tvp = partnership()
    client.get("/test-valley/check/")

    def save() -> None:
        tvp.policy = "statutory-default"
        tvp.save()
        form = SimpleNamespace(instance=tvp, save_m2m=lambda: None)
        admin.site._registry[Partnership].save_related(rf.post("/admin/"), form, [], True)

    before, after = _changed(client, "/test-valley/procedure/", save, django_capture_on_commit_callbacks)

    assert "5 people have each reported" in before.content.decode()
    assert "5 people have each reported" not in after.content.decode()
    assert queries_for(client, "/test-valley/check/")[1] > 0


def test_an_agency_saved_in_the_admin_is_shown_at_once(
    client: Client, rf: RequestFactory, django_capture_on_commit_callbacks: Capture
) -> None:
    tvp = partnership()

    def save() -> None:
        police = tvp.agencies.get(kind=Agency.Kind.POLICE)
        police.name = "Test Valley Police"
        admin.site._registry[Agency].save_model(rf.post("/admin/"), police, None, True)

    _before, after = _changed(client, "/test-valley/check/", save, django_capture_on_commit_callbacks)

    assert "Test Valley Police" in after.content.decode()


def test_the_toggle_appears_once_a_partnership_offers_welsh(
    client: Client, rf: RequestFactory, django_capture_on_commit_callbacks: Capture
) -> None:
    tvp = partnership()

    def save() -> None:
        tvp.languages = ["en", "cy"]
        tvp.save()
        form = SimpleNamespace(instance=tvp, save_m2m=lambda: None)
        admin.site._registry[Partnership].save_related(rf.post("/admin/"), form, [], True)

    _changed(client, "/test-valley/", save, django_capture_on_commit_callbacks)

    assert _language_of(client.get("/test-valley/", headers={"Accept-Language": "cy"})) == "cy"


@pytest.mark.time_machine(NOON, tick=False)
def test_a_new_request_changes_the_figures_at_once(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    tvp = partnership()

    before, after = _changed(
        client, "/test-valley/statistics.json", lambda: submitted(tvp), django_capture_on_commit_callbacks
    )

    assert before.json() != after.json()


def test_publishing_figures_changes_the_figures_page(
    client: Client, time_machine: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    time_machine.move_to(local("2023-05-01 09:00"), tick=False)
    book = Casebook(clock=time_machine, people=team())
    book.received("2023-06-01 10:00")
    book.at("2024-04-10 09:00")
    tvp = partnership()

    def publish() -> None:
        figures_publish(
            partnership=tvp, year=ReportingYear(YearBasis.FINANCIAL, 2023), actor=book.people.coordinator
        )

    before, after = _changed(client, "/test-valley/statistics/", publish, django_capture_on_commit_callbacks)

    assert after.content != before.content


@pytest.mark.time_machine(NOON, tick=False)
def test_the_recount_makes_the_figures_afresh(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    tvp = partnership()

    _changed(
        client, "/test-valley/statistics.csv", lambda: recount([tvp.pk]), django_capture_on_commit_callbacks
    )


def test_loading_the_demo_again_makes_its_pages_afresh(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    partnership()

    _changed(client, "/test-valley/", partnership, django_capture_on_commit_callbacks)


# Never kept ----------------------------------------------------------------------------------------


def test_a_signed_in_member_of_staff_is_never_served_a_kept_page(client: Client) -> None:
    partnership()
    client.get("/test-valley/")
    verified(client, staff("cara"))

    response, queries = queries_for(client, "/test-valley/")

    assert queries > 0
    assert "ETag" not in response
    assert "no-store" in response["Cache-Control"]


def test_staff_pages_are_never_kept(client: Client) -> None:
    partnership()
    verified(client, staff("cara"))

    for path in ("/staff/", "/staff/statistics/test-valley/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "ETag" not in response, path
        assert "no-store" in response["Cache-Control"], path


def test_a_question_page_is_never_kept(client: Client) -> None:
    partnership()

    response = client.get("/test-valley/apply/who/")

    assert "ETag" not in response
    assert "no-store" in response["Cache-Control"]


def test_an_address_with_a_query_is_not_kept(client: Client) -> None:
    partnership()
    client.get("/test-valley/?from=leaflet")

    response, queries = queries_for(client, "/test-valley/?from=leaflet")

    assert queries > 0
    assert "ETag" not in response


def test_an_unknown_partnership_is_not_kept(client: Client) -> None:
    client.get("/nowhere/")

    response, queries = queries_for(client, "/nowhere/")

    assert response.status_code == 404
    assert queries > 0


def _versioned(rf: RequestFactory) -> HttpRequest:
    request = rf.get("/test-valley/")
    request.public_pages_version = "1.0"  # type: ignore[attr-defined]
    request.session = SessionStore()
    request.session.accessed = True  # the sign-in middleware has looked, as it always does
    request.user = AnonymousUser()
    return request


@pytest.mark.parametrize(
    "personal",
    [
        pytest.param(lambda request: request.session.get("draft"), id="reads the session"),
        pytest.param(get_token, id="uses a CSRF token"),
    ],
)
def test_a_page_that_belongs_to_someone_is_not_kept(rf: RequestFactory, personal: Any) -> None:
    made = []

    @public_page
    def view(request: HttpRequest) -> HttpResponse:
        personal(request)
        made.append(1)
        return HttpResponse("yours")

    for _ in range(2):
        response = view(_versioned(rf))
        assert "ETag" not in response

    assert len(made) == 2


def test_a_page_that_sets_a_cookie_is_not_kept(rf: RequestFactory) -> None:
    made = []

    @public_page
    def view(request: HttpRequest) -> HttpResponse:
        made.append(1)
        response = HttpResponse("hello")
        response.set_cookie("seen", "1")
        return response

    for _ in range(2):
        view(_versioned(rf))

    assert len(made) == 2


def test_a_page_of_nobody_in_particular_is_kept_and_the_session_still_saved(rf: RequestFactory) -> None:
    made = []

    @public_page
    def view(request: HttpRequest) -> HttpResponse:
        made.append(1)
        return HttpResponse("hello")

    first = _versioned(rf)
    view(first)
    view(_versioned(rf))

    assert len(made) == 1
    assert first.session.accessed  # what the middleware looked at is still known
