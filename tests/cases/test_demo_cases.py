"""The demo cases `make run` loads: a case at each early step, and loading twice adds nothing."""

from __future__ import annotations

import pytest
from accounts.people import staff

from community_trigger.agencies.services import demo_partnership_load
from community_trigger.cases.demo import demo_cases_load
from community_trigger.cases.models import Application

pytestmark = pytest.mark.django_db


def test_the_demo_cases_stand_at_different_steps_and_load_once() -> None:
    partnership = demo_partnership_load()
    coordinator = staff("coordinator")

    cases = demo_cases_load(partnership=partnership, coordinator=coordinator)

    assert [case.state for case in cases] == ["received", "acknowledged", "information_requested"]
    assert cases[2].information_requests.count() == partnership.agencies.count()
    assert cases[2].decisions.get().outcome == "threshold_met"
    assert demo_cases_load(partnership=partnership, coordinator=coordinator) == []
    assert Application.objects.count() == 3
