"""No page the site makes may be kept by the browser: after signing out or leaving, Back must not show a
case, a status page or someone's answers again. Static files are WhiteNoise's, and stay cacheable."""

from __future__ import annotations

import pytest
from accounts.people import staff, verified
from applications.builders import NOON, agency_id, answers_for, draft, in_session, partnership, submitted
from django.test import Client

from community_trigger.applications.services import status_token

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]


def _directives(response: object) -> set[str]:
    header = response["Cache-Control"]  # type: ignore[index]
    return {part.strip() for part in header.split(",")}


def test_staff_pages_are_not_kept(client: Client) -> None:
    case = submitted(partnership())
    verified(client, staff("cara"))

    for path in ("/staff/", "/staff/cases/", f"/staff/cases/{case.reference}/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in _directives(response), path


def test_the_status_page_is_not_kept(client: Client) -> None:
    case = submitted(partnership())

    response = client.get(f"/test-valley/status/{status_token(case)}/")

    assert response.status_code == 200
    assert "no-store" in _directives(response)


def test_a_question_page_with_someones_answers_is_not_kept(client: Client) -> None:
    tvp = partnership()
    in_session(client, draft(tvp, answers_for("victim", agency=agency_id(tvp))))

    for path in ("/test-valley/apply/your-details/", "/test-valley/apply/check-answers/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in _directives(response), path


def test_redirects_and_refusals_are_not_kept_either(client: Client) -> None:
    partnership()

    for path, status in (("/staff/cases/", 302), ("/test-valley/apply/", 302), ("/no-such-place/x/y/", 404)):
        response = client.get(path)
        assert response.status_code == status, path
        assert "no-store" in _directives(response), path


def test_a_public_page_the_same_for_everyone_may_be_kept_if_checked_first(client: Client) -> None:
    # It holds nothing of anyone's (common/public_cache.py): a browser keeps it, and asks each time
    # whether it is still the same.
    partnership()

    response = client.get("/test-valley/")

    assert _directives(response) == {"public", "max-age=0", "must-revalidate"}
    assert response["ETag"]


def test_the_sign_in_page_keeps_its_own_never_cache_header_with_no_store_in_it(client: Client) -> None:
    response = client.get("/staff/sign-in/")

    assert response["Cache-Control"].startswith("max-age=0")
    assert "no-store" in _directives(response)


def test_static_files_stay_cacheable(client: Client) -> None:
    response = client.get("/assets/manifest.json")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
