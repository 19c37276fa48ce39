"""The order of the question pages, which apply to whom, and when a page may be visited."""

from __future__ import annotations

from typing import Any

import pytest

from community_trigger.applications import journey

from .builders import answers_for

ROLES = ["victim", "representative", "group_representative"]

ORDER = {
    "victim": [
        "who",
        "consent",
        "your-details",
        "contact",
        "letter-format",
        "incidents",
        "staff-conduct",
        "satisfaction",
        "impact",
        "check-answers",
    ],
    "representative": [
        "who",
        "consent",
        "your-details",
        "contact",
        "letter-format",
        "victim",
        "incidents",
        "staff-conduct",
        "satisfaction",
        "impact",
        "check-answers",
    ],
    "group_representative": [
        "who",
        "consent",
        "your-details",
        "contact",
        "letter-format",
        "members",
        "incidents",
        "staff-conduct",
        "satisfaction",
        "impact",
        "check-answers",
    ],
}


def _complete(role: str) -> dict[str, Any]:
    return answers_for(role, agency="1")


def _without(answers: dict[str, Any], *names: str) -> dict[str, Any]:
    return {name: value for name, value in answers.items() if name not in names}


def test_the_pages_come_in_the_order_a_person_meets_them() -> None:
    assert journey.STEPS == (
        "who",
        "consent",
        "your-details",
        "contact",
        "letter-format",
        "victim",
        "members",
        "incidents",
        "staff-conduct",
        "satisfaction",
        "impact",
        "check-answers",
    )


@pytest.mark.parametrize("role", ROLES)
def test_only_the_pages_that_apply_to_a_role_are_in_its_journey(role: str) -> None:
    assert journey.steps_for({"role": role}) == ORDER[role]


def test_before_choosing_a_role_neither_the_victim_nor_the_members_page_applies() -> None:
    assert "victim" not in journey.steps_for({})
    assert "members" not in journey.steps_for({})


@pytest.mark.parametrize("role", ROLES)
def test_the_next_page_skips_the_pages_that_do_not_apply(role: str) -> None:
    order = ORDER[role]

    assert [journey.next_step(step, {"role": role}) for step in order[:-1]] == order[1:]


@pytest.mark.parametrize(
    ("answers", "first"),
    [
        ({}, "who"),
        ({"role": "victim"}, "consent"),
        ({"role": "victim", "consent": "no"}, "consent"),
        ({"role": "victim", "consent": "yes"}, "your-details"),
        ({"role": "victim", "consent": "yes", "you": {}}, "contact"),
        ({"role": "victim", "consent": "yes", "you": {}, "contact": {}}, "letter-format"),
        (
            {"role": "representative", "consent": "yes", "you": {}, "contact": {}, "letter_format": {}},
            "victim",
        ),
        (
            {"role": "group_representative", "consent": "yes", "you": {}, "contact": {}, "letter_format": {}},
            "members",
        ),
        ({"role": "victim", "consent": "yes", "you": {}, "contact": {}, "letter_format": {}}, "incidents"),
    ],
)
def test_someone_coming_back_is_taken_to_the_first_page_still_to_answer(
    answers: dict[str, Any], first: str
) -> None:
    assert journey.first_unanswered(answers) == first


@pytest.mark.parametrize("role", ROLES)
def test_with_every_answer_given_the_first_page_still_to_answer_is_check_answers(role: str) -> None:
    assert journey.first_unanswered(_complete(role)) == "check-answers"
    assert journey.ready_to_submit(_complete(role))


@pytest.mark.parametrize(
    ("role", "removed", "first"),
    [
        ("victim", ("you",), "your-details"),
        ("representative", ("victim",), "victim"),
        ("group_representative", ("members",), "members"),
        ("group_representative", ("members_done",), "members"),
        ("victim", ("incidents",), "incidents"),
        ("victim", ("incidents_done",), "incidents"),
        ("victim", ("satisfaction",), "satisfaction"),
        ("victim", ("impact",), "impact"),
        ("victim", ("consent",), "consent"),
    ],
)
def test_a_missing_answer_is_where_the_person_is_sent_back_to(
    role: str, removed: tuple[str, ...], first: str
) -> None:
    answers = _without(_complete(role), *removed)

    assert journey.first_unanswered(answers) == first
    assert not journey.ready_to_submit(answers)


def test_a_list_page_is_answered_only_once_the_person_says_they_have_added_them_all() -> None:
    answers = {**_complete("group_representative"), "members_done": False}

    assert journey.first_unanswered(answers) == "members"


def test_an_empty_list_is_not_an_answer_even_when_marked_done() -> None:
    answers = {**_complete("victim"), "incidents": [], "incidents_done": True}

    assert journey.first_unanswered(answers) == "incidents"


def test_consent_counts_as_answered_only_when_it_is_given() -> None:
    assert journey.first_unanswered({**_complete("victim"), "consent": "no"}) == "consent"


def test_the_pages_up_to_the_first_unanswered_one_can_be_visited_and_none_after() -> None:
    answers = {"role": "victim", "consent": "yes", "you": {}, "contact": {}, "letter_format": {}}

    visitable = [step for step in ORDER["victim"] if journey.can_visit(step, answers)]

    assert visitable == ["who", "consent", "your-details", "contact", "letter-format", "incidents"]


@pytest.mark.parametrize("role", ROLES)
def test_with_every_answer_given_every_page_of_the_role_can_be_visited(role: str) -> None:
    assert all(journey.can_visit(step, _complete(role)) for step in ORDER[role])


@pytest.mark.parametrize(("role", "other_page"), [("victim", "victim"), ("victim", "members")])
def test_a_page_that_does_not_apply_cannot_be_visited(role: str, other_page: str) -> None:
    assert not journey.can_visit(other_page, _complete(role))


@pytest.mark.parametrize(
    ("role", "page"), [("representative", "members"), ("group_representative", "victim")]
)
def test_a_page_of_another_role_cannot_be_visited(role: str, page: str) -> None:
    assert not journey.can_visit(page, _complete(role))


def test_a_fresh_start_can_visit_only_the_first_page() -> None:
    assert [step for step in journey.STEPS if journey.can_visit(step, {})] == ["who"]


def test_check_answers_opens_only_once_every_page_before_it_is_answered() -> None:
    assert not journey.can_visit("check-answers", _without(_complete("victim"), "consent"))
    assert journey.can_visit("check-answers", _complete("victim"))
