"""A partnership's start page: its threshold in plain words, its agencies, other ways to ask, timescales."""

from __future__ import annotations

import pytest
from django.test import Client

from community_trigger.agencies.models import Agency, Partnership
from community_trigger.agencies.services import DEMO_AGENCIES
from community_trigger.applications.threshold_words import public_threshold
from community_trigger.domain.policy import builtin_policies

from .builders import other_partnership, partnership

pytestmark = pytest.mark.django_db

GROUP_ROUTE = "5 people have each reported similar incidents separately, and ask together as a group"
DISSATISFIED = (
    "the people who reported them feel that no action was taken, or are not satisfied with the action taken"
)


def _start(client: Client, slug: str = "test-valley") -> str:
    response = client.get(f"/{slug}/")
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_start_page_states_the_partnerships_threshold_in_plain_words(client: Client) -> None:
    partnership()

    html = _start(client)

    assert "<li>you have reported 3 separate incidents of anti-social behaviour</li>" in html
    assert f"<li>{GROUP_ROUTE}</li>" in html
    assert "<li>each incident was reported within one month of it happening</li>" in html
    assert "<li>you ask for a review within 6 months of each report</li>" in html
    assert f"<li>{DISSATISFIED}</li>" in html
    assert "You can ask for a review if one of these applies:" in html


def test_the_agencies_the_threshold_names_are_the_partnerships_own(client: Client) -> None:
    partnership()

    html = _start(client)

    assert (
        "<li>the incidents were reported to Test Valley Borough Council, Hampshire and Isle of Wight "
        "Integrated Care Board, Aster Group or Hampshire and Isle of Wight Constabulary</li>"
    ) in html


def test_every_sentence_of_the_threshold_comes_from_the_policy(client: Client) -> None:
    tvp = partnership()
    names = [agency.name for agency in tvp.agencies.all()]

    html = _start(client)

    plain = public_threshold(builtin_policies()["test-valley"], names)
    for sentence in [*plain.routes, *plain.conditions]:
        assert f"<li>{sentence}</li>" in html


def test_under_the_statutory_default_there_is_no_group_route_and_no_satisfaction_condition(
    client: Client,
) -> None:
    other_partnership(policy="statutory-default")

    html = _start(client, "other-borough")

    assert "<li>you have reported 3 separate incidents of anti-social behaviour</li>" in html
    assert "reported similar incidents separately" not in html
    assert DISSATISFIED not in html
    assert "You can ask for a review if:" in html
    assert "<li>the incidents were reported to Other Borough Police</li>" in html


def test_each_agencys_complaints_procedure_is_linked(client: Client) -> None:
    partnership()

    html = _start(client)

    for name, _, website in DEMO_AGENCIES:
        assert f'<a class="govuk-link" href="{website}">{name} complaints</a>' in html


def test_an_agency_without_a_complaints_page_is_named_without_a_link(client: Client) -> None:
    tvp = partnership()
    Agency.objects.create(partnership=tvp, name="Test Valley Homes", kind=Agency.Kind.HOUSING)

    html = _start(client)

    assert "<li>Test Valley Homes</li>" in html


def test_the_other_ways_to_ask_are_the_partnerships_phone_email_and_address(client: Client) -> None:
    partnership()

    html = _start(client)

    assert "Other ways to ask" in html
    assert 'Phone: <a class="govuk-link" href="tel:01632960123">01632 960 123</a>' in html
    assert "Monday to Friday, 9am to 5pm (not bank holidays)" in html
    assert (
        '<a class="govuk-link" href="mailto:community.trigger@testvalley.example">'
        "community.trigger@testvalley.example</a>"
    ) in html
    assert "Post:<br>Community Safety Team<br>Beech Hurst<br>Weyhill Road<br>Andover<br>SP10 3AJ" in html


def test_a_partnership_with_no_other_way_to_ask_offers_none(client: Client) -> None:
    other_partnership()

    html = _start(client, "other-borough")

    assert "Other ways to ask" not in html
    assert "Phone:" not in html


def test_the_timescales_are_the_partnerships_promises(client: Client) -> None:
    partnership()

    html = _start(client)

    assert "will tell you they have your request within 5 working days." in html
    assert "Within 10 working days after that" in html
    assert "review the case within 20 working days" in html


def test_a_promise_of_one_day_is_said_in_the_singular(client: Client) -> None:
    tvp: Partnership = partnership()
    tvp.acknowledge_within_days = 1
    tvp.save()

    assert "will tell you they have your request within 1 working day." in _start(client)


def test_the_start_button_leads_into_the_journey_and_the_checker_is_offered(client: Client) -> None:
    partnership()

    html = _start(client)

    assert 'href="/test-valley/apply/"' in html
    assert 'href="/test-valley/check/"' in html


def test_the_start_page_of_a_partnership_that_does_not_exist_is_not_found(client: Client) -> None:
    assert client.get("/nowhere/").status_code == 404
