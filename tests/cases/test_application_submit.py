"""application_submit: the records a complete set of answers becomes, in one transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from applications.builders import (
    APPLICANT_EMAIL,
    APPLICANT_NAME,
    APPLICANT_POSTCODE,
    INCIDENT_DAYS,
    MEMBER_NAMES,
    NOON,
    VICTIM_NAME,
    agency_id,
    answers_for,
    application_for,
    incident,
    other_partnership,
    partnership,
    report,
    submitted,
)
from django.db import IntegrityError

from community_trigger.agencies.models import Partnership
from community_trigger.applications.consent import CONSENT_WORDING_VERSION
from community_trigger.cases.answers import application_answers
from community_trigger.cases.models import (
    Application,
    CaseEvent,
    Consent,
    Incident,
    Person,
    ReferenceCounter,
    Report,
)
from community_trigger.cases.services import intake
from community_trigger.cases.services.intake import (
    WithdrawalRefused,
    application_submit,
    application_withdraw,
    engine_document,
    reference_allocate,
)
from community_trigger.domain.policy import builtin_policies, policy_version
from community_trigger.domain.threshold import assess_document
from community_trigger.domain.workflow import State

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOON, tick=False)]


@pytest.fixture
def tvp() -> Partnership:
    return partnership()


def _people(application: Application) -> list[tuple[str, str, str]]:
    return [(p.role, p.name, p.engine_id) for p in application.people.order_by("position")]


# The application itself -------------------------------------------------------------------------------


def test_an_application_is_received_online_with_the_answers_it_was_given(tvp: Partnership) -> None:
    application = submitted(tvp)

    assert application.partnership == tvp
    assert application.channel == "online"
    assert application.state == State.RECEIVED
    assert application.submitted_at == NOON
    assert (application.year, application.number, application.reference) == (2026, 1, "TVP-2026-0001")
    assert application.applicant_role == "victim"
    assert application.satisfaction == "not_satisfied"
    assert (application.impact, application.vulnerability, application.support_wanted) == (
        "I cannot sleep",
        "",
        "Mediation",
    )
    assert application.about_single_organisation is False


def test_receiving_an_application_is_its_first_event(tvp: Partnership) -> None:
    application = submitted(tvp)

    event = CaseEvent.objects.get(application=application, kind="moved")
    assert (event.from_state, event.to_state, event.actor_label) == ("", "received", "the applicant")
    assert event.actor is None
    assert event.reason == "Submitted online"


# References -------------------------------------------------------------------------------------------


def test_references_count_up_within_a_partnership_and_a_year(tvp: Partnership) -> None:
    references = [submitted(tvp).reference for _ in range(3)]

    assert references == ["TVP-2026-0001", "TVP-2026-0002", "TVP-2026-0003"]


def test_each_partnership_counts_its_own_references(tvp: Partnership) -> None:
    other = other_partnership()

    assert submitted(tvp).reference == "TVP-2026-0001"
    assert submitted(other).reference == "OBP-2026-0001"
    assert submitted(tvp).reference == "TVP-2026-0002"


def test_the_count_starts_again_at_one_in_a_new_year(tvp: Partnership, time_machine: Any) -> None:
    time_machine.move_to(datetime(2026, 12, 31, 23, 59, tzinfo=UTC), tick=False)
    last_of_2026 = [submitted(tvp).reference for _ in range(2)]

    time_machine.move_to(datetime(2027, 1, 1, 0, 1, tzinfo=UTC), tick=False)
    first_of_2027 = [submitted(tvp).reference for _ in range(2)]

    assert last_of_2026 == ["TVP-2026-0001", "TVP-2026-0002"]
    assert first_of_2027 == ["TVP-2027-0001", "TVP-2027-0002"]
    assert set(ReferenceCounter.objects.values_list("year", "last")) == {(2026, 2), (2027, 2)}


def test_a_reference_has_at_least_four_digits_and_grows_beyond_them(tvp: Partnership) -> None:
    ReferenceCounter.objects.create(partnership=tvp, year=2026, last=9999)

    assert reference_allocate(partnership=tvp, year=2026) == (10000, "TVP-2026-10000")


def test_two_applications_can_never_share_a_number(tvp: Partnership) -> None:
    application = submitted(tvp)

    with pytest.raises(IntegrityError):
        Application.objects.create(
            partnership=tvp,
            reference="TVP-2026-9999",
            year=2026,
            number=application.number,
            channel="online",
            submitted_at=NOON,
            applicant_role="victim",
            satisfaction="no_action",
            acknowledge_by=date(2026, 11, 27),
        )


# Acknowledgement date ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "acknowledge_by"),
    [
        # Friday: five working days is the next Friday.
        (datetime(2026, 11, 20, 12, tzinfo=UTC), date(2026, 11, 27)),
        # Saturday: counting starts on Monday.
        (datetime(2026, 11, 21, 12, tzinfo=UTC), date(2026, 11, 27)),
        # Christmas Eve: 25 December, 28 December (Boxing Day's substitute) and 1 January are holidays.
        (datetime(2026, 12, 24, 12, tzinfo=UTC), date(2027, 1, 5)),
        # Maundy Thursday: Good Friday and Easter Monday.
        (datetime(2026, 4, 2, 12, tzinfo=UTC), date(2026, 4, 13)),
        # The Friday before the late summer bank holiday.
        (datetime(2026, 8, 28, 11, tzinfo=UTC), date(2026, 9, 7)),
    ],
)
def test_the_acknowledgement_date_counts_working_days_in_england_and_wales(
    tvp: Partnership, time_machine: Any, received: datetime, acknowledge_by: date
) -> None:
    time_machine.move_to(received, tick=False)
    police = agency_id(tvp)
    early = [
        incident(f"i{n}", date(2026, 3, n), report("you", police, date(2026, 3, n + 1))) for n in (2, 5, 9)
    ]

    assert submitted(tvp, incidents=early).acknowledge_by == acknowledge_by


def test_the_acknowledgement_date_follows_the_partnerships_promise(tvp: Partnership) -> None:
    tvp.acknowledge_within_days = 2
    tvp.save()

    assert submitted(tvp).acknowledge_by == date(2026, 11, 24)


# People and their consent -----------------------------------------------------------------------------


def test_a_victim_is_the_one_person_of_their_application(tvp: Partnership) -> None:
    application = submitted(tvp, "victim")

    assert _people(application) == [("applicant", APPLICANT_NAME, "P1")]
    applicant = application.people.get()
    assert applicant.email == APPLICANT_EMAIL
    assert applicant.postcode == APPLICANT_POSTCODE
    assert applicant.address == "1 High Street\nAndover"
    assert applicant.contact_preference == "email"
    assert applicant.dissatisfied is True


def test_someone_acting_for_a_victim_is_recorded_with_the_victim(tvp: Partnership) -> None:
    application = submitted(tvp, "representative")

    assert _people(application) == [("applicant", APPLICANT_NAME, ""), ("victim", VICTIM_NAME, "P1")]
    applicant, victim = application.people.order_by("position")
    assert applicant.dissatisfied is None
    assert victim.dissatisfied is True
    assert victim.relationship_to_victim == "Daughter"
    assert victim.address == "2 Low Road\nFlat 3\nRomsey"


def test_someone_acting_for_a_group_is_recorded_with_every_member(tvp: Partnership) -> None:
    application = submitted(tvp, "group_representative")

    assert _people(application) == [
        ("applicant", APPLICANT_NAME, "P1"),
        *[("member", name, f"P{n + 2}") for n, name in enumerate(MEMBER_NAMES)],
    ]


def test_a_satisfied_group_member_is_recorded_as_satisfied(tvp: Partnership) -> None:
    answers = answers_for("group_representative", agency=agency_id(tvp))
    answers["members"][1]["satisfied"] = "yes"

    application = application_submit(
        partnership=tvp, answers=application_answers(answers), consent_wording_version=CONSENT_WORDING_VERSION
    )

    members = application.people.filter(role="member").order_by("position")
    assert [m.dissatisfied for m in members] == [True, False, True, True]


@pytest.mark.parametrize(
    ("role", "methods"),
    [
        ("victim", ["online"]),
        ("representative", ["online", "by_email"]),
        ("group_representative", ["online", *["confirmed_by_representative"] * len(MEMBER_NAMES)]),
    ],
)
def test_everyone_named_has_their_consent_recorded_with_the_wording_they_were_shown(
    tvp: Partnership, role: str, methods: list[str]
) -> None:
    application = submitted(tvp, role)

    consents = Consent.objects.filter(person__application=application).order_by("person__position")
    assert [c.method for c in consents] == methods
    assert all(c.given for c in consents)
    assert {c.recorded_at for c in consents} == {NOON}
    assert {c.wording_version for c in consents} == {CONSENT_WORDING_VERSION}
    assert application.people.count() == len(methods)


# Incidents and reports --------------------------------------------------------------------------------


def test_each_incident_is_recorded_with_its_reports(tvp: Partnership) -> None:
    application = submitted(tvp)

    incidents = list(application.incidents.order_by("position"))
    assert [(i.engine_id, i.date) for i in incidents] == [
        (f"I{n + 1}", day) for n, day in enumerate(INCIDENT_DAYS)
    ]
    first = incidents[0]
    assert first.caused_harassment_alarm_or_distress is True
    assert first.motivated_by_hate is False
    assert first.location == "Outside 1 High Street"
    reports = list(Report.objects.filter(incident__application=application))
    assert len(reports) == 3
    assert {r.agency.kind for r in reports if r.agency} == {"police"}
    assert {r.person.role for r in reports} == {"applicant"}
    assert not any(r.made_by_representative for r in reports)


def test_a_representatives_own_report_is_the_victims_complaint_made_on_their_behalf(tvp: Partnership) -> None:
    application = submitted(tvp, "representative")

    reports = Report.objects.filter(incident__application=application).order_by("incident__position")
    assert [(r.person.role, r.made_by_representative) for r in reports] == [
        ("victim", True),
        ("victim", False),
        ("victim", False),
    ]


def test_each_group_members_report_is_theirs(tvp: Partnership) -> None:
    application = submitted(tvp, "group_representative")

    reports = Report.objects.filter(incident__application=application).order_by("position")
    assert [r.person.name for r in reports] == [APPLICANT_NAME, *MEMBER_NAMES]


def test_a_report_to_another_organisation_keeps_its_name_and_no_agency(tvp: Partnership) -> None:
    police = agency_id(tvp)
    answers = answers_for("victim", agency=police)
    answers["incidents"][0]["reports"] = [
        report("you", "other", INCIDENT_DAYS[1], other_organisation="Citizens Advice", reference="CA-1")
    ]

    application = application_submit(
        partnership=tvp, answers=application_answers(answers), consent_wording_version=CONSENT_WORDING_VERSION
    )

    kept = Report.objects.get(incident__application=application, incident__position=0)
    assert kept.agency is None
    assert kept.other_organisation == "Citizens Advice"
    assert kept.reference == "CA-1"


def test_a_hate_incident_is_recorded_as_one(tvp: Partnership) -> None:
    police = agency_id(tvp)
    answers = answers_for(
        "victim",
        agency=police,
        incidents=[incident("h", INCIDENT_DAYS[0], report("you", police, INCIDENT_DAYS[1]))],
    )
    answers["incidents"][0]["hate"] = "yes"

    application = application_submit(
        partnership=tvp, answers=application_answers(answers), consent_wording_version=CONSENT_WORDING_VERSION
    )

    assert Incident.objects.get(application=application).motivated_by_hate is True


# The assessment ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["victim", "representative", "group_representative"])
def test_the_assessment_keeps_the_engines_input_and_the_engines_answer_to_it(
    tvp: Partnership, role: str
) -> None:
    application = submitted(tvp, role)

    assessment = application.assessments.get()
    policy = builtin_policies()["test-valley"]
    assert assessment.engine_input == engine_document(application)
    assert assessment.engine_output == assess_document(
        assessment.engine_input, policies={policy.id: policy}, default_policy=policy.id
    )
    assert assessment.policy == "test-valley"
    assert assessment.policy_version == policy_version(policy)
    assert assessment.threshold_met is assessment.engine_output["threshold_met"]
    assert assessment.route == (assessment.engine_output["route"] or "")


@pytest.mark.parametrize(
    ("role", "route"),
    [
        ("victim", "three_complaints"),
        ("representative", "three_complaints"),
        ("group_representative", "five_individuals"),
    ],
)
def test_each_complete_example_meets_the_threshold_by_its_route(
    tvp: Partnership, role: str, route: str
) -> None:
    assessment = submitted(tvp, role).assessments.get()

    assert assessment.threshold_met
    assert assessment.route == route


def test_the_engine_input_names_the_people_by_engine_id_and_agencies_by_kind(tvp: Partnership) -> None:
    application = submitted(tvp, "representative")

    document = application.assessments.get().engine_input
    assert document["policy"] == "test-valley"
    assert document["application_date"] == "2026-11-20"
    assert document["applicant"] == {"role": "representative", "consent": True, "person": "P1"}
    assert document["people"] == [{"id": "P1", "dissatisfied": True, "consent": True}]
    assert [r["by"] for i in document["incidents"] for r in i["reports"]] == ["P1", "P1", "P1"]
    assert {r["agency"] for i in document["incidents"] for r in i["reports"]} == {"police"}


def test_the_engine_input_holds_no_names_or_contact_details(tvp: Partnership) -> None:
    application = submitted(tvp, "group_representative")

    text = str(application.assessments.get().engine_input)
    for personal in [APPLICANT_NAME, APPLICANT_EMAIL, APPLICANT_POSTCODE, *MEMBER_NAMES]:
        assert personal not in text


def test_an_application_under_the_statutory_default_is_assessed_under_it() -> None:
    other = other_partnership(policy="statutory-default")

    assessment = submitted(other).assessments.get()

    assert assessment.policy == "statutory-default"
    assert assessment.policy_version == policy_version(builtin_policies()["statutory-default"])


def test_a_satisfied_victim_does_not_meet_the_test_valley_threshold(tvp: Partnership) -> None:
    assessment = submitted(tvp, satisfaction="satisfied").assessments.get()

    assert not assessment.threshold_met
    assert assessment.route == ""


# Withdrawal -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", [State.RECEIVED, State.THRESHOLD_MET, State.REVIEW_SCHEDULED])
def test_an_applicant_can_withdraw_until_the_review_has_happened(tvp: Partnership, state: State) -> None:
    application = submitted(tvp)
    Application.objects.filter(pk=application.pk).update(state=state)

    withdrawn = application_withdraw(application=application, reason="Moved house")

    assert withdrawn.state == State.WITHDRAWN
    event = CaseEvent.objects.filter(application=application).last()
    assert event is not None
    assert (event.from_state, event.to_state, event.reason) == (state, "withdrawn", "Moved house")


def test_a_withdrawal_without_a_reason_says_who_withdrew(tvp: Partnership) -> None:
    application = submitted(tvp)

    application_withdraw(application=application)

    assert CaseEvent.objects.filter(to_state="withdrawn").get().reason == "Withdrawn by the applicant"


@pytest.mark.parametrize("state", [State.THRESHOLD_NOT_MET, State.OUTCOME_SENT, State.WITHDRAWN])
def test_an_applicant_cannot_withdraw_once_the_case_is_decided_or_closed(
    tvp: Partnership, state: State
) -> None:
    application = submitted(tvp)
    Application.objects.filter(pk=application.pk).update(state=state)

    with pytest.raises(WithdrawalRefused):
        application_withdraw(application=application)

    assert Application.objects.get().state == state
    assert CaseEvent.objects.count() == 1


def test_nothing_is_half_recorded_when_a_submission_fails(
    tvp: Partnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The last step fails, after the application, its people and its incidents were written.
    def engine_down(**_: Any) -> None:
        raise RuntimeError("the threshold engine failed")

    monkeypatch.setattr(intake, "application_assess", engine_down)

    with pytest.raises(RuntimeError):
        application_submit(
            partnership=tvp,
            answers=application_for("victim", agency=agency_id(tvp)),
            consent_wording_version=CONSENT_WORDING_VERSION,
        )

    assert Application.objects.count() == 0
    assert Person.objects.count() == 0
    assert not ReferenceCounter.objects.filter(last__gt=0).exists()
