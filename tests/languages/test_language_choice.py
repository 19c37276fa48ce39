"""Which language a page speaks: the toggle on public pages, only the languages a partnership offers,
and English for staff whatever the browser asks for."""

from __future__ import annotations

import re

import pytest
from accounts.people import staff, verified
from applications.builders import partnership
from django.conf import settings
from django.test import Client

from community_trigger.agencies.models import Partnership

pytestmark = pytest.mark.django_db


def _html_lang(html: str) -> str:
    match = re.search(r'<html lang="([^"]+)"', html)
    assert match, html[:200]
    return match.group(1)


def _in_welsh(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    return client


def test_a_partnership_that_offers_welsh_serves_its_start_page_in_the_language_chosen(
    client: Client, bilingual: Partnership
) -> None:
    response = _in_welsh(client).get("/test-valley/")

    assert response["Content-Language"] == "cy"
    assert _html_lang(response.content.decode()) == "cy"


def test_a_browser_that_asks_for_welsh_gets_it_where_it_is_offered(
    client: Client, bilingual: Partnership
) -> None:
    response = client.get("/test-valley/", HTTP_ACCEPT_LANGUAGE="cy-GB,cy;q=0.9,en;q=0.5")

    assert response["Content-Language"] == "cy"


def test_a_partnership_that_offers_only_english_never_serves_welsh(client: Client) -> None:
    partnership()

    response = _in_welsh(client).get("/test-valley/", HTTP_ACCEPT_LANGUAGE="cy")

    assert response["Content-Language"] == "en"
    html = response.content.decode()
    assert _html_lang(html) == "en"
    assert "Cymraeg" not in html


def test_the_toggle_links_to_the_other_language_and_names_the_one_in_use_without_a_link(
    client: Client, bilingual: Partnership
) -> None:
    html = client.get("/test-valley/procedure/").content.decode()

    assert (
        '<a class="govuk-link" href="/language/cy/?next=/test-valley/procedure/" lang="cy" hreflang="cy">'
        "Cymraeg</a>"
    ) in html
    assert '<span lang="en" aria-current="true"><strong>English</strong></span>' in html
    assert 'href="/language/en/' not in html


def test_the_toggle_is_on_the_question_pages_and_the_published_figures_too(
    client: Client, bilingual: Partnership
) -> None:
    for path in ("/test-valley/apply/who/", "/test-valley/statistics/"):
        html = client.get(path).content.decode()
        assert 'hreflang="cy"' in html, path


def test_choosing_a_language_remembers_it_and_returns_to_the_same_page(
    client: Client, bilingual: Partnership
) -> None:
    response = client.get("/language/cy/", {"next": "/test-valley/check/?from=start"})

    assert response.status_code == 302
    assert response["Location"] == "/test-valley/check/?from=start"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "cy"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert client.get("/test-valley/check/")["Content-Language"] == "cy"

    client.get("/language/en/", {"next": "/test-valley/"})
    assert client.get("/test-valley/check/")["Content-Language"] == "en"


@pytest.mark.parametrize("elsewhere", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""])
def test_the_toggle_never_sends_anyone_off_the_site(client: Client, elsewhere: str) -> None:
    response = client.get("/language/cy/", {"next": elsewhere})

    assert response["Location"] == "/"


def test_a_language_the_service_does_not_speak_is_not_found(client: Client) -> None:
    assert client.get("/language/fr/", {"next": "/"}).status_code == 404


def test_staff_pages_speak_english_whatever_the_public_toggle_chose(
    client: Client, bilingual: Partnership
) -> None:
    verified(client, staff("cora"))
    _in_welsh(client)

    response = client.get("/staff/cases/", HTTP_ACCEPT_LANGUAGE="cy")

    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    html = response.content.decode()
    assert _html_lang(html) == "en"
    assert "Cymraeg" not in html
