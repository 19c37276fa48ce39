"""The public statistics page, its chart, and its CSV and JSON downloads: open to anyone, made from the
cases, published versions shown as such."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from applications.builders import partnership
from django.test import Client
from reviews.builders import team

from community_trigger.agencies.models import Partnership
from community_trigger.domain.reporting_years import ReportingYear, YearBasis
from community_trigger.domain.workflow import State
from community_trigger.statistics.services import figures_publish

from .builders import Casebook, local

pytestmark = pytest.mark.django_db

SEED = (
    "2 community trigger requests were received in 2023/24. Of these one met the criteria and is pending "
    "review, and the other did not meet the criteria."
)


@pytest.fixture
def book(time_machine: Any) -> Casebook:
    """The seed's 2023/24, a reviewed case in 2024/25, and the clock stopped on 1 May 2025."""
    time_machine.move_to(local("2023-05-01 09:00"), tick=False)
    book = Casebook(clock=time_machine, people=team())
    pending = book.received("2023-05-10 10:00")
    book.to_review(pending, "2023-05-22 10:00")
    not_met = book.received("2023-11-02 10:00", incidents=1)
    book.decided(not_met, "2023-11-14 10:00", State.THRESHOLD_NOT_MET)
    reviewed = book.received("2024-06-03 10:00")
    book.to_review(reviewed, "2024-06-13 10:00")
    book.reviewed(reviewed, "2024-07-08 10:00", recommendations=True)
    book.at("2025-05-01 09:00")
    return book


def text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_anyone_sees_each_years_sentence_and_figures_without_signing_in(
    client: Client, book: Casebook
) -> None:
    response = client.get("/test-valley/statistics/")

    assert response.status_code == 200
    page = text(response)
    assert SEED in page
    assert (
        "1 community trigger request was received in 2024/25. It met the criteria and was reviewed." in page
    )
    assert "No community trigger requests were received in 2025/26." in page
    assert "The year so far, up to today" in page  # 2025/26
    assert page.count("Not yet published: these figures may still change.") == 2
    assert "The figures are counted in financial years, from April to March." in page


def test_the_chart_is_an_image_whose_text_alternative_is_the_summary_by_year(
    client: Client, book: Casebook
) -> None:
    page = client.get("/test-valley/statistics/").content.decode()

    svg = re.search(r"<svg [^>]*>", page)
    assert svg is not None
    assert 'role="img"' in svg.group(0)
    assert 'aria-labelledby="chart-title"' in svg.group(0)
    assert 'aria-describedby="figures-by-year"' in svg.group(0)
    assert '<title id="chart-title">' in page
    assert '<div class="govuk-grid-column-two-thirds" id="figures-by-year">' in page
    assert page.count('<div class="govuk-summary-card">') == 3  # a card a year, 2023/24 to 2025/26
    # Four panels of three years (2023/24 to 2025/26): a bar, its number and its year each.
    assert page.count("<rect ") == 4 * 3
    assert '<text x="' in page
    assert ">23/24</text>" not in page
    assert ">2023/24</text>" in page
    assert "<script" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_the_csv_has_a_row_a_year_with_every_figure(client: Client, book: Casebook) -> None:
    response = client.get("/test-valley/statistics.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="test-valley-community-trigger-figures.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["year"] for row in rows] == ["2023/24", "2024/25", "2025/26"]
    seed_year, reviewed_year, this_year = rows
    assert seed_year["received"] == "2"
    assert seed_year["threshold_not_met"] == "1"
    assert seed_year["cohort_met_pending_review"] == "1"
    assert seed_year["cohort_not_met"] == "1"
    assert seed_year["sentence"] == SEED
    assert (seed_year["first_day"], seed_year["last_day"]) == ("2023-04-01", "2024-03-31")
    assert (seed_year["status"], seed_year["complete"], seed_year["version"]) == ("provisional", "yes", "")
    assert reviewed_year["reviews_carried_out"] == reviewed_year["reviews_with_recommendations"] == "1"
    assert this_year["complete"] == "no"


def test_the_json_states_every_year_and_its_status(client: Client, book: Casebook) -> None:
    figures_publish(
        partnership=partnership(),
        year=ReportingYear(YearBasis.FINANCIAL, 2023),
        actor=book.people.coordinator,
    )

    response = client.get("/test-valley/statistics.json")

    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["partnership"] == {
        "name": "Test Valley Partnership",
        "slug": "test-valley",
        "year_basis": "financial",
    }
    seed_year, reviewed_year, _ = document["years"]
    assert seed_year["year"] == "2023/24"
    assert seed_year["slug"] == "2023-24"
    assert (seed_year["status"], seed_year["version"]) == ("published", 1)
    assert seed_year["published_at"] == "2025-05-01T08:00:00+00:00"
    assert seed_year["sentence"] == SEED
    assert seed_year["figures"] == {
        "received": 2,
        "threshold_not_met": 1,
        "reviews_carried_out": 0,
        "reviews_with_recommendations": 0,
        "discretionary_reviews": 0,
        "withdrawn": 0,
        "escalations_requested": 0,
        "escalations_upheld": 0,
    }
    assert (
        seed_year["cohort"]["met"]
        == seed_year["cohort"]["did_not_meet"]
        == seed_year["cohort"]["pending"]
        == 1
    )
    assert seed_year["cohort"]["by_standing"]["met_pending_review"] == 1
    assert (reviewed_year["status"], reviewed_year["version"], reviewed_year["complete"]) == (
        "provisional",
        None,
        True,
    )


@pytest.mark.parametrize(
    "address", ["/nowhere/statistics/", "/nowhere/statistics.csv", "/nowhere/statistics.json"]
)
def test_an_unknown_partnership_has_no_figures(client: Client, address: str) -> None:
    assert client.get(address).status_code == 404


def test_the_page_of_a_partnership_without_cases_says_so(client: Client, time_machine: Any) -> None:
    time_machine.move_to(local("2026-06-01 12:00"), tick=False)
    Partnership.objects.create(
        name="Quiet Partnership", slug="quiet", reference_prefix="QP", year_basis="calendar"
    )

    page = text(client.get("/quiet/statistics/"))

    assert "No community trigger requests were received in 2026." in page
    assert "counted in calendar years, from January to December" in page
