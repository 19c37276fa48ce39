"""The demo's newest request is about the same flats as two earlier cases, so `make run` shows
related cases on it, with why, ready to link."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from pytest_django import Settings

from community_trigger.accounts.services import demo_staff_load
from community_trigger.agencies.services import demo_partnership_load
from community_trigger.demo.cases import demo_cases_load
from community_trigger.related.selectors import related_cases_for

pytestmark = pytest.mark.django_db


def test_the_demo_new_request_shows_the_earlier_cases_about_the_same_flats(settings: Settings) -> None:
    settings.DEBUG = True  # the demo staff exist only on a development machine
    partnership = demo_partnership_load()
    demo_staff_load()
    coordinator = get_user_model().objects.get(username="coordinator")
    new, _, requested, _, reviewed = demo_cases_load(partnership=partnership, coordinator=coordinator)

    related = {shown.row.reference: shown.reasons for shown in related_cases_for(coordinator, new)}

    assert related == {
        requested.reference: [
            "Same place: The flats on Demo Road",
            "Same postcode SP10 1AA",
            "Alleged perpetrator name close to ‘John Smith’",
        ],
        reviewed.reference: ["Same place: The flats on Demo Road", "Same postcode SP10 1AA"],
    }
