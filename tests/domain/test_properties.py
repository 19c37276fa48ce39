"""Properties of the threshold engine over generated applications and policies (spec s3 to s6)."""

from __future__ import annotations

import contextlib
import copy
import json
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from community_trigger.domain.documents import MAX_DOCUMENT_BYTES, read_json
from community_trigger.domain.errors import DocumentTooLarge, InvalidInput
from community_trigger.domain.periods import period_end, within
from community_trigger.domain.policy import (
    Policy,
    builtin_policies,
    parse_policy_text,
    policy_from_mapping,
)
from community_trigger.domain.threshold import assess_document

from .builders import Document, incident, iso, person, report
from .hostile import hostile_documents, hostile_policies

RULES = (
    "asb",
    "reported_in_time",
    "in_application_window",
    "partner_agency",
    "dissatisfied",
    "consent",
)
ROUTES = ("three_complaints", "five_individuals", "hate_incident")
AGENCIES = ["council", "police", "health", "housing", "other"]
ROLES = ["victim", "representative", "group_representative"]
MOSTLY_TRUE = st.sampled_from([True, True, True, True, False])

# Bounded so the whole domain suite stays well under a minute.
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROBUSTNESS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Realistic dates for the behavioural properties; the robustness properties use the whole calendar.
RECENT_YEARS = (date(2000, 1, 1), date(2030, 12, 31))
WHOLE_CALENDAR = (date.min, date.max)


@st.composite
def valid_documents(
    draw: st.DrawFn,
    *,
    dates: tuple[date, date] = RECENT_YEARS,
    max_people: int = 7,
    max_incidents: int = 8,
) -> Document:
    """Input documents that pass validation: every report by a known person, dated no earlier than
    its incident and no later than the application, as are the incidents."""
    first, last = dates
    application_date = draw(
        st.one_of(
            st.dates(min_value=first, max_value=last),
            # the ends of the range, where periods run off the calendar
            st.dates(min_value=max(first, last - timedelta(days=400)), max_value=last),
            st.dates(min_value=first, max_value=min(last, first + timedelta(days=400))),
        )
    )
    ids = [f"P{n}" for n in range(1, draw(st.integers(1, max_people)) + 1)]
    people = [person(i, dissatisfied=draw(MOSTLY_TRUE), consent=draw(MOSTLY_TRUE)) for i in ids]
    role = draw(st.sampled_from(ROLES))
    applicant: Document = {"role": role, "consent": draw(MOSTLY_TRUE)}
    if role != "group_representative":
        applicant["person"] = draw(st.sampled_from(ids))
    room = (application_date - first).days
    spread = draw(st.booleans())  # reports by anyone, or all by the first one or two
    incidents = []
    for n in range(draw(st.integers(0, max_incidents))):
        # Mostly recent incidents reported soon after, so that routes are often met; sometimes not.
        recent = draw(st.sampled_from([True, True, True, False]))
        back = draw(st.integers(0, min(150 if recent else 400, room)))
        incident_date = application_date - timedelta(days=back)
        reports = []
        for _ in range(draw(st.integers(0, 4))):
            prompt = draw(st.sampled_from([True, True, True, False]))
            later = draw(st.integers(0, min(back, 28) if prompt else back))
            made = report(
                draw(st.sampled_from(ids if spread else ids[:2])),
                incident_date + timedelta(days=later),
                agency=draw(st.sampled_from([*AGENCIES, *AGENCIES[:4]])),
            )
            if draw(st.booleans()):
                made["reference"] = draw(st.text(max_size=8))
            reports.append(made)
        incidents.append(
            incident(
                f"I{n + 1}",
                incident_date,
                *reports,
                asb=draw(MOSTLY_TRUE),
                hate=draw(st.sampled_from([None, False, True])),
            )
        )
    doc: Document = {
        "application_date": iso(application_date),
        "applicant": applicant,
        "people": people,
        "incidents": incidents,
    }
    if draw(st.booleans()):
        doc["about_single_organisation"] = draw(st.sampled_from([False, False, False, True]))
    return doc


def periods(*, months: int, days: int) -> st.SearchStrategy[dict[str, int]]:
    return st.one_of(
        st.builds(lambda n: {"months": n}, st.integers(1, months)),
        st.builds(lambda n: {"days": n}, st.integers(1, days)),
    )


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """A built-in policy, or any policy a partnership could load."""
    if draw(st.booleans()):
        return builtin_policies()[draw(st.sampled_from(["test-valley", "statutory-default"]))]
    data: dict[str, Any] = {
        "id": "generated",
        "min_complaints": draw(st.integers(1, 3)),
        "min_individuals": draw(st.one_of(st.none(), st.integers(1, 6))),
        "report_within": draw(periods(months=2, days=60)),
        "application_within": draw(periods(months=12, days=400)),
        "require_dissatisfaction": draw(st.booleans()),
        "hate_incident_route": draw(st.booleans()),
        "latest_report_within": draw(st.one_of(st.none(), periods(months=6, days=200))),
        "partner_agencies": draw(st.lists(st.sampled_from(AGENCIES), min_size=1, unique=True)),
    }
    keep = draw(st.sets(st.sampled_from(sorted(data))))
    return policy_from_mapping({name: value for name, value in data.items() if name in keep})


def answer(doc: Document, policy: Policy) -> dict[str, Any]:
    return assess_document(doc, policies={policy.id: policy}, default_policy=policy.id)


def _date(text: str) -> date:
    return date.fromisoformat(text)


def expected_reasons(doc: Document, policy: Policy, made: Document, about: Document) -> list[str]:
    """The rules of section 3 that a report breaks, worked out from the spec's words."""
    who = next(p for p in doc["people"] if p["id"] == made["by"])
    incident_on, made_on = _date(about["date"]), _date(made["date"])
    broken = {
        "asb": not about["asb"],
        "reported_in_time": not within(incident_on, policy.report_within, made_on),
        "in_application_window": not within(
            made_on, policy.application_within, _date(doc["application_date"])
        ),
        "partner_agency": made["agency"] not in {str(kind) for kind in policy.partner_agencies},
        "dissatisfied": policy.require_dissatisfaction and not who["dissatisfied"],
        "consent": not who["consent"],
    }
    return [rule for rule in RULES if broken[rule]]


def expected_routes(doc: Document, policy: Policy) -> dict[str, bool]:
    """Which routes the policy switches on and whether each is met, worked out from the spec."""
    complaints: dict[str, set[str]] = {}
    hate = False
    latest: date | None = None
    for about in doc["incidents"]:
        for made in about["reports"]:
            if not expected_reasons(doc, policy, made, about):
                complaints.setdefault(made["by"], set()).add(about["id"])
                hate = hate or about.get("hate", False)
                made_on = _date(made["date"])
                latest = made_on if latest is None else max(latest, made_on)
    application_date = _date(doc["application_date"])
    blocked = (
        policy.latest_report_within is not None
        and latest is not None
        and application_date > period_end(latest, policy.latest_report_within)
    )
    routes = {"three_complaints": max(map(len, complaints.values()), default=0) >= policy.min_complaints}
    if policy.min_individuals is not None:
        routes["five_individuals"] = len(complaints) >= policy.min_individuals
    if policy.hate_incident_route:
        routes["hate_incident"] = hate
    return {route: met and not blocked for route, met in routes.items()}


def _met_routes(output: dict[str, Any]) -> set[str]:
    return {item["id"] for item in output["criteria"] if item["id"] in ROUTES and item["met"]}


# The answer follows the rules of section 3 and the shape of section 6


@PROPERTY
@given(doc=valid_documents(), policy=policies())
def test_every_report_fails_exactly_the_rules_it_breaks(doc: Document, policy: Policy) -> None:
    output = answer(doc, policy)
    expected = [
        {
            "incident": about["id"],
            "index": index,
            "by": made["by"],
            "reasons": expected_reasons(doc, policy, made, about),
        }
        for about in doc["incidents"]
        for index, made in enumerate(about["reports"])
    ]
    assert [
        {key: entry[key] for key in ("incident", "index", "by")}
        | {"reasons": sorted(entry["reasons"], key=RULES.index)}
        for entry in output["reports"]
    ] == expected


@PROPERTY
@given(doc=valid_documents(), policy=policies())
def test_qualifying_reports_have_no_reasons_and_the_others_have_reasons_among_the_six_rules(
    doc: Document, policy: Policy
) -> None:
    for entry in answer(doc, policy)["reports"]:
        if entry["qualifies"]:
            assert entry["reasons"] == []
        else:
            assert entry["reasons"]
            assert set(entry["reasons"]) <= set(RULES)
            assert len(set(entry["reasons"])) == len(entry["reasons"])


@PROPERTY
@given(doc=valid_documents(), policy=policies())
def test_the_threshold_is_met_exactly_when_eligible_and_a_route_is_met(doc: Document, policy: Policy) -> None:
    output = answer(doc, policy)
    routes = expected_routes(doc, policy)
    eligible = doc["applicant"]["consent"] and not doc.get("about_single_organisation", False)
    first = next((route for route in ROUTES if routes.get(route)), None)
    assert [item["id"] for item in output["criteria"]] == [
        "applicant_consent",
        "not_a_service_complaint",
        *routes,
    ]
    assert {item["id"]: item["met"] for item in output["criteria"][2:]} == routes
    assert output["eligible"] is eligible
    assert output["threshold_met"] is (eligible and first is not None)
    assert output["route"] == (first if eligible else None)
    assert output["discretion_available"] is (eligible and first is None)
    assert output["policy"] == policy.id
    assert output["application_date"] == doc["application_date"]
    for item in output["criteria"]:
        assert isinstance(item["detail"], str)
        assert item["detail"].strip()
        assert "\n" not in item["detail"]


@PROPERTY
@given(doc=valid_documents(), policy=policies())
def test_the_answer_round_trips_through_json(doc: Document, policy: Policy) -> None:
    output = answer(doc, policy)
    assert json.loads(json.dumps(output, allow_nan=False)) == output


@PROPERTY
@given(doc=valid_documents(), policy=policies())
def test_assessing_does_not_change_the_input_document(doc: Document, policy: Policy) -> None:
    before = copy.deepcopy(doc)
    first = answer(doc, policy)
    assert doc == before
    assert answer(doc, policy) == first


# Monotonicity: more qualifying complaints never hurt; less consent never helps


@PROPERTY
@given(doc=valid_documents(), policy=policies(), data=st.data())
def test_adding_a_qualifying_complaint_about_a_new_incident_never_turns_met_into_not_met(
    doc: Document, policy: Policy, data: st.DataObject
) -> None:
    before = answer(doc, policy)
    can_complain = [
        p["id"]
        for p in doc["people"]
        if p["consent"] and (p["dissatisfied"] or not policy.require_dissatisfaction)
    ]
    changed = copy.deepcopy(doc)
    if not can_complain or data.draw(st.booleans()):
        changed["people"].append(person("NEW-PERSON"))
        can_complain = ["NEW-PERSON"]
    application_date = _date(doc["application_date"])
    made_on = application_date - timedelta(days=data.draw(st.integers(0, 60)))
    happened_on = made_on - timedelta(days=data.draw(st.integers(0, 30)))
    agency = str(data.draw(st.sampled_from(policy.partner_agencies)))
    changed["incidents"].append(
        incident(
            "NEW-INCIDENT",
            happened_on,
            report(data.draw(st.sampled_from(can_complain)), made_on, agency=agency),
            hate=data.draw(st.booleans()),
        )
    )
    after = answer(changed, policy)
    assume(after["reports"][-1]["qualifies"])
    if before["threshold_met"]:
        assert after["threshold_met"]
    assert _met_routes(before) <= _met_routes(after)


@PROPERTY
@given(doc=valid_documents(), policy=policies(), data=st.data())
def test_removing_consent_never_turns_not_met_into_met(
    doc: Document, policy: Policy, data: st.DataObject
) -> None:
    before = answer(doc, policy)
    changed = copy.deepcopy(doc)
    whose = data.draw(st.sampled_from(["applicant", *[p["id"] for p in doc["people"]]]))
    if whose == "applicant":
        changed["applicant"]["consent"] = False
    else:
        next(p for p in changed["people"] if p["id"] == whose)["consent"] = False
    after = answer(changed, policy)
    if not before["threshold_met"]:
        assert not after["threshold_met"]
    assert _met_routes(after) <= _met_routes(before)
    for entry in after["reports"]:
        if entry["by"] == whose:
            assert "consent" in entry["reasons"]


# Robustness: any document gets an answer or the engine's own error, never anything else

# Text with lone surrogates ("\ud800"), which JSON's escapes can make although they are no character.
SURROGATE_TEXT = st.text(st.one_of(st.characters(), st.characters(categories=["Cs"])), max_size=6)
# Whole numbers longer than Python will write out as text (4,300 digits).
LONG_NUMBERS = st.builds(
    lambda sign, digits: sign * 10**digits, st.sampled_from([1, -1]), st.integers(20, 6000)
)
JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    LONG_NUMBERS,
    st.floats(),
    st.text(max_size=12),
    SURROGATE_TEXT,
    st.sampled_from(
        [
            "2024-03-01",
            "2024-01-10",
            "2024-02-30",
            "9999-12-31",
            "0001-01-01",
            "2024-W01-1",
            "01/03/2024",
            "P1",
            "I1",
            "police",
            "other",
            "victim",
            "group_representative",
            "test-valley",
            "statutory-default",
        ]
    ),
)
FIELD_NAMES = sorted(
    {
        "policy",
        "application_date",
        "applicant",
        "about_single_organisation",
        "people",
        "incidents",
        "role",
        "person",
        "consent",
        "id",
        "dissatisfied",
        "date",
        "asb",
        "hate",
        "reports",
        "by",
        "agency",
        "reference",
    }
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), SURROGATE_TEXT), children, max_size=7),
    ),
    max_leaves=40,
)


def answers_or_refuses(doc: object) -> None:
    """Assess `doc`: an answer that is JSON, or the engine's own one-line error naming a field."""
    refusal: InvalidInput | None = None
    try:
        output = assess_document(doc, policies=builtin_policies(), default_policy="test-valley")
    except InvalidInput as error:
        refusal = error
    if refusal is None:
        json.dumps(output, allow_nan=False)
    else:
        assert isinstance(refusal.field, str)
        assert str(refusal).strip()
        assert "\n" not in str(refusal)


@ROBUSTNESS
@given(doc=JSON_VALUES)
def test_any_json_value_gets_an_answer_or_an_invalid_input_error(doc: object) -> None:
    answers_or_refuses(doc)


def _paths(value: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every place in a document a value sits, the document itself first."""
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*path, key))
    elif isinstance(value, list):
        for position, child in enumerate(value):
            found += _paths(child, (*path, position))
    return found


def _at(doc: object, path: tuple[str | int, ...]) -> Any:
    for step in path:
        doc = doc[step]  # type: ignore[index]
    return doc


def _dates(value: object) -> list[tuple[str | int, ...]]:
    return [path for path in _paths(value) if path and path[-1] in ("date", "application_date")]


@st.composite
def mutated_documents(draw: st.DrawFn) -> object:
    """A valid document (anywhere in the calendar) with a few fields removed, swapped for values of
    another type, renamed, duplicated, or with its dates shuffled."""
    doc: Any = draw(valid_documents(dates=WHOLE_CALENDAR, max_people=4, max_incidents=4))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["remove", "replace", "rename", "duplicate", "shuffle dates"]))
        if kind == "shuffle dates":
            # Only text values: a date field replaced by an object or list earlier is left alone.
            places = [path for path in _dates(doc) if isinstance(_at(doc, path), str)]
            texts = [_at(doc, path) for path in places]
            shuffled = draw(st.permutations(texts))
            for path, text in zip(places, shuffled, strict=True):
                _at(doc, path[:-1])[path[-1]] = text
            continue
        places = _paths(doc)[1:]
        if not places:
            return draw(JSON_VALUES)
        path = draw(st.sampled_from(places))
        parent, last = _at(doc, path[:-1]), path[-1]
        if kind == "remove":
            del parent[last]
        elif kind == "replace":
            parent[last] = draw(JSON_VALUES)
        elif kind == "rename" and isinstance(parent, dict):
            parent[draw(st.sampled_from(FIELD_NAMES))] = parent.pop(last)
        elif kind == "duplicate" and isinstance(parent, list):
            parent.insert(draw(st.integers(0, len(parent))), copy.deepcopy(_at(doc, path)))
    return doc


@ROBUSTNESS
@given(doc=mutated_documents())
def test_a_mutated_document_gets_an_answer_or_an_invalid_input_error(doc: object) -> None:
    answers_or_refuses(doc)


@ROBUSTNESS
@given(doc=valid_documents(dates=WHOLE_CALENDAR), policy=policies())
def test_a_valid_document_anywhere_in_the_calendar_gets_an_answer(doc: Document, policy: Policy) -> None:
    with contextlib.suppress(InvalidInput):  # the spec also allows a clear error naming a field
        answer(doc, policy)


@PROPERTY
@given(doc=valid_documents())
def test_a_generated_valid_document_is_accepted(doc: Document) -> None:
    output = assess_document(doc, policies=builtin_policies(), default_policy="test-valley")
    assert len(output["reports"]) == sum(len(i["reports"]) for i in doc["incidents"])


def _nested(depth: int, kind: str) -> object:
    """A list or object nested `depth` deep, built without recursion."""
    value: object = 1
    for _ in range(depth):
        value = [value] if kind == "list" else {"a": value}
    return value


LONE_SURROGATES = st.builds(
    lambda before, half, after: before + half + after,
    st.text(max_size=3),
    st.characters(categories=["Cs"]),
    st.text(max_size=3),
)


@st.composite
def hostile_values(draw: st.DrawFn) -> object:
    """A value a document read from JSON can hold, and that once crashed the engine."""
    kind = draw(st.sampled_from(["number", "text", "list", "object"]))
    if kind == "number":
        return draw(
            st.builds(lambda sign, n: sign * 10**n, st.sampled_from([1, -1]), st.integers(4290, 6000))
        )
    if kind == "text":
        return draw(LONE_SURROGATES)
    return _nested(draw(st.one_of(st.integers(1, 100), st.sampled_from([1000, 100_000]))), kind)


@ROBUSTNESS
@given(doc=valid_documents(max_people=3, max_incidents=3), data=st.data())
def test_a_hostile_value_or_field_name_anywhere_gets_an_answer_or_an_invalid_input_error(
    doc: Document, data: st.DataObject
) -> None:
    """A whole number longer than Python writes out, a lone surrogate in a value or a field name, or
    nesting 100,000 deep, put anywhere in a valid document."""
    path = data.draw(st.sampled_from(_paths(doc)[1:]))
    parent, last = _at(doc, path[:-1]), path[-1]
    if isinstance(parent, dict) and data.draw(st.booleans()):
        parent[data.draw(LONE_SURROGATES)] = parent.pop(last)
    else:
        parent[last] = data.draw(hostile_values())

    answers_or_refuses(doc)


def _one_line_refusal(error: InvalidInput) -> None:
    assert str(error).strip()
    assert "\n" not in str(error)
    str(error).encode("utf-8")  # printable: no lone surrogate left in the words


@ROBUSTNESS
@given(text=hostile_documents())
def test_the_reader_gives_a_document_or_one_line_refusal_for_hostile_text(text: str) -> None:
    """What the API and the command read, they read through read_json; what it lets through can be
    assessed and written back out as UTF-8, whatever its fields mean."""
    try:
        doc = read_json(text.encode("utf-8", "surrogatepass"))
    except DocumentTooLarge as error:
        _one_line_refusal(error)
        assert len(text.encode("utf-8")) > MAX_DOCUMENT_BYTES
        return
    except InvalidInput as error:
        _one_line_refusal(error)
        return
    json.dumps(doc, ensure_ascii=False, allow_nan=False).encode("utf-8")
    answers_or_refuses(doc)


@ROBUSTNESS
@given(policy=hostile_policies())
def test_a_hostile_policy_text_gives_a_policy_or_one_line_refusal(policy: tuple[str, str]) -> None:
    fmt, text = policy
    try:
        loaded = parse_policy_text(text, fmt=fmt)
    except InvalidInput as error:
        _one_line_refusal(error)
        return
    json.dumps(loaded.as_dict(), ensure_ascii=False, allow_nan=False).encode("utf-8")
