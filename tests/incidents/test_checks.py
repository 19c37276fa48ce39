"""Each incident record is checked field by field, every problem named by row and column: dates,
times, category words, postcodes, coordinates, required fields and a location."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from community_trigger.incidents.checks import guess_mapping, mapping_check, record_check

pytestmark = pytest.mark.time_machine("2024-06-01 12:00:00+01:00", tick=False)
TODAY = date(2024, 6, 1)


def _check(**values: Any) -> tuple[Any, list[tuple[str, str]]]:
    base: dict[str, Any] = {
        "reference": "P-1",
        "occurred_at": "2024-05-01 21:30",
        "category": "nuisance",
        "description": "Loud music",
        "location_postcode": "sp10 3aj",
    }
    candidate, problems = record_check(2, {**base, **values}, {}, TODAY)
    return candidate, [(problem.column, str(problem.message)) for problem in problems]


def test_a_good_record_is_read_with_its_postcode_written_as_the_royal_mail_writes_it() -> None:
    candidate, problems = _check()

    assert problems == []
    assert candidate.location_postcode == "SP10 3AJ"
    assert candidate.occurred_at.hour == 21
    assert candidate.time_known


@pytest.mark.parametrize("said", ["2024-05-01", "01/05/2024", "1.5.2024"])
def test_a_day_alone_is_read_and_its_time_marked_unknown(said: str) -> None:
    candidate, problems = _check(occurred_at=said)

    assert problems == []
    assert candidate.occurred_at.date() == date(2024, 5, 1)
    assert not candidate.time_known


@pytest.mark.parametrize(
    ("values", "column", "words"),
    [
        ({"occurred_at": "31/02/2024"}, "occurred_at", "is not a date"),
        ({"occurred_at": "2024-07-01"}, "occurred_at", "in the future"),
        ({"occurred_at": "2024-05-01", "occurred_time": "25:00"}, "occurred_time", "is not a time"),
        ({"category": "noisy"}, "category", "is not an ASB category"),
        ({"location_postcode": "SP10"}, "location_postcode", "is not a UK postcode"),
        ({"reporter_postcode": "12345"}, "reporter_postcode", "is not a UK postcode"),
        ({"reporter_email": "robin@"}, "reporter_email", "is not an email address"),
        ({"reporter_phone": "call me"}, "reporter_phone", "is not a phone number"),
        ({"latitude": "51.2", "longitude": "181"}, "longitude", "outside the United Kingdom"),
        ({"latitude": "north", "longitude": "-1.4"}, "latitude", "is not a number"),
        ({"latitude": "51.2"}, "longitude", "give both coordinates"),
        ({"reference": ""}, "reference", "is empty"),
        ({"description": " "}, "description", "is empty"),
        ({"reference": "R" * 101}, "reference", "longer than 100"),
        (
            {"location_postcode": ""},
            "location_address",
            "give the location's address, postcode or coordinates",
        ),
    ],
)
def test_each_wrong_field_is_named_with_what_is_wrong(
    values: dict[str, Any], column: str, words: str
) -> None:
    candidate, problems = _check(**values)

    assert candidate is None
    assert [said for said in problems if said[0] == column and words in said[1]], problems


def test_every_problem_of_a_record_is_reported_not_only_the_first() -> None:
    _, problems = _check(category="noisy", occurred_at="soon", reporter_email="x")

    assert {column for column, _ in problems} == {"category", "occurred_at", "reporter_email"}


@pytest.mark.parametrize(("said", "code"), [("ASB Personal", "personal"), ("environment", "environmental")])
def test_the_category_words_agencies_use_are_read_as_the_national_categories(said: str, code: str) -> None:
    candidate, _ = _check(category=said)

    assert candidate.category == code


def test_coordinates_in_the_united_kingdom_are_kept_to_six_places() -> None:
    candidate, problems = _check(latitude="51.2083333", longitude="-1.4800")

    assert problems == []
    assert (candidate.latitude, candidate.longitude) == (Decimal("51.208333"), Decimal("-1.480000"))


def test_a_mapping_must_give_every_required_field_a_column_of_the_file() -> None:
    _, _, problems = mapping_check(["Ref", "When"], {"reference": "Ref", "occurred_at": "Nope"})

    said = {(problem.column, str(problem.message)) for problem in problems}
    assert ("Nope", "is not a column of this file") in said
    assert any(column == "ASB category" for column, _ in said)


def test_the_saved_mapping_is_proposed_where_the_file_has_its_headers_and_names_guess_the_rest() -> None:
    proposed = guess_mapping(
        ["Ref", "Reporter postcode", "category"], {"reference": "Ref", "description": "Gone"}
    )

    assert proposed == {"reference": "Ref", "reporter_postcode": "Reporter postcode", "category": "category"}


def test_a_timestamp_with_its_offset_is_read_as_the_time_here() -> None:
    candidate, problems = _check(occurred_at="2024-05-01T20:30:00Z")

    assert problems == []
    assert candidate.occurred_at.isoformat() == "2024-05-01T21:30:00+01:00"


def test_a_time_still_to_come_today_is_named_in_the_column_that_gave_it() -> None:
    _, from_the_date = _check(occurred_at="2024-06-01 18:00")
    _, from_the_time = _check(occurred_at="2024-06-01", occurred_time="18:00")

    assert from_the_date == [("occurred_at", "18:00 today is still to come")]
    assert from_the_time == [("occurred_time", "18:00 today is still to come")]
