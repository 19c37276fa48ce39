"""GET /api/v1/partnerships/<slug>/statistics[/<year>]: the published figures as data, in the OpenAPI
schema, with a JSON error naming the field for an unknown partnership or year."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from applications.builders import agency_id, application_for, incident, partnership, report
from django.test import Client
from django.utils import timezone

from community_trigger.agencies.models import Partnership
from community_trigger.applications.consent import CONSENT_WORDING_VERSION
from community_trigger.cases.services.intake import application_submit

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(datetime(2025, 5, 1, 12, 0), tick=False)]


@pytest.fixture
def received_in_2023_24() -> None:
    """One application, sent on 10 May 2023."""
    sent = timezone.make_aware(datetime(2023, 5, 10, 10, 0))
    police = agency_id(partnership())
    application_submit(
        partnership=partnership(),
        answers=application_for(
            "victim",
            agency=police,
            incidents=[
                incident(
                    "i0", datetime(2023, 5, 1).date(), report("you", police, datetime(2023, 5, 2).date())
                )
            ],
        ),
        consent_wording_version=CONSENT_WORDING_VERSION,
        now=sent,
    )


def test_every_year_of_a_partnership(client: Client, received_in_2023_24: None) -> None:
    response = client.get("/api/v1/partnerships/test-valley/statistics")

    assert response.status_code == 200
    body = response.json()
    assert body["partnership"]["slug"] == "test-valley"
    assert [year["year"] for year in body["years"]] == ["2023/24", "2024/25", "2025/26"]
    assert body["years"][0]["figures"]["received"] == 1
    assert body["years"][0]["sentence"] == (
        "1 community trigger request was received in 2023/24. It is awaiting a decision."
    )
    assert body["years"][2]["complete"] is False


def test_one_year_by_its_address(client: Client, received_in_2023_24: None) -> None:
    response = client.get("/api/v1/partnerships/test-valley/statistics/2023-24")

    assert response.status_code == 200
    body = response.json()
    assert (body["year"], body["first_day"], body["last_day"]) == ("2023/24", "2023-04-01", "2024-03-31")
    assert body["status"] == "provisional"
    assert body["cohort"]["by_standing"]["pending_decision"] == 1
    assert body["partnership"]["name"] == "Test Valley Partnership"


def test_a_calendar_year_partnership_is_asked_by_calendar_year(
    client: Client, received_in_2023_24: None
) -> None:
    Partnership.objects.filter(slug="test-valley").update(year_basis="calendar")

    assert client.get("/api/v1/partnerships/test-valley/statistics/2023").json()["figures"]["received"] == 1
    refused = client.get("/api/v1/partnerships/test-valley/statistics/2023-24")
    assert refused.status_code == 404
    assert "this partnership counts calendar years" in refused.json()["error"]["message"]


@pytest.mark.parametrize(
    ("address", "field", "words"),
    [
        ("/api/v1/partnerships/nowhere/statistics", "slug", "There is no partnership 'nowhere'"),
        ("/api/v1/partnerships/nowhere/statistics/2023-24", "slug", "There is no partnership 'nowhere'"),
        ("/api/v1/partnerships/test-valley/statistics/2023-25", "year", "ends in the year after it starts"),
        ("/api/v1/partnerships/test-valley/statistics/2023", "year", "counts financial years"),
        ("/api/v1/partnerships/test-valley/statistics/last-year", "year", "as in 2023-24"),
        ("/api/v1/partnerships/test-valley/statistics/2019-20", "year", "outside the years on record"),
        ("/api/v1/partnerships/test-valley/statistics/2031-32", "year", "outside the years on record"),
    ],
)
def test_an_unknown_partnership_or_a_malformed_year_is_a_404_naming_the_field(
    client: Client, received_in_2023_24: None, address: str, field: str, words: str
) -> None:
    response = client.get(address)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    error = response.json()["error"]
    assert error["field"] == field
    assert words in error["message"]


def test_the_statistics_are_in_the_openapi_schema(client: Client) -> None:
    schema: dict[str, Any] = client.get("/api/v1/openapi.json").json()

    every_year = schema["paths"]["/api/v1/partnerships/{slug}/statistics"]["get"]
    one_year = schema["paths"]["/api/v1/partnerships/{slug}/statistics/{year}"]["get"]
    assert set(every_year["responses"]) == {"200", "404"}
    assert set(one_year["responses"]) == {"200", "404"}
    components = schema["components"]["schemas"]
    assert {"PartnershipStatisticsOut", "PartnershipYearStatisticsOut", "FiguresOut", "CohortOut"} <= set(
        components
    )
    assert set(components["FiguresOut"]["properties"]) == {
        "received",
        "threshold_not_met",
        "reviews_carried_out",
        "reviews_with_recommendations",
        "discretionary_reviews",
        "withdrawn",
        "escalations_requested",
        "escalations_upheld",
    }
