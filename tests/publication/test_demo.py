"""The demo `make run` loads has cases in several years, built through the services at past dates:
its statistics page tells 2023/24 in the seed's sentence, computed from the seed's two cases."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from pytest_django import Settings

from community_trigger.agencies.models import Partnership
from community_trigger.cases.models import Application
from community_trigger.domain.figures import Cohort, YearFigures
from community_trigger.statistics.selectors import live_figures

from .builders import local

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(local("2026-12-01 09:00"), tick=False)]

SEED = (
    "2 community trigger requests were received in 2023/24. Of these one met the criteria and is pending "
    "review, and the other did not meet the criteria."
)


@pytest.fixture
def demo(settings: Settings) -> str:
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_demo_statistics_page_tells_2023_24_in_the_seeds_words(client: Client, demo: str) -> None:
    page = re.sub(r"\s+", " ", client.get("/test-valley/statistics/").content.decode())

    assert SEED in page
    assert "Demo cases of past years, for the figures at /test-valley/statistics/" in demo


def test_the_demo_years_hold_cases_that_went_every_way(demo: str) -> None:
    years = {year.year.label: year for year in live_figures(Partnership.objects.get(slug="test-valley"))}

    assert list(years) == ["2022/23", "2023/24", "2024/25", "2025/26", "2026/27"]
    assert years["2023/24"].figures == YearFigures(received=2, threshold_not_met=1)
    assert years["2023/24"].cohort == Cohort(met_pending_review=1, not_met=1)
    assert years["2024/25"].figures == YearFigures(
        received=4,
        threshold_not_met=1,
        reviews_carried_out=3,
        reviews_with_recommendations=2,
        discretionary_reviews=1,
        escalations_requested=1,
    )
    assert years["2025/26"].figures.escalations_upheld == 1
    assert years["2022/23"].figures.withdrawn == 1
    assert years["2026/27"].figures.received == 5  # the five cases of today


def test_loading_the_demo_again_adds_no_case(demo: str, settings: Any) -> None:
    before = Application.objects.count()

    call_command("load_demo", stdout=StringIO())

    assert Application.objects.count() == before == 5 + 12
