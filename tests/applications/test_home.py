"""The service's home page (a partnership's start page, or the list of partnerships) and the error
pages: what they say, and the headers that keep them safe."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from community_trigger.agencies.models import Agency, Partnership
from community_trigger.agencies.services import DEMO_AGENCIES, demo_partnership_load


class _ScriptsAndStyles(HTMLParser):
    """Collects each <script>'s attributes, and anything the style-src 'self' policy would block."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.inline_styles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts.append(dict(attrs))
        if tag == "style" or any(name == "style" for name, _ in attrs):
            self.inline_styles.append(tag)


def _parse(html: str) -> _ScriptsAndStyles:
    parser = _ScriptsAndStyles()
    parser.feed(html)
    return parser


def _second_partnership() -> Partnership:
    north = Partnership.objects.create(name="North Partnership", slug="north", reference_prefix="NP")
    Agency.objects.create(partnership=north, name="North Council", kind=Agency.Kind.COUNCIL)
    return north


@pytest.mark.django_db
def test_with_one_partnership_the_home_page_is_its_start_page(client: Client) -> None:
    demo_partnership_load()

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/test-valley/"
    start = client.get(response["Location"]).content.decode()
    assert "<title>Ask for an anti-social behaviour case review – Test Valley Partnership</title>" in start
    assert 'href="/test-valley/apply/"' in start
    assert "Start now" in start


@pytest.mark.django_db
def test_with_several_partnerships_the_home_page_says_what_a_case_review_is_and_who_can_ask(
    client: Client,
) -> None:
    demo_partnership_load()
    _second_partnership()

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Anti-social behaviour case review – Community Trigger</title>" in html
    assert "feel that no action, or not enough action, was taken" in html
    assert "also called the Community Trigger" in html
    assert "a victim of anti-social behaviour" in html
    assert "acting for a victim, with their permission" in html
    assert "acting for a group of people" in html
    assert "It is not a complaints procedure" in html


@pytest.mark.django_db
def test_with_several_partnerships_the_home_page_links_each_to_its_start_page_with_its_agencies(
    client: Client,
) -> None:
    demo_partnership_load()
    _second_partnership()

    html = client.get("/").content.decode()

    assert (
        '<a class="govuk-link" href="/test-valley/">Ask Test Valley Partnership for a case review</a>' in html
    )
    assert '<a class="govuk-link" href="/north/">Ask North Partnership for a case review</a>' in html
    # Listed by name.
    assert html.index("North Partnership") < html.index("Test Valley Partnership")
    for name, kind, website in DEMO_AGENCIES:
        assert f'<a class="govuk-link" href="{website}">{name}</a>' in html
        assert f'<td class="govuk-table__cell">{kind.label}</td>' in html
    assert "North Council" in html


@pytest.mark.django_db
def test_with_no_partnership_the_home_page_says_so_and_offers_no_form(client: Client) -> None:
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "No partnership uses this service yet." in html
    assert "govuk-table" not in html
    assert "<form" not in html
    assert "govuk-button" not in html


@pytest.mark.django_db
def test_the_header_names_the_service_not_gov_uk(client: Client) -> None:
    html = client.get("/").content.decode()

    assert '<a href="/" class="govuk-service-navigation__link">Community Trigger</a>' in html
    assert '<header class="govuk-template__header">' in html
    assert '<footer class="govuk-template__footer">' in html
    # The crown, the GOV.UK logotype and Crown copyright belong to services on GOV.UK only.
    for mark in ("GOV.UK", "govuk-header", "govuk-logo", "crown", "govuk-crest"):
        assert mark.lower() not in html.lower()


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/", "/test-valley/"], ids=["list of partnerships", "start page"])
def test_the_home_and_start_pages_send_the_security_headers(client: Client, address: str) -> None:
    demo_partnership_load()
    _second_partnership()

    response = client.get(address)

    assert response.status_code == 200

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    policy = dict(
        directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert re.fullmatch(r"'self' 'nonce-[A-Za-z0-9+/=]+'", policy["script-src"])


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/", "/test-valley/"], ids=["list of partnerships", "start page"])
def test_every_script_is_a_file_or_carries_the_nonce_and_nothing_is_styled_inline(
    client: Client, address: str
) -> None:
    demo_partnership_load()
    _second_partnership()

    response = client.get(address)
    nonce_match = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert nonce_match
    page = _parse(response.content.decode())

    assert page.scripts, "the page should start GOV.UK Frontend"
    for script in page.scripts:
        assert script.get("src") or script.get("nonce") == nonce_match.group(1), script
    assert {"type": "module", "src": "/static/js/init.mjs"} in page.scripts
    assert page.inline_styles == []


@pytest.mark.django_db
def test_an_unknown_address_gets_the_gov_uk_page_not_found(client: Client) -> None:
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in html
    assert "If you typed the web address, check it is correct." in html
    # It is a whole page of the service: skip link, header and a way back to the start.
    assert "Skip to main content" in html
    assert "govuk-service-navigation__link" in html
    assert 'href="/">go to the Community Trigger start page</a>' in html
    assert _parse(html).inline_styles == []


def test_the_server_error_page_renders_without_a_request_or_a_database() -> None:
    # Django renders 500.html with no context at all; this is the path it takes.
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1>' in html
    assert "Try again later." in html
    assert "/static/css/community-trigger.css" in html
    # No nonce exists here, so any script would be blocked by the policy and logged as an error.
    assert _parse(render_to_string("500.html")).scripts == []
