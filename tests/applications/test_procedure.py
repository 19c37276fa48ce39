"""The procedure page the Act asks the partnership to publish (s104(2)(b)): open to anyone, made from
its threshold policy, timescales, contact details and agencies, and linked from the start page, the
footer and the home page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from applications.builders import partnership
from community_trigger.agencies.models import Agency, Partnership
from community_trigger.agencies.public_pages import public_pages_changed

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_procedure_is_made_from_the_partnerships_policy_and_timescales(client: Client) -> None:
    demo = partnership()
    Partnership.objects.filter(pk=demo.pk).update(
        acknowledge_within_days=3,
        decide_within_days=7,
        review_within_days=15,
        escalation_window_days=21,
        plan_comments_within_days=6,
    )

    page = text(client.get("/test-valley/procedure/"))

    assert "Anti-social behaviour case review procedure" in page
    assert "you have reported 3 separate incidents of anti-social behaviour" in page
    assert "5 people have each reported similar incidents separately" in page
    assert "These conditions for a case review are called the threshold." in page
    assert "We tell you we have your request within 3 working days." in page
    assert "Within 7 working days after that" in page
    assert "within 15 working days of the decision" in page
    assert "Ask within 21 working days of our letter" in page
    assert "You have 6 working days to tell us what you think of the draft plan" in page
    assert 'Phone: <a class="govuk-link" href="tel:01632960123">01632 960 123</a>' in page
    assert "Monday to Friday, 9am to 5pm" in page
    assert 'href="mailto:community.trigger@testvalley.example"' in page
    assert "Beech Hurst" in page
    assert 'href="/test-valley/"' in page  # ask online
    assert (
        'href="https://www.hampshire.police.uk/">Hampshire and Isle of Wight Constabulary complaints</a>'
        in page
    )
    assert "It is not a complaints procedure" in page
    assert "must agree to this" in page
    assert 'href="/test-valley/statistics/"' in page


def test_the_procedure_changes_when_the_policy_does(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    demo = partnership()
    before = text(client.get("/test-valley/procedure/"))
    with django_capture_on_commit_callbacks(execute=True):
        Partnership.objects.filter(pk=demo.pk).update(policy="statutory-default")
        public_pages_changed(demo)  # as the admin's save does: the page is kept until it changes

    after = text(client.get("/test-valley/procedure/"))

    assert "5 people have each reported similar incidents separately" in before
    assert "5 people have each reported similar incidents separately" not in after
    assert "feel that no action was taken" in before
    assert "feel that no action was taken" not in after


def test_the_procedure_names_only_the_agencies_complaints_pages_it_has(client: Client) -> None:
    demo = partnership()
    Agency.objects.create(
        partnership=demo, name="Small Housing Trust", kind=Agency.Kind.HOUSING, complaints_url=""
    )

    page = text(client.get("/test-valley/procedure/"))

    assert "<li>Small Housing Trust</li>" in page


def test_the_start_page_the_footer_and_the_home_page_lead_to_the_procedure_and_figures(
    client: Client,
) -> None:
    partnership()
    Partnership.objects.create(name="North Partnership", slug="north", reference_prefix="NP")

    start = client.get("/test-valley/").content.decode()
    home = client.get("/").content.decode()

    assert "Read the partnership's full case review procedure" in start
    assert 'class="govuk-footer__link" href="/test-valley/procedure/"' in start
    assert 'class="govuk-footer__link" href="/test-valley/statistics/"' in start
    assert ">Test Valley Partnership case review procedure</a>" in home
    assert ">North Partnership Community Trigger figures</a>" in home


def test_an_unknown_partnerships_procedure_is_not_found(client: Client) -> None:
    assert client.get("/nowhere/procedure/").status_code == 404


def test_the_procedure_says_when_it_was_last_updated_not_a_version_number(
    client: Client, time_machine: Any
) -> None:
    time_machine.move_to("2026-10-05 12:00:00+00:00", tick=False)
    demo = partnership()
    time_machine.move_to("2026-11-20 12:00:00+00:00", tick=False)
    agency = demo.agencies.get(kind=Agency.Kind.POLICE)
    agency.name = "Hampshire Police"
    agency.save()

    page = text(client.get("/test-valley/procedure/"))

    assert "Last updated 20 November 2026" in page
    assert "version" not in page


def test_the_partnerships_email_address_wraps_on_a_narrow_screen(client: Client) -> None:
    partnership()

    page = text(client.get("/test-valley/procedure/"))

    assert '<p class="govuk-body govuk-!-text-break-word">Email: <a class="govuk-link" href="mailto:' in page


def test_the_procedure_says_reported_not_complained_and_explains_the_words_it_uses(client: Client) -> None:
    partnership()

    page = text(client.get("/test-valley/procedure/"))

    assert "complained" not in page
    assert "These conditions for a case review are called the threshold." in page
    assert "integrated care board" not in page.lower().replace(
        "hampshire and isle of wight integrated care board", ""
    )
