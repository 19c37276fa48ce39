"""Reading and validating the input document (spec section 5): bad input names the field."""

from __future__ import annotations

from datetime import date

import pytest

from community_trigger.domain.application import parse_application
from community_trigger.domain.errors import InvalidInput

from .builders import (
    Document,
    Path,
    assessed,
    changed,
    document,
    dotted,
    group,
    incident,
    is_one_line,
    person,
    removed,
    report,
    spec_example,
)

EXAMPLE = spec_example()
REPORT = ("incidents", 0, "reports", 0)


def test_the_spec_example_is_read_as_written() -> None:
    application = parse_application(spec_example())
    assert application.application_date == date(2024, 3, 1)
    assert application.policy == "test-valley"
    assert application.about_single_organisation is False
    assert application.applicant.role == "victim"
    assert application.applicant.person == "P1"
    assert application.applicant.consent is True
    assert [(p.id, p.dissatisfied, p.consent) for p in application.people] == [("P1", True, True)]
    [only] = application.incidents
    assert (only.id, only.date, only.asb, only.hate) == ("I1", date(2024, 1, 10), True, False)
    [made] = only.reports
    assert (made.by, made.agency, made.date, made.reference) == (
        "P1",
        "police",
        date(2024, 1, 11),
        "44240011",
    )


def test_optional_fields_take_their_defaults_when_left_out() -> None:
    bare = removed(
        removed(
            removed(removed(spec_example(), ["policy"]), ["about_single_organisation"]),
            ["incidents", 0, "hate"],
        ),
        [*REPORT, "reference"],
    )
    application = parse_application(bare)
    assert application.policy is None
    assert application.about_single_organisation is False
    assert application.incidents[0].hate is False
    assert application.incidents[0].reports[0].reference is None
    assert assessed(bare)["policy"] == "test-valley"


@pytest.mark.parametrize("role", ["victim", "representative"])
def test_a_victim_or_their_representative_names_the_victim(role: str) -> None:
    doc = changed(spec_example(), ["applicant", "role"], role)
    assert parse_application(doc).applicant.person == "P1"


def test_a_group_representative_names_no_one_as_applicant() -> None:
    doc = document(incident("I1", "2024-01-10", report("P1")), applicant=group())
    assert parse_application(doc).applicant.person is None


def test_a_report_on_its_incident_day_and_an_incident_on_the_application_day_are_valid() -> None:
    doc = document(
        incident("I1", "2024-01-10", report("P1", "2024-01-10")),
        incident("I2", "2024-03-01", report("P1", "2024-03-01")),
    )
    assert [i.date for i in parse_application(doc).incidents] == [
        date(2024, 1, 10),
        date(2024, 3, 1),
    ]


def _two_people() -> Document:
    return changed(EXAMPLE, ["people"], [person("P1"), person("P1", dissatisfied=False)])


def _two_incidents() -> Document:
    first = EXAMPLE["incidents"][0]
    return changed(EXAMPLE, ["incidents"], [first, {**first, "reports": []}])


# Each required field, and the name its error must give when it is left out.
REQUIRED: list[tuple[Path, str]] = [
    (["application_date"], "application_date"),
    (["applicant"], "applicant"),
    (["people"], "people"),
    (["incidents"], "incidents"),
    (["applicant", "role"], "applicant.role"),
    (["applicant", "consent"], "applicant.consent"),
    (["people", 0, "id"], "people[0].id"),
    (["people", 0, "dissatisfied"], "people[0].dissatisfied"),
    (["people", 0, "consent"], "people[0].consent"),
    (["incidents", 0, "id"], "incidents[0].id"),
    (["incidents", 0, "date"], "incidents[0].date"),
    (["incidents", 0, "asb"], "incidents[0].asb"),
    (["incidents", 0, "reports"], "incidents[0].reports"),
    ([*REPORT, "by"], "incidents[0].reports[0].by"),
    ([*REPORT, "agency"], "incidents[0].reports[0].agency"),
    ([*REPORT, "date"], "incidents[0].reports[0].date"),
]

# Each boolean field, and its name in an error when it holds 1, 0, "true", "false" or null.
BOOLEANS: list[tuple[Path, str]] = [
    (["people", 0, "consent"], "people[0].consent"),
    (["people", 0, "dissatisfied"], "people[0].dissatisfied"),
    (["applicant", "consent"], "applicant.consent"),
    (["about_single_organisation"], "about_single_organisation"),
    (["incidents", 0, "asb"], "incidents[0].asb"),
    (["incidents", 0, "hate"], "incidents[0].hate"),
]

BAD_APPLICATION_DATES: list[object] = [
    "2024-02-30",
    "01/03/2024",
    "2024-W09-5",
    "2024-W01-1",
    "20240301",
    "2024-3-1",
    "2024-03-01T00:00:00",
    "",
    20240301,
    None,
    ["2024-03-01"],
]

# (what is wrong, the bad document, the field the error must name)
BAD_DOCUMENTS: list[tuple[str, Document, str]] = [
    # missing fields
    *[(f"missing {dotted(path)}", removed(EXAMPLE, path), field) for path, field in REQUIRED],
    # malformed dates
    *[
        (
            f"application_date {value!r}",
            changed(EXAMPLE, ["application_date"], value),
            "application_date",
        )
        for value in BAD_APPLICATION_DATES
    ],
    (
        "incident date 2024-02-30",
        changed(EXAMPLE, ["incidents", 0, "date"], "2024-02-30"),
        "incidents[0].date",
    ),
    (
        "incident date 10/01/2024",
        changed(EXAMPLE, ["incidents", 0, "date"], "10/01/2024"),
        "incidents[0].date",
    ),
    (
        "report date 01/03/2024",
        changed(EXAMPLE, [*REPORT, "date"], "01/03/2024"),
        "incidents[0].reports[0].date",
    ),
    (
        "report date 2023-02-29",
        changed(EXAMPLE, [*REPORT, "date"], "2023-02-29"),
        "incidents[0].reports[0].date",
    ),
    (
        "report date 2024-W02-4",
        changed(EXAMPLE, [*REPORT, "date"], "2024-W02-4"),
        "incidents[0].reports[0].date",
    ),
    # malformed structure and text
    ("people not a list", changed(EXAMPLE, ["people"], {"P1": True}), "people"),
    ("incidents not a list", changed(EXAMPLE, ["incidents"], "I1"), "incidents"),
    (
        "reports not a list",
        changed(EXAMPLE, ["incidents", 0, "reports"], {}),
        "incidents[0].reports",
    ),
    ("applicant not an object", changed(EXAMPLE, ["applicant"], "P1"), "applicant"),
    ("person not an object", changed(EXAMPLE, ["people", 0], "P1"), "people[0]"),
    ("incident not an object", changed(EXAMPLE, ["incidents", 0], ["I1"]), "incidents[0]"),
    ("report not an object", changed(EXAMPLE, REPORT, None), "incidents[0].reports[0]"),
    ("unknown role", changed(EXAMPLE, ["applicant", "role"], "victm"), "applicant.role"),
    ("role not text", changed(EXAMPLE, ["applicant", "role"], 1), "applicant.role"),
    ("person id a number", changed(EXAMPLE, ["people", 0, "id"], 1), "people[0].id"),
    ("person id empty", changed(EXAMPLE, ["people", 0, "id"], ""), "people[0].id"),
    ("incident id a number", changed(EXAMPLE, ["incidents", 0, "id"], 1), "incidents[0].id"),
    (
        "reference a number",
        changed(EXAMPLE, [*REPORT, "reference"], 44240011),
        "incidents[0].reports[0].reference",
    ),
    ("policy a number", changed(EXAMPLE, ["policy"], 1), "policy"),
    # booleans must be true or false, not 1, 0 or "true"
    *[
        (f"{dotted(path)} = {value!r}", changed(EXAMPLE, path, value), field)
        for path, field in BOOLEANS
        for value in (1, 0, "true", "false", None)
    ],
    # unknown people and agencies
    (
        "report by an unknown person",
        changed(EXAMPLE, [*REPORT, "by"], "P9"),
        "incidents[0].reports[0].by",
    ),
    ("report by a number", changed(EXAMPLE, [*REPORT, "by"], 1), "incidents[0].reports[0].by"),
    (
        "applicant an unknown person",
        changed(EXAMPLE, ["applicant", "person"], "P9"),
        "applicant.person",
    ),
    (
        "unknown agency",
        changed(EXAMPLE, [*REPORT, "agency"], "fire"),
        "incidents[0].reports[0].agency",
    ),
    (
        "agency in capitals",
        changed(EXAMPLE, [*REPORT, "agency"], "Police"),
        "incidents[0].reports[0].agency",
    ),
    ("agency null", changed(EXAMPLE, [*REPORT, "agency"], None), "incidents[0].reports[0].agency"),
    # duplicate ids
    ("duplicate person id", _two_people(), "people[1].id"),
    ("duplicate incident id", _two_incidents(), "incidents[1].id"),
    # dates out of order
    (
        "report before its incident",
        changed(EXAMPLE, [*REPORT, "date"], "2024-01-09"),
        "incidents[0].reports[0].date",
    ),
    (
        "report after the application",
        changed(EXAMPLE, [*REPORT, "date"], "2024-03-02"),
        "incidents[0].reports[0].date",
    ),
    (
        "incident after the application",
        changed(
            changed(EXAMPLE, ["incidents", 0, "date"], "2024-03-02"),
            ["incidents", 0, "reports"],
            [],
        ),
        "incidents[0].date",
    ),
    # unknown fields
    ("unknown top-level field", changed(EXAMPLE, ["postcode"], "SP10 1AA"), "postcode"),
    ("unknown applicant field", changed(EXAMPLE, ["applicant", "name"], "A"), "applicant.name"),
    ("unknown person field", changed(EXAMPLE, ["people", 0, "name"], "A"), "people[0].name"),
    (
        "unknown incident field",
        changed(EXAMPLE, ["incidents", 0, "place"], "park"),
        "incidents[0].place",
    ),
    (
        "unknown report field",
        changed(EXAMPLE, [*REPORT, "note"], "x"),
        "incidents[0].reports[0].note",
    ),
    # the applicant's person
    (
        "person named for a group",
        changed(
            EXAMPLE,
            ["applicant"],
            {"role": "group_representative", "person": "P1", "consent": True},
        ),
        "applicant.person",
    ),
    ("person missing for a victim", removed(EXAMPLE, ["applicant", "person"]), "applicant.person"),
    (
        "person missing for a representative",
        changed(EXAMPLE, ["applicant"], {"role": "representative", "consent": True}),
        "applicant.person",
    ),
]


@pytest.mark.parametrize(
    ("doc", "field"),
    [(doc, field) for _, doc, field in BAD_DOCUMENTS],
    ids=[what for what, _, _ in BAD_DOCUMENTS],
)
def test_bad_input_is_refused_with_a_one_line_error_naming_the_field(doc: Document, field: str) -> None:
    with pytest.raises(InvalidInput) as parsing:
        parse_application(doc)
    with pytest.raises(InvalidInput) as assessing:
        assessed(doc)
    for error in (parsing.value, assessing.value):
        assert error.field == field
        assert field in str(error)
        assert error.message
        assert is_one_line(error)


@pytest.mark.parametrize("policy", ["nope", "Test-Valley", "test_valley", ""])
def test_an_unknown_policy_is_refused_naming_the_policy_field(policy: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        assessed(changed(EXAMPLE, ["policy"], policy))
    assert caught.value.field == "policy"
    assert is_one_line(caught.value)


def test_an_unknown_default_policy_is_refused_naming_the_policy_field() -> None:
    with pytest.raises(InvalidInput) as caught:
        assessed(removed(EXAMPLE, ["policy"]), "no-such-policy")
    assert caught.value.field == "policy"


@pytest.mark.parametrize("doc", [[], "{}", None, 3, [spec_example()]], ids=repr)
def test_a_document_that_is_not_an_object_is_refused_in_one_line(doc: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_application(doc)
    assert is_one_line(caught.value)


def test_the_first_unknown_person_is_named_in_a_later_incident() -> None:
    doc = document(
        incident("I1", "2024-01-10", report("P1")),
        incident("I2", "2024-01-12", report("P1", "2024-01-12"), report("P7", "2024-01-13")),
        people=[person("P1")],
    )
    with pytest.raises(InvalidInput) as caught:
        parse_application(doc)
    assert caught.value.field == "incidents[1].reports[1].by"
    assert "P7" in caught.value.message


@pytest.mark.parametrize(
    "path",
    [["note\nmore"], ["people", 0, "line\r\nbreak"], [*REPORT, "\n"]],
    ids=["top level", "person", "report"],
)
def test_an_unknown_field_with_a_line_break_in_its_name_is_still_a_one_line_error(
    path: Path,
) -> None:
    with pytest.raises(InvalidInput) as caught:
        assessed(changed(EXAMPLE, path, "x"))
    assert is_one_line(caught.value)


def test_an_unknown_person_error_stays_on_one_line_when_a_known_id_has_a_line_break() -> None:
    doc = document(
        incident("I1", "2024-01-10", report("P1")),
        people=[person("P\n1")],
        applicant=group(),
    )
    with pytest.raises(InvalidInput) as caught:
        assessed(doc)
    assert caught.value.field == "incidents[0].reports[0].by"
    assert is_one_line(caught.value)
