"""Postcodes, names and addresses typed in different ways compare equal; UPRNs are checked."""

from __future__ import annotations

import pytest

from community_trigger.common.search_keys import (
    CLOSE_ENOUGH,
    closeness,
    is_outward_code,
    phone_key,
    postcode_format,
    postcode_key,
    text_key,
    uprn_clean,
)


@pytest.mark.parametrize("typed", ["SO51 8AB", "so518ab", " so51  8ab ", "So51 8aB"])
def test_a_postcode_is_written_the_royal_mails_way_however_it_was_typed(typed: str) -> None:
    assert postcode_format(typed) == "SO51 8AB"
    assert postcode_key(typed) == "SO518AB"


@pytest.mark.parametrize("typed", ["SO51", "12345", "SO51 8A", "not a postcode", "QO51 8AB"])
def test_what_is_not_a_full_postcode_is_refused(typed: str) -> None:
    assert postcode_format(typed) is None


def test_the_first_half_of_a_postcode_is_an_area() -> None:
    assert is_outward_code("so51")
    assert not is_outward_code("SO51 8AB")


def test_a_name_or_address_key_ignores_case_spaces_and_punctuation() -> None:
    assert text_key("14, Hill-Road") == text_key("14 hill road") == "14hillroad"
    assert text_key("O'Brien") == "obrien"


@pytest.mark.parametrize(
    ("typed", "kept"), [("100023336956", "100023336956"), ("1000 2333 6956", "100023336956")]
)
def test_a_uprn_is_up_to_twelve_digits(typed: str, kept: str) -> None:
    assert uprn_clean(typed) == kept


@pytest.mark.parametrize("typed", ["1000233369561", "12ab", "-1"])
def test_a_uprn_longer_than_twelve_digits_or_not_digits_is_refused(typed: str) -> None:
    assert uprn_clean(typed) is None


def test_a_uk_phone_number_compares_equal_with_and_without_the_country_code() -> None:
    assert phone_key("+44 7700 900982") == phone_key("07700 900 982") == "07700900982"


@pytest.mark.parametrize(
    ("term", "text"),
    [("Jon Smyth", "John Smith"), ("Hight Street", "1 High Street"), ("applicantsno", "Alex Applicantson")],
)
def test_a_misspelling_is_close_enough(term: str, text: str) -> None:
    assert closeness(term, text) >= CLOSE_ENOUGH


@pytest.mark.parametrize(("term", "text"), [("Jon Smyth", "Jonathan Green"), ("Robin", "Alex Applicantson")])
def test_a_different_name_is_not_close(term: str, text: str) -> None:
    assert closeness(term, text) < CLOSE_ENOUGH
