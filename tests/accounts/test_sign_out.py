"""Signing out takes a POST with its CSRF token: a link, an image or another site cannot sign anyone out."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from community_trigger.audit.models import AuditEntry

from .people import HOME, staff, verified

pytestmark = pytest.mark.django_db

SIGN_OUT = "/staff/sign-out/"


def test_the_sign_out_link_asks_to_confirm_and_signs_no_one_out(client: Client) -> None:
    verified(client, staff("cara"))

    response = client.get(SIGN_OUT)

    assert response.status_code == 200
    assert '<button type="submit"' in response.content.decode()
    assert client.get(HOME).status_code == 200
    assert not AuditEntry.objects.exists()


def test_a_post_without_the_csrf_token_is_refused() -> None:
    browser = Client(enforce_csrf_checks=True)
    verified(browser, staff("cara"))

    response = browser.post(SIGN_OUT)

    assert response.status_code == 403
    assert browser.get(HOME).status_code == 200


def test_a_post_with_the_csrf_token_signs_out_and_is_audited() -> None:
    browser = Client(enforce_csrf_checks=True)
    user = staff("cara")
    verified(browser, user)
    page = browser.get(SIGN_OUT).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token

    response = browser.post(SIGN_OUT, {"csrfmiddlewaretoken": token.group(1)})

    assert response["Location"] == "/staff/signed-out/"
    assert "You have signed out" in browser.get("/staff/signed-out/").content.decode()
    assert browser.get(HOME)["Location"] == "/staff/sign-in/?next=/staff/"
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.subject, entry.subject_id) == (
        "sign_out",
        user,
        "user",
        str(user.pk),
    )


def test_the_staff_home_leads_to_sign_out_from_its_navigation_not_its_own_button(client: Client) -> None:
    verified(client, staff("cara"))

    page = client.get(HOME).content.decode()

    # Signing out is confirmed on its own page; the home's main action is the work.
    assert f'action="{SIGN_OUT}"' not in page
    assert 'href="/staff/sign-out/"' in page
