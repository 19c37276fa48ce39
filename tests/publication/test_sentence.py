"""The year told in the seed's sentence, in the words of the language being spoken."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from community_trigger.domain.figures import Cohort, Standing
from community_trigger.statistics.wording import number_in_words, sentence

SEED = (
    "2 community trigger requests were received in 2023/24. Of these one met the criteria and is pending "
    "review, and the other did not meet the criteria."
)


def test_the_seed_sentence() -> None:
    assert sentence("2023/24", Cohort(met_pending_review=1, not_met=1)) == SEED


# Every standing alone, every count that reads differently (none, one, two, many, more than ten), and
# mixtures of two and more standings; each row gives what follows the opening sentence.
SENTENCES = [
    (Cohort(), ""),
    (
        Cohort(met_reviewed=1),
        "It met the criteria and was reviewed.",
    ),
    (
        Cohort(met_pending_review=1),
        "It met the criteria and is pending review.",
    ),
    (Cohort(not_met=1), "It did not meet the criteria."),
    (
        Cohort(pending_decision=1),
        "It is awaiting a decision.",
    ),
    (Cohort(withdrawn=1), "It was withdrawn."),
    (
        Cohort(discretionary_reviewed=1),
        "It did not meet the criteria but was reviewed at the partnership's discretion.",
    ),
    (
        Cohort(discretionary_pending_review=1),
        "It did not meet the criteria but will be reviewed at the partnership's discretion.",
    ),
    (
        Cohort(met_reviewed=2),
        "Both met the criteria and were reviewed.",
    ),
    (
        Cohort(met_pending_review=2),
        "Both met the criteria and are pending review.",
    ),
    (
        Cohort(pending_decision=2),
        "Both are awaiting a decision.",
    ),
    (Cohort(withdrawn=2), "Both were withdrawn."),
    (Cohort(not_met=2), "Neither met the criteria."),
    (
        Cohort(discretionary_reviewed=2),
        "Neither met the criteria, but both were reviewed at the partnership's discretion.",
    ),
    (
        Cohort(met_reviewed=3),
        "All three met the criteria and were reviewed.",
    ),
    (
        Cohort(not_met=5),
        "None of them met the criteria.",
    ),
    (
        Cohort(discretionary_pending_review=4),
        "None of them met the criteria, but all four will be reviewed at the partnership's discretion.",
    ),
    (Cohort(withdrawn=10), "All ten were withdrawn."),
    (Cohort(withdrawn=11), "All 11 were withdrawn."),
    (
        Cohort(met_reviewed=4, not_met=1),
        "Of these four met the criteria and were reviewed, and the other did not meet the criteria.",
    ),
    (
        Cohort(met_reviewed=1, not_met=4),
        "Of these one met the criteria and was reviewed, and the other four did not meet the criteria.",
    ),
    (
        Cohort(pending_decision=1, withdrawn=1),
        "Of these one is awaiting a decision, and the other was withdrawn.",
    ),
    (
        Cohort(met_reviewed=2, pending_decision=1, withdrawn=12),
        "Of these two met the criteria and were reviewed, one is awaiting a decision, and 12 were withdrawn.",
    ),
    (
        Cohort(met_reviewed=1, met_pending_review=1, discretionary_reviewed=1, not_met=1),
        "Of these one met the criteria and was "
        "reviewed, one met the criteria and is pending review, one did not meet the criteria but was "
        "reviewed at the partnership's discretion, and one did not meet the criteria.",
    ),
    (
        Cohort(
            met_reviewed=6,
            met_pending_review=1,
            discretionary_reviewed=1,
            not_met=20,
            pending_decision=2,
            withdrawn=3,
        ),
        "Of these six met the criteria and were reviewed, one met the criteria and is pending review, one "
        "did not meet the criteria but was reviewed at the partnership's discretion, 20 did not meet the "
        "criteria, two are awaiting a decision, and three were withdrawn.",
    ),
]


@pytest.mark.parametrize(("year", "after"), SENTENCES)
def test_the_sentence_reads_naturally_for_every_kind_of_year(year: Cohort, after: str) -> None:
    opening = {
        0: "No community trigger requests were received in 2023/24.",
        1: "1 community trigger request was received in 2023/24.",
    }.get(year.received, f"{year.received} community trigger requests were received in 2023/24.")

    assert sentence("2023/24", year) == f"{opening} {after}".strip()


def test_a_calendar_year_is_named_as_such() -> None:
    assert sentence("2022", Cohort(met_reviewed=4, withdrawn=1, not_met=1)).startswith(
        "6 community trigger requests were received in 2022. Of these four"
    )


@pytest.mark.parametrize(
    ("number", "words"),
    [(0, "no"), (1, "one"), (2, "two"), (9, "nine"), (10, "ten"), (11, "11"), (250, "250")],
)
def test_numbers_are_words_up_to_ten(number: int, words: str) -> None:
    assert number_in_words(number) == words


# Every mixture of standings, each of one, two and 11 requests, meets the rules of the house style.
MIXTURES = [
    dict(zip(present, counts, strict=True))
    for size in range(1, len(Standing) + 1)
    for present in itertools.combinations(Standing, size)
    for counts in itertools.product((1, 2, 11), repeat=size)
    if size <= 2 or len(set(counts)) == 1
]


@pytest.mark.parametrize(
    "counts", MIXTURES, ids=lambda counts: "+".join(f"{n}{s.value}" for s, n in counts.items())
)
def test_every_mixture_of_standings_reads_by_the_rules(counts: dict[Standing, int]) -> None:
    year = Cohort.of(counts)

    _check_the_rules(year, sentence("2023/24", year))


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=len(Standing), max_size=len(Standing)))
def test_any_year_reads_by_the_rules(numbers: list[int]) -> None:
    year = Cohort.of(dict(zip(Standing, numbers, strict=True)))

    _check_the_rules(year, sentence("2023/24", year))


def _check_the_rules(year: Cohort, text: str) -> None:
    total = year.received
    assert text.endswith(".")
    assert "  " not in text
    assert ", ," not in text
    if total == 0:
        assert text == "No community trigger requests were received in 2023/24."
        return
    opening = f"{total} community trigger request{'s were' if total != 1 else ' was'} received in 2023/24."
    assert text.startswith(opening)
    rest = text.removeprefix(opening)
    # After the opening, numbers up to ten are words: no lone digit 0-9, no "10".
    assert not re.search(r"\b([0-9]|10)\b", rest)
    present = [of for of in Standing if year.count(of)]
    if len(present) > 1:
        assert rest.startswith(" Of these ")
        assert rest.count(", and ") == 1
        # Each standing is told once, in the order of the standings.
        for of in present:
            assert year.count(of) == 1 or number_in_words(year.count(of)) in rest
    else:
        assert rest.startswith((" It ", " Both ", " Neither ", " All ", " None of them "))
