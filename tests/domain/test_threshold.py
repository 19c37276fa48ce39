"""Is the threshold met? Qualifying reports, routes, eligibility, the explained answer (s3, s6)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from community_trigger.domain.errors import InvalidInput
from community_trigger.domain.policy import Policy, builtin_policies, policy_from_mapping
from community_trigger.domain.threshold import assess_document

from .builders import (
    Document,
    assessed,
    criteria_ids,
    criterion,
    document,
    group,
    incident,
    person,
    removed,
    report,
    spec_example,
    victim,
)

RULES = {
    "asb",
    "reported_in_time",
    "in_application_window",
    "partner_agency",
    "dissatisfied",
    "consent",
}
PARTNERS = ["council", "police", "health", "housing"]
ROUTES = ("three_complaints", "five_individuals", "hate_incident")

STATUTORY = "statutory-default"
HATE_ROUTE = policy_from_mapping({"id": "hate-route", "hate_incident_route": True})


def day_after(day: date) -> date:
    return day + timedelta(days=1)


def only_report(
    *,
    incident_on: date | str = "2024-01-10",
    report_on: date | str = "2024-01-11",
    application_on: date | str = "2024-03-01",
    agency: str = "police",
    asb: bool = True,
    dissatisfied: bool = True,
    consent: bool = True,
    policy: Policy | str | None = None,
) -> dict[str, Any]:
    """The `reports` entry for an application resting on one report by P1."""
    doc = document(
        incident("I1", incident_on, report("P1", report_on, agency=agency), asb=asb),
        people=[person("P1", dissatisfied=dissatisfied, consent=consent)],
        application_date=application_on,
    )
    entries: list[dict[str, Any]] = assessed(doc, policy)["reports"]
    assert len(entries) == 1
    return entries[0]


def complaints_by(
    person_id: str, count: int, *, start: date = date(2024, 1, 8), agency: str = "police"
) -> list[Document]:
    """`count` incidents on consecutive days, each reported the next day by `person_id`."""
    return [
        incident(
            f"{person_id}-I{n}",
            start + timedelta(days=n),
            report(person_id, start + timedelta(days=n + 1), agency=agency),
        )
        for n in range(count)
    ]


def five_people_report_one_incident(*, application_date: str = "2024-03-01") -> Document:
    return document(
        incident("I1", "2024-01-10", *[report(f"P{n}", "2024-01-12") for n in range(1, 6)]),
        application_date=application_date,
    )


# The spec's own example (sections 5 and 6)


def test_the_spec_example_gives_the_spec_answer() -> None:
    output = assessed(spec_example())
    details = {item["id"]: item.pop("detail") for item in output["criteria"]}
    assert output == {
        "policy": "test-valley",
        "application_date": "2024-03-01",
        "eligible": True,
        "threshold_met": False,
        "route": None,
        "discretion_available": True,
        "criteria": [
            {"id": "applicant_consent", "met": True},
            {"id": "not_a_service_complaint", "met": True},
            {"id": "three_complaints", "met": False},
            {"id": "five_individuals", "met": False},
        ],
        "reports": [{"incident": "I1", "index": 0, "by": "P1", "qualifies": True, "reasons": []}],
    }
    assert details["three_complaints"] == (
        "P1 made 1 qualifying complaint about separate incidents; 3 are needed"
    )
    for criterion_id, detail in details.items():
        assert isinstance(detail, str), criterion_id
        assert detail.strip(), criterion_id


# Rule 1, asb: behaviour causing harassment, alarm or distress, not nuisance alone


def test_a_report_of_behaviour_that_is_not_anti_social_does_not_qualify() -> None:
    assert only_report(asb=False) == {
        "incident": "I1",
        "index": 0,
        "by": "P1",
        "qualifies": False,
        "reasons": ["asb"],
    }


# Rule 2, reported_in_time: within one month beginning with the incident date

# Incident date, and the last day of one month beginning with it (spec section 2).
REPORT_DEADLINES = [
    (date(2024, 1, 15), date(2024, 2, 14)),
    (date(2024, 1, 31), date(2024, 2, 29)),
    (date(2023, 1, 31), date(2023, 2, 28)),
    (date(2023, 8, 31), date(2023, 9, 30)),
    (date(2024, 3, 1), date(2024, 3, 31)),
]


@pytest.mark.parametrize(("incident_on", "last_day"), REPORT_DEADLINES, ids=str)
def test_a_report_made_on_the_last_day_of_the_month_beginning_with_the_incident_qualifies(
    incident_on: date, last_day: date
) -> None:
    entry = only_report(incident_on=incident_on, report_on=last_day, application_on=last_day)
    assert entry["qualifies"] is True
    assert entry["reasons"] == []


@pytest.mark.parametrize(("incident_on", "last_day"), REPORT_DEADLINES, ids=str)
def test_a_report_made_a_day_late_does_not_qualify(incident_on: date, last_day: date) -> None:
    late = day_after(last_day)
    entry = only_report(incident_on=incident_on, report_on=late, application_on=late)
    assert entry["qualifies"] is False
    assert entry["reasons"] == ["reported_in_time"]


def test_incident_31_january_2024_reported_29_february_qualifies_and_1_march_does_not() -> None:
    on_time = only_report(incident_on="2024-01-31", report_on="2024-02-29")
    late = only_report(incident_on="2024-01-31", report_on="2024-03-01")
    assert on_time["qualifies"] is True
    assert late["reasons"] == ["reported_in_time"]


def test_a_report_made_the_day_of_the_incident_qualifies() -> None:
    assert only_report(incident_on="2024-01-10", report_on="2024-01-10")["qualifies"] is True


def test_a_policy_can_measure_the_reporting_period_in_days() -> None:
    thirty_days = policy_from_mapping({"id": "thirty", "report_within": {"days": 30}})
    # 15 January plus 29 further days is 13 February.
    assert only_report(incident_on="2024-01-15", report_on="2024-02-13", policy=thirty_days)["qualifies"]
    late = only_report(incident_on="2024-01-15", report_on="2024-02-14", policy=thirty_days)
    assert late["reasons"] == ["reported_in_time"]


# Rule 3, in_application_window: the application within six months beginning with the report

# Report date, and the last day of six months beginning with it (spec section 2).
APPLICATION_DEADLINES = [
    (date(2024, 1, 15), date(2024, 7, 14)),
    (date(2024, 1, 31), date(2024, 7, 30)),
    (date(2023, 1, 31), date(2023, 7, 30)),
    (date(2023, 8, 31), date(2024, 2, 29)),
    (date(2024, 3, 1), date(2024, 8, 31)),
]


@pytest.mark.parametrize(("report_on", "last_day"), APPLICATION_DEADLINES, ids=str)
def test_an_application_on_the_last_day_of_six_months_beginning_with_the_report_counts_it(
    report_on: date, last_day: date
) -> None:
    entry = only_report(incident_on=report_on, report_on=report_on, application_on=last_day)
    assert entry["qualifies"] is True
    assert entry["reasons"] == []


@pytest.mark.parametrize(("report_on", "last_day"), APPLICATION_DEADLINES, ids=str)
def test_an_application_a_day_after_six_months_beginning_with_the_report_does_not_count_it(
    report_on: date, last_day: date
) -> None:
    entry = only_report(incident_on=report_on, report_on=report_on, application_on=day_after(last_day))
    assert entry["qualifies"] is False
    assert entry["reasons"] == ["in_application_window"]


def test_a_policy_can_measure_the_application_window_in_days() -> None:
    ninety_days = policy_from_mapping({"id": "ninety", "application_within": {"days": 90}})
    # 1 January 2024 plus 89 further days is 30 March 2024 (a leap year).
    kept = only_report(
        incident_on="2024-01-01",
        report_on="2024-01-01",
        application_on="2024-03-30",
        policy=ninety_days,
    )
    lost = only_report(
        incident_on="2024-01-01",
        report_on="2024-01-01",
        application_on="2024-03-31",
        policy=ninety_days,
    )
    assert kept["qualifies"] is True
    assert lost["reasons"] == ["in_application_window"]


# Rule 4, partner_agency


@pytest.mark.parametrize("agency", PARTNERS)
def test_a_report_to_a_partner_agency_qualifies(agency: str) -> None:
    assert only_report(agency=agency)["qualifies"] is True


def test_a_report_to_another_organisation_does_not_qualify() -> None:
    entry = only_report(agency="other")
    assert entry["qualifies"] is False
    assert entry["reasons"] == ["partner_agency"]


@pytest.mark.parametrize("policy_id", ["test-valley", STATUTORY])
def test_a_report_to_other_never_qualifies_under_the_built_in_policies(policy_id: str) -> None:
    assert only_report(agency="other", policy=policy_id)["reasons"] == ["partner_agency"]


def test_a_policy_can_count_reports_to_other_organisations() -> None:
    wider = policy_from_mapping({"id": "wider", "partner_agencies": [*PARTNERS, "other"]})
    assert only_report(agency="other", policy=wider)["qualifies"] is True


def test_a_policy_can_count_reports_to_fewer_agencies() -> None:
    council_only = policy_from_mapping({"id": "council-only", "partner_agencies": ["council"]})
    assert only_report(agency="council", policy=council_only)["qualifies"] is True
    assert only_report(agency="police", policy=council_only)["reasons"] == ["partner_agency"]


# Rule 5, dissatisfied


def test_a_report_by_someone_satisfied_with_the_action_taken_does_not_qualify() -> None:
    entry = only_report(dissatisfied=False)
    assert entry["qualifies"] is False
    assert entry["reasons"] == ["dissatisfied"]


def test_the_statutory_default_does_not_ask_whether_the_person_is_dissatisfied() -> None:
    entry = only_report(dissatisfied=False, policy=STATUTORY)
    assert entry["qualifies"] is True
    assert entry["reasons"] == []


# Rule 6, consent


def test_a_report_by_someone_who_has_not_agreed_to_sharing_does_not_qualify() -> None:
    entry = only_report(consent=False)
    assert entry["qualifies"] is False
    assert entry["reasons"] == ["consent"]


@pytest.mark.parametrize("policy_id", ["test-valley", STATUTORY])
def test_every_policy_needs_the_consent_of_the_person_who_reported(policy_id: str) -> None:
    assert only_report(consent=False, policy=policy_id)["reasons"] == ["consent"]


def test_a_report_failing_every_rule_gives_every_reason() -> None:
    entry = only_report(
        incident_on="2023-01-01",
        report_on="2023-03-01",
        application_on="2024-01-01",
        agency="other",
        asb=False,
        dissatisfied=False,
        consent=False,
    )
    assert entry["qualifies"] is False
    assert set(entry["reasons"]) == RULES
    assert len(entry["reasons"]) == len(RULES)


# Route three_complaints: one person, three qualifying complaints about separate incidents


def test_three_qualifying_complaints_by_one_person_meet_the_threshold() -> None:
    output = assessed(document(*complaints_by("P1", 3)))
    assert output["threshold_met"] is True
    assert output["route"] == "three_complaints"
    assert output["discretion_available"] is False
    assert criterion(output, "three_complaints")["met"] is True
    assert "P1 made 3 qualifying complaints" in criterion(output, "three_complaints")["detail"]


def test_two_qualifying_complaints_do_not_meet_the_threshold_and_leave_discretion() -> None:
    output = assessed(document(*complaints_by("P1", 2)))
    assert output["threshold_met"] is False
    assert output["route"] is None
    assert output["discretion_available"] is True
    three = criterion(output, "three_complaints")
    assert three["met"] is False
    assert three["detail"] == "P1 made 2 qualifying complaints about separate incidents; 3 are needed"


def test_any_person_named_in_the_application_can_make_the_three_complaints() -> None:
    doc = document(
        *complaints_by("P2", 3),
        people=[person("P1"), person("P2")],
        applicant=victim("P1"),
    )
    output = assessed(doc)
    assert output["route"] == "three_complaints"
    assert "P2 made 3" in criterion(output, "three_complaints")["detail"]


def test_complaints_by_different_people_do_not_add_up_to_three() -> None:
    doc = document(*complaints_by("P1", 2), *complaints_by("P2", 1, start=date(2024, 2, 1)))
    output = assessed(doc)
    assert output["threshold_met"] is False
    detail = criterion(output, "three_complaints")["detail"]
    assert "P1 made 2" in detail
    assert "P2 made 1" in detail


def test_a_complaint_that_does_not_qualify_does_not_count_towards_three() -> None:
    late = incident("I9", "2024-01-01", report("P1", "2024-02-01"))
    output = assessed(document(*complaints_by("P1", 2), late))
    assert output["threshold_met"] is False
    assert output["reports"][-1]["reasons"] == ["reported_in_time"]
    assert "P1 made 2 qualifying complaints" in criterion(output, "three_complaints")["detail"]


def test_one_incident_reported_to_three_agencies_is_one_complaint() -> None:
    doc = document(
        incident(
            "I1",
            "2024-01-10",
            report("P1", "2024-01-11", agency="police"),
            report("P1", "2024-01-11", agency="council"),
            report("P1", "2024-01-12", agency="housing"),
        )
    )
    output = assessed(doc)
    assert [entry["qualifies"] for entry in output["reports"]] == [True, True, True]
    assert output["threshold_met"] is False
    assert criterion(output, "three_complaints")["detail"] == (
        "P1 made 1 qualifying complaint about separate incidents; 3 are needed"
    )


def test_a_second_report_of_an_incident_by_the_same_person_qualifies_but_adds_no_complaint() -> None:
    doc = document(
        incident(
            "I1",
            "2024-01-10",
            report("P1", "2024-01-11", agency="police"),
            report("P1", "2024-01-15", agency="council"),
        ),
        incident("I2", "2024-01-20", report("P1", "2024-01-21")),
    )
    output = assessed(doc)
    assert [entry["qualifies"] for entry in output["reports"]] == [True, True, True]
    assert [entry["reasons"] for entry in output["reports"]] == [[], [], []]
    assert output["threshold_met"] is False
    assert criterion(output, "three_complaints")["detail"] == (
        "P1 made 2 qualifying complaints about separate incidents; 3 are needed"
    )
    third = incident("I3", "2024-01-25", report("P1", "2024-01-26"))
    assert assessed(document(*doc["incidents"], third))["route"] == "three_complaints"


@pytest.mark.parametrize(
    ("min_complaints", "complaints", "met"),
    [(1, 1, True), (1, 0, False), (2, 2, True), (2, 1, False), (3, 3, True), (3, 2, False)],
)
def test_a_policy_can_ask_for_fewer_complaints(min_complaints: int, complaints: int, met: bool) -> None:
    policy = policy_from_mapping({"id": f"min-{min_complaints}", "min_complaints": min_complaints})
    output = assessed(document(*complaints_by("P1", complaints)), policy)
    assert output["threshold_met"] is met
    assert output["route"] == ("three_complaints" if met else None)
    needed = f"{min_complaints} {'is' if min_complaints == 1 else 'are'} needed"
    assert needed in criterion(output, "three_complaints")["detail"]


# Route five_individuals: five different people, each with a qualifying complaint


def test_five_people_who_each_reported_the_same_incident_count_as_five() -> None:
    output = assessed(five_people_report_one_incident())
    assert output["threshold_met"] is True
    assert output["route"] == "five_individuals"
    assert criterion(output, "three_complaints")["met"] is False
    five = criterion(output, "five_individuals")
    assert five["met"] is True
    for name in ("P1", "P2", "P3", "P4", "P5"):
        assert name in five["detail"]
    assert "5" in five["detail"]


def test_five_people_each_reporting_a_different_incident_meet_the_threshold() -> None:
    doc = document(
        *[incident(f"I{n}", date(2024, 1, n), report(f"P{n}", date(2024, 1, n + 1))) for n in range(1, 6)]
    )
    assert assessed(doc)["route"] == "five_individuals"


def test_four_people_are_not_enough() -> None:
    doc = document(incident("I1", "2024-01-10", *[report(f"P{n}", "2024-01-12") for n in range(1, 5)]))
    output = assessed(doc)
    assert output["threshold_met"] is False
    assert output["discretion_available"] is True
    five = criterion(output, "five_individuals")
    assert five["met"] is False
    for name in ("P1", "P2", "P3", "P4"):
        assert name in five["detail"]
    assert "4" in five["detail"]


def test_one_person_reporting_five_times_is_not_five_individuals() -> None:
    doc = document(
        incident("I1", "2024-01-10", *[report("P1", "2024-01-12", agency=a) for a in PARTNERS]),
        people=[person(f"P{n}") for n in range(1, 6)],
    )
    output = assessed(doc)
    assert criterion(output, "five_individuals")["met"] is False
    assert output["threshold_met"] is False


@pytest.mark.parametrize(
    ("change", "reason"),
    [({"dissatisfied": False}, "dissatisfied"), ({"consent": False}, "consent")],
    ids=["one is satisfied", "one has not consented"],
)
def test_all_five_must_be_dissatisfied_and_have_consented(change: dict[str, bool], reason: str) -> None:
    doc = five_people_report_one_incident()
    doc["people"][4].update(change)
    output = assessed(doc)
    assert output["threshold_met"] is False
    assert criterion(output, "five_individuals")["met"] is False
    assert output["reports"][4] == {
        "incident": "I1",
        "index": 4,
        "by": "P5",
        "qualifies": False,
        "reasons": [reason],
    }
    assert all(entry["qualifies"] for entry in output["reports"][:4])


def test_a_group_representative_can_rely_on_five_people() -> None:
    doc = five_people_report_one_incident()
    doc["applicant"] = group()
    output = assessed(doc)
    assert output["eligible"] is True
    assert output["route"] == "five_individuals"


def test_a_policy_can_ask_for_fewer_individuals() -> None:
    three_people = policy_from_mapping({"id": "three-people", "min_individuals": 3})
    doc = document(incident("I1", "2024-01-10", *[report(f"P{n}", "2024-01-12") for n in range(1, 4)]))
    assert assessed(doc, three_people)["route"] == "five_individuals"
    assert assessed(doc)["threshold_met"] is False


def test_the_statutory_default_has_no_group_route() -> None:
    output = assessed(five_people_report_one_incident(), STATUTORY)
    assert "five_individuals" not in criteria_ids(output)
    assert output["threshold_met"] is False
    assert output["route"] is None
    assert output["discretion_available"] is True


def test_the_statutory_default_counts_complaints_by_a_satisfied_person() -> None:
    doc = document(*complaints_by("P1", 3), people=[person("P1", dissatisfied=False)])
    statutory = assessed(doc, STATUTORY)
    test_valley = assessed(doc)
    assert statutory["threshold_met"] is True
    assert statutory["route"] == "three_complaints"
    assert test_valley["threshold_met"] is False
    assert {tuple(entry["reasons"]) for entry in test_valley["reports"]} == {("dissatisfied",)}


# Route hate_incident (a policy option)


def test_one_qualifying_complaint_about_a_hate_incident_meets_a_hate_route_policy() -> None:
    doc = document(incident("I1", "2024-01-10", report("P1"), hate=True))
    output = assessed(doc, HATE_ROUTE)
    assert output["threshold_met"] is True
    assert output["route"] == "hate_incident"
    assert criterion(output, "hate_incident")["met"] is True
    assert "P1" in criterion(output, "hate_incident")["detail"]


def test_a_hate_incident_alone_does_not_meet_test_valley() -> None:
    output = assessed(document(incident("I1", "2024-01-10", report("P1"), hate=True)))
    assert output["threshold_met"] is False
    assert "hate_incident" not in criteria_ids(output)


def test_a_complaint_about_an_incident_not_marked_hate_does_not_meet_the_hate_route() -> None:
    output = assessed(document(incident("I1", "2024-01-10", report("P1"))), HATE_ROUTE)
    assert output["threshold_met"] is False
    assert criterion(output, "hate_incident")["met"] is False


@pytest.mark.parametrize(
    "late_or_other",
    [
        incident("I1", "2024-01-10", report("P1", "2024-02-10"), hate=True),
        incident("I1", "2024-01-10", report("P1", agency="other"), hate=True),
        incident("I1", "2024-01-10", report("P1"), hate=True, asb=False),
    ],
    ids=["reported late", "to another organisation", "not anti-social"],
)
def test_a_hate_incident_needs_a_qualifying_complaint(late_or_other: Document) -> None:
    output = assessed(document(late_or_other), HATE_ROUTE)
    assert output["threshold_met"] is False
    assert criterion(output, "hate_incident")["met"] is False


# Which route is named


def test_three_complaints_is_named_before_five_individuals_and_hate_incident() -> None:
    doc = five_people_report_one_incident()
    doc["incidents"][0]["hate"] = True
    doc["incidents"] += complaints_by("P1", 3, start=date(2024, 1, 20))
    output = assessed(doc, HATE_ROUTE)
    assert [criterion(output, route)["met"] for route in ROUTES] == [True, True, True]
    assert output["route"] == "three_complaints"


def test_five_individuals_is_named_before_hate_incident() -> None:
    doc = five_people_report_one_incident()
    doc["incidents"][0]["hate"] = True
    output = assessed(doc, HATE_ROUTE)
    assert output["route"] == "five_individuals"


# latest_report_within: the application must follow the latest qualifying complaint closely

RECENT = policy_from_mapping({"id": "recent", "latest_report_within": {"months": 3}})


def _three_complaints_reported_by_12_january(*extra: Document, on: str) -> Document:
    # Reports on 10, 11 and 12 January 2024; three months beginning with 12 January end 11 April.
    return document(*complaints_by("P1", 3, start=date(2024, 1, 9)), *extra, application_date=on)


def test_an_application_within_the_period_after_the_latest_complaint_meets_the_threshold() -> None:
    output = assessed(_three_complaints_reported_by_12_january(on="2024-04-11"), RECENT)
    assert output["threshold_met"] is True
    assert output["route"] == "three_complaints"


def test_an_application_made_too_long_after_the_latest_complaint_meets_no_route() -> None:
    output = assessed(_three_complaints_reported_by_12_january(on="2024-04-12"), RECENT)
    assert all(entry["qualifies"] for entry in output["reports"])
    assert output["eligible"] is True
    assert output["threshold_met"] is False
    assert output["route"] is None
    assert output["discretion_available"] is True
    assert criterion(output, "three_complaints")["met"] is False
    assert criterion(output, "five_individuals")["met"] is False


def test_the_latest_report_rule_blocks_the_group_route_and_the_hate_route_too() -> None:
    policy = policy_from_mapping(
        {"id": "recent-hate", "latest_report_within": {"days": 30}, "hate_incident_route": True}
    )
    doc = five_people_report_one_incident()
    doc["incidents"][0]["hate"] = True
    # Reports on 12 January 2024: 30 days beginning with it end on 10 February.
    in_time = assessed({**doc, "application_date": "2024-02-10"}, policy)
    too_late = assessed({**doc, "application_date": "2024-02-11"}, policy)
    assert in_time["route"] == "five_individuals"
    assert criterion(in_time, "hate_incident")["met"] is True
    assert too_late["threshold_met"] is False
    assert too_late["discretion_available"] is True
    assert [criterion(too_late, route)["met"] for route in ROUTES] == [False, False, False]


def test_only_a_qualifying_complaint_counts_as_the_latest() -> None:
    to_other = incident("X1", "2024-04-01", report("P1", "2024-04-01", agency="other"))
    output = assessed(_three_complaints_reported_by_12_january(to_other, on="2024-04-12"), RECENT)
    assert output["threshold_met"] is False


def test_a_later_qualifying_complaint_restarts_the_latest_report_period() -> None:
    later = incident("I9", "2024-02-01", report("P1", "2024-02-01"))
    output = assessed(_three_complaints_reported_by_12_january(later, on="2024-04-30"), RECENT)
    assert output["threshold_met"] is True


def test_without_the_latest_report_rule_an_older_complaint_still_counts() -> None:
    output = assessed(_three_complaints_reported_by_12_january(on="2024-07-09"))
    assert output["route"] == "three_complaints"


# Eligibility: the applicant's consent, and not a complaint about one organisation's service


def test_an_applicant_who_does_not_consent_to_sharing_is_not_eligible() -> None:
    doc = document(*complaints_by("P1", 3), applicant=victim("P1", consent=False))
    output = assessed(doc)
    assert output["eligible"] is False
    assert output["threshold_met"] is False
    assert output["route"] is None
    assert output["discretion_available"] is False
    assert criterion(output, "applicant_consent")["met"] is False
    assert criterion(output, "not_a_service_complaint")["met"] is True


def test_a_complaint_about_one_organisations_service_is_not_eligible() -> None:
    doc = document(*complaints_by("P1", 3), about_single_organisation=True)
    output = assessed(doc)
    assert output["eligible"] is False
    assert output["threshold_met"] is False
    assert output["route"] is None
    assert output["discretion_available"] is False
    assert criterion(output, "applicant_consent")["met"] is True
    assert criterion(output, "not_a_service_complaint")["met"] is False


def test_eligibility_details_change_with_the_answer() -> None:
    met = assessed(document(*complaints_by("P1", 3)))
    refused = assessed(
        document(
            *complaints_by("P1", 3),
            applicant=victim("P1", consent=False),
            about_single_organisation=True,
        )
    )
    for criterion_id in ("applicant_consent", "not_a_service_complaint"):
        assert criterion(met, criterion_id)["detail"] != criterion(refused, criterion_id)["detail"]


def test_the_applicants_consent_and_the_reporting_persons_consent_are_separate() -> None:
    refused_by_applicant = assessed(document(*complaints_by("P1", 3), applicant=victim("P1", consent=False)))
    assert all(entry["qualifies"] for entry in refused_by_applicant["reports"])
    refused_by_person = assessed(document(*complaints_by("P1", 3), people=[person("P1", consent=False)]))
    assert refused_by_person["eligible"] is True
    assert refused_by_person["threshold_met"] is False
    assert {tuple(entry["reasons"]) for entry in refused_by_person["reports"]} == {("consent",)}


@pytest.mark.parametrize(
    ("consent", "about_single_organisation", "complaints", "answer"),
    [
        # applicant consents, about one organisation, complaints: (eligible, met, discretion)
        (True, False, 3, (True, True, False)),
        (True, False, 2, (True, False, True)),
        (True, False, 0, (True, False, True)),
        (False, False, 3, (False, False, False)),
        (False, False, 1, (False, False, False)),
        (True, True, 3, (False, False, False)),
        (True, True, 0, (False, False, False)),
        (False, True, 2, (False, False, False)),
    ],
)
def test_discretion_is_available_only_when_eligible_and_no_route_is_met(
    consent: bool,
    about_single_organisation: bool,
    complaints: int,
    answer: tuple[bool, bool, bool],
) -> None:
    doc = document(
        *complaints_by("P1", complaints),
        people=[person("P1")],
        applicant=victim("P1", consent=consent),
        about_single_organisation=about_single_organisation,
    )
    output = assessed(doc)
    assert (output["eligible"], output["threshold_met"], output["discretion_available"]) == answer
    met = answer[1]
    assert output["route"] == ("three_complaints" if met else None)


# The criteria listed


@pytest.mark.parametrize(
    ("policy", "routes"),
    [
        ("test-valley", ["three_complaints", "five_individuals"]),
        (STATUTORY, ["three_complaints"]),
        (HATE_ROUTE, ["three_complaints", "five_individuals", "hate_incident"]),
        (
            policy_from_mapping({"id": "x", "min_individuals": None, "hate_incident_route": True}),
            ["three_complaints", "hate_incident"],
        ),
    ],
    ids=["test-valley", "statutory-default", "hate route", "hate route without group route"],
)
def test_criteria_are_eligibility_then_every_route_the_policy_switches_on(
    policy: Policy | str, routes: list[str]
) -> None:
    output = assessed(removed(spec_example(), ["policy"]), policy)
    assert criteria_ids(output) == ["applicant_consent", "not_a_service_complaint", *routes]
    for item in output["criteria"]:
        assert isinstance(item["detail"], str)
        assert item["detail"].strip()
        assert "\n" not in item["detail"]


# The reports listed


def test_reports_are_listed_in_input_order_with_their_position_in_their_incident() -> None:
    doc = document(
        incident(
            "I2",
            "2024-01-20",
            report("P2", "2024-01-21"),
            report("P1", "2024-03-01", agency="other"),
        ),
        incident("I1", "2024-01-10", report("P1", "2024-01-11")),
        incident("I3", "2024-01-30"),
        incident("I4", "2024-02-01", report("P3", "2024-02-01"), report("P2", "2024-02-02")),
    )
    output = assessed(doc)
    assert [(e["incident"], e["index"], e["by"]) for e in output["reports"]] == [
        ("I2", 0, "P2"),
        ("I2", 1, "P1"),
        ("I1", 0, "P1"),
        ("I4", 0, "P3"),
        ("I4", 1, "P2"),
    ]
    assert [set(e["reasons"]) for e in output["reports"]] == [
        set(),
        {"reported_in_time", "partner_agency"},
        set(),
        set(),
        set(),
    ]


def test_an_application_with_no_reports_meets_no_route() -> None:
    doc = document(incident("I1", "2024-01-10"), people=[person("P1")])
    output = assessed(doc)
    assert output["reports"] == []
    assert output["threshold_met"] is False
    assert output["discretion_available"] is True


# The policy answered under


def test_the_answer_names_the_policy_the_document_asks_for() -> None:
    doc = document(*complaints_by("P1", 1), policy=STATUTORY)
    assert assessed(doc)["policy"] == STATUTORY


def test_a_document_naming_no_policy_gets_the_deployments_default() -> None:
    doc = document(*complaints_by("P1", 1))
    assert assessed(doc)["policy"] == "test-valley"
    output = assess_document(doc, policies=builtin_policies(), default_policy=STATUTORY)
    assert output["policy"] == STATUTORY
    assert "five_individuals" not in criteria_ids(output)


def test_the_answer_repeats_the_application_date() -> None:
    doc = document(*complaints_by("P1", 1), application_date=date(2024, 2, 29))
    assert assessed(doc)["application_date"] == "2024-02-29"


# The end of the calendar


@pytest.mark.parametrize(
    "policy",
    [
        "test-valley",
        policy_from_mapping(
            {"id": "days", "report_within": {"days": 30}, "application_within": {"days": 180}}
        ),
    ],
    ids=["months", "days"],
)
def test_a_valid_application_at_the_end_of_the_calendar_gets_an_answer_not_a_traceback(
    policy: Policy | str,
) -> None:
    doc = document(
        incident("I1", "9999-12-15", report("P1", "9999-12-16")),
        application_date="9999-12-31",
    )
    try:
        output = assessed(doc, policy)
    except InvalidInput:
        return  # a clear error naming a field is also an answer the spec allows
    assert output["reports"][0]["qualifies"] is True


def test_a_group_route_of_one_person_speaks_of_one_person() -> None:
    policy = policy_from_mapping({"id": "one", "min_individuals": 1, "min_complaints": 3})

    output = assessed(document(incident("I1", "2024-01-10", report("P1"))), policy)

    five = criterion(output, "five_individuals")
    assert five["met"] is True
    assert five["detail"].endswith("; 1 person is needed")
