"""A draft's answers as they cross into cases: typed and checked once, or refused saying what is wrong."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from applications.builders import INCIDENT_DAYS, MEMBER_NAMES, answers_for, incident, report

from community_trigger.cases.answers import (
    AnswersInvalid,
    ApplicationAnswers,
    ByApplicant,
    ByMember,
    ByVictim,
    Received,
    application_answers,
)
from community_trigger.cases.models import (
    ApplicantRole,
    Channel,
    ConsentMethod,
    ContactPreference,
    Satisfaction,
)

AGENCY = "7"


def _converted(role: str = "victim", **overrides: Any) -> ApplicationAnswers:
    return application_answers(answers_for(role, agency=AGENCY, **overrides))


def _refused(answers: dict[str, Any]) -> str:
    with pytest.raises(AnswersInvalid) as refused:
        application_answers(answers)
    return str(refused.value)


# Good drafts -------------------------------------------------------------------------------------------


def test_a_victims_answers_become_typed_values() -> None:
    answers = _converted("victim")

    assert answers.role is ApplicantRole.VICTIM
    assert answers.you.contact_preference is ContactPreference.EMAIL
    assert answers.satisfaction is Satisfaction.NOT_SATISFIED
    assert answers.consent is True
    assert answers.victim is None
    assert answers.members == ()
    first = answers.incidents[0]
    assert first.date == INCIDENT_DAYS[0]
    assert (first.harassment_alarm_distress, first.hate) == (True, False)
    assert first.reports[0].by == ByApplicant()
    assert first.reports[0].agency == int(AGENCY)
    assert first.reports[0].date == date(2026, 11, 3)


def test_an_online_request_has_no_received_day_and_was_agreed_to_online() -> None:
    answers = _converted("victim")

    assert answers.received is None
    assert answers.consent_method is ConsentMethod.ONLINE


def test_a_representatives_answers_name_the_victim_and_their_reports() -> None:
    answers = _converted("representative")

    assert answers.victim is not None
    assert answers.victim.consent_method is ConsentMethod.BY_EMAIL
    assert answers.victim.address == "2 Low Road\nFlat 3\nRomsey"
    assert [incident.reports[0].by for incident in answers.incidents] == [
        ByApplicant(),
        ByVictim(),
        ByVictim(),
    ]


def test_a_groups_members_are_satisfied_or_not_and_report_by_their_key() -> None:
    draft = answers_for("group_representative", agency=AGENCY)
    draft["members"][1]["satisfied"] = "yes"

    answers = application_answers(draft)

    assert [member.name for member in answers.members] == list(MEMBER_NAMES)
    assert [member.satisfied for member in answers.members] == [False, True, False, False]
    assert [report.by for report in answers.incidents[0].reports] == [
        ByApplicant(),
        *(ByMember(f"m{n}") for n in range(len(MEMBER_NAMES))),
    ]


def test_a_report_to_another_organisation_has_no_agency_and_keeps_its_name() -> None:
    other = report("you", "other", INCIDENT_DAYS[1], other_organisation="Citizens Advice")
    answers = _converted("victim", incidents=[incident("i0", INCIDENT_DAYS[0], other)])

    kept = answers.incidents[0].reports[0]
    assert (kept.agency, kept.other_organisation) == (None, "Citizens Advice")


def test_a_report_to_an_agency_keeps_no_other_organisations_name() -> None:
    stale = report("you", AGENCY, INCIDENT_DAYS[1], other_organisation="Left over from a change")
    answers = _converted("victim", incidents=[incident("i0", INCIDENT_DAYS[0], stale)])

    assert answers.incidents[0].reports[0].other_organisation == ""


def test_a_request_entered_by_staff_says_how_and_when_it_came_and_how_they_agreed() -> None:
    answers = _converted(
        "victim", received={"channel": "post", "date": "2026-11-16"}, consent_method="in_writing"
    )

    assert answers.received == Received(channel=Channel.POST, date=date(2026, 11, 16))
    assert answers.consent_method is ConsentMethod.IN_WRITING


def test_what_the_journey_keeps_for_itself_is_left_behind() -> None:
    answers = _converted("group_representative")

    assert not hasattr(answers, "members_done")
    assert not hasattr(answers, "single_organisation")


def test_the_typed_answers_cannot_be_changed() -> None:
    answers = _converted("victim")

    with pytest.raises(AttributeError):
        answers.role = ApplicantRole.REPRESENTATIVE  # type: ignore[misc]


# Bad drafts --------------------------------------------------------------------------------------------


def test_a_draft_without_a_required_answer_is_refused_naming_it() -> None:
    draft = answers_for("victim", agency=AGENCY)
    del draft["satisfaction"]

    assert "satisfaction" in _refused(draft)


def test_an_unknown_choice_is_refused_saying_where_it_is() -> None:
    draft = answers_for("victim", agency=AGENCY)
    draft["contact"]["preferred"] = "carrier pigeon"

    assert "$.you.contact_preference" in _refused(draft)


def test_a_date_that_is_not_a_date_is_refused_saying_where_it_is() -> None:
    draft = answers_for("victim", agency=AGENCY)
    draft["incidents"][1]["date"] = "2026-02-30"

    assert "$.incidents[1].date" in _refused(draft)


def test_an_answer_that_is_neither_yes_nor_no_is_refused_saying_where_it_is() -> None:
    draft = answers_for("victim", agency=AGENCY)
    draft["incidents"][0]["hate"] = "maybe"

    assert "$.incidents[0].hate" in _refused(draft)


@pytest.mark.parametrize("agency", ["", "police", "-1"])
def test_a_report_to_no_known_kind_of_agency_is_refused(agency: str) -> None:
    draft = answers_for("victim", agency=AGENCY)
    draft["incidents"][0]["reports"][0]["agency"] = agency

    assert "$.incidents[0].reports[0].agency" in _refused(draft)


@pytest.mark.parametrize(
    ("role", "by"),
    [
        ("victim", "member:m0"),
        ("victim", "victim"),
        ("group_representative", "member:nobody"),
        ("victim", "me"),
    ],
)
def test_a_report_by_someone_not_in_the_application_is_refused(role: str, by: str) -> None:
    draft = answers_for(role, agency=AGENCY)
    draft["incidents"][0]["reports"][0]["by"] = by

    assert _refused(draft)


def test_a_representative_without_the_victims_details_is_refused() -> None:
    draft = answers_for("representative", agency=AGENCY)
    del draft["victim"]

    assert "victim" in _refused(draft)


def test_a_victim_naming_group_members_is_refused() -> None:
    group = answers_for("group_representative", agency=AGENCY)

    assert "group" in _refused({**answers_for("victim", agency=AGENCY), "members": group["members"]})


def test_an_application_without_incidents_is_refused() -> None:
    assert "incident" in _refused({**answers_for("victim", agency=AGENCY), "incidents": []})


@pytest.mark.parametrize("consent", ["no", None, "true"])
def test_an_application_without_agreement_to_sharing_is_refused(consent: str | None) -> None:
    assert _refused({**answers_for("victim", agency=AGENCY), "consent": consent})


def test_a_request_entered_by_staff_without_how_the_applicant_agreed_is_refused() -> None:
    draft = {**answers_for("victim", agency=AGENCY), "received": {"channel": "phone", "date": "2026-11-16"}}

    assert "agreed" in _refused(draft)


def test_a_request_entered_by_staff_cannot_have_come_online() -> None:
    draft = {
        **answers_for("victim", agency=AGENCY),
        "received": {"channel": "online", "date": "2026-11-16"},
        "consent_method": "by_phone",
    }

    assert "online" in _refused(draft)


def test_an_online_request_cannot_say_it_was_agreed_to_off_line() -> None:
    assert _refused({**answers_for("victim", agency=AGENCY), "consent_method": "by_phone"})


def test_a_victim_cannot_have_agreed_by_ticking_the_online_form_for_someone_else() -> None:
    draft = answers_for("representative", agency=AGENCY)
    draft["victim"]["consent_method"] = "online"

    assert _refused(draft)


def test_answers_of_the_wrong_shape_altogether_are_refused() -> None:
    assert _refused({**answers_for("victim", agency=AGENCY), "incidents": "three"})
    assert _refused({**answers_for("victim", agency=AGENCY), "you": ["Alex"]})
