"""The question pages' forms: each answer's shape, with the exact GOV.UK error messages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from community_trigger.agencies.models import Agency
from community_trigger.applications import forms

from .builders import (
    NOON,
    contact_post,
    date_post,
    incident_post,
    member_post,
    victim_post,
    your_details_post,
)

pytestmark = pytest.mark.time_machine(NOON, tick=False)

POLICE = Agency(pk=7, name="Hampshire and Isle of Wight Constabulary", kind="police")
INCIDENT_DAY = date(2026, 11, 10)

PHONE_MESSAGE = "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
EMAIL_MESSAGE = "Enter an email address in the correct format, like name@example.com"
POSTCODE_MESSAGE = "Enter a full UK postcode, like AA3 1AB"


def _report_form(data: dict[str, str]) -> forms.ReportForm:
    return forms.ReportForm(
        data,
        reporters=[("you", "You"), ("member:ab12", "Bea")],
        agencies=[POLICE],
        incident_date=INCIDENT_DAY,
    )


def _report_post(**overrides: str) -> dict[str, str]:
    return {
        "by": "you",
        "agency": "7",
        "other_organisation": "",
        **date_post(date(2026, 11, 11)),
        "reference": "",
        **overrides,
    }


# One valid post per form, and the form that reads it.
VALID: dict[str, tuple[Any, dict[str, str]]] = {
    "staff-conduct": (forms.StaffConductForm, {"staff_conduct": "no"}),
    "contact": (forms.ContactForm, contact_post()),
    "who": (forms.RoleForm, {"role": "victim"}),
    "your-details": (forms.YourDetailsForm, your_details_post()),
    "victim": (forms.VictimForm, victim_post()),
    "member": (forms.MemberForm, member_post("Bea Memberley")),
    "add-another": (forms.AddAnotherForm, {"add_another": "no"}),
    "incident": (forms.IncidentForm, incident_post(INCIDENT_DAY)),
    "report": (_report_form, _report_post()),
    "satisfaction": (forms.SatisfactionForm, {"satisfaction": "no_action"}),
    "impact": (forms.ImpactForm, {"impact": "", "vulnerability": "", "support": ""}),
    "consent": (forms.ConsentForm, {"consent": "yes"}),
    "save": (forms.SaveForm, {"email": "alex@example.com"}),
    "withdraw": (forms.WithdrawForm, {"confirm": "yes", "reason": ""}),
}


def _errors(page: str, **changes: str) -> dict[str, list[str]]:
    form_class, data = VALID[page]
    form = form_class({**data, **changes})
    form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


def _without(page: str, *fields: str) -> dict[str, list[str]]:
    form_class, data = VALID[page]
    form = form_class({name: value for name, value in data.items() if name not in fields})
    form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


@pytest.mark.parametrize("page", VALID)
def test_every_form_accepts_a_complete_answer(page: str) -> None:
    assert _errors(page) == {}


# Page, the field left out (date fields by their three parts), and the message a person sees.
REQUIRED = [
    (
        "staff-conduct",
        "staff_conduct",
        "Select yes if your request is also about how a member of staff behaved",
    ),
    ("who", "role", "Select who you are"),
    ("your-details", "name", "Enter your full name"),
    ("your-details", "address_line_1", "Enter address line 1, typically the building and street"),
    ("your-details", "town", "Enter town or city"),
    ("your-details", "postcode", "Enter postcode"),
    ("contact", "channels", "Select at least one way it is safe to contact you"),
    ("contact", "preferred", "Select the way you would most like us to contact you"),
    ("victim", "name", "Enter the victim's full name"),
    ("victim", "address_line_1", "Enter address line 1, typically the building and street"),
    ("victim", "town", "Enter town or city"),
    ("victim", "postcode", "Enter postcode"),
    ("victim", "relationship", "Enter your relationship to the victim"),
    (
        "victim",
        "consent_method",
        "Select how the victim agreed to you asking for a review for them",
    ),
    ("member", "name", "Enter the person's full name"),
    (
        "member",
        "consent",
        "Confirm the person agrees to their information being shared. If they do not agree, do not add them",
    ),
    ("member", "satisfied", "Select yes if the person is satisfied with the action taken"),
    ("add-another", "add_another", "Select yes if you need to add another"),
    ("incident", "date", "Enter the date of the incident"),
    ("incident", "description", "Enter what happened"),
    ("incident", "location", "Enter where it happened"),
    (
        "incident",
        "harassment_alarm_distress",
        "Select yes if it caused harassment, alarm or distress",
    ),
    ("incident", "hate", "Select yes if you think it was motivated by hate"),
    ("report", "by", "Select who made the report"),
    ("report", "agency", "Select who the report was made to"),
    ("report", "date", "Enter the date of the report"),
    ("satisfaction", "satisfaction", "Select how you feel about the action taken"),
    ("consent", "consent", "Select yes if you agree to your information being shared"),
    ("withdraw", "confirm", "Select yes if you want to withdraw your request"),
]


@pytest.mark.parametrize(("page", "missing", "message"), REQUIRED)
def test_a_required_answer_left_out_gives_its_govuk_message(page: str, missing: str, message: str) -> None:
    fields = [f"{missing}-day", f"{missing}-month", f"{missing}-year"] if missing == "date" else [missing]

    assert _without(page, *fields) == {missing: [message]}


@pytest.mark.parametrize(("page", "blank"), [("your-details", "name"), ("incident", "description")])
def test_an_answer_of_only_spaces_counts_as_left_out(page: str, blank: str) -> None:
    assert blank in _errors(page, **{blank: "   "})


@pytest.mark.parametrize(
    ("page", "optional"),
    [
        ("your-details", "address_line_2"),
        ("your-details", "phone"),
        ("your-details", "help_needed"),
        ("victim", "email"),
        ("victim", "phone"),
        ("report", "reference"),
        ("impact", "impact"),
        ("impact", "vulnerability"),
        ("impact", "support"),
        ("withdraw", "reason"),
    ],
)
def test_optional_answers_can_be_left_out(page: str, optional: str) -> None:
    assert _without(page, optional) == {}


@pytest.mark.parametrize("choice", ["maybe", "", "YES"])
def test_an_answer_that_is_not_one_of_the_choices_is_treated_as_no_answer(choice: str) -> None:
    assert _errors("who", role=choice) == {"role": ["Select who you are"]}


# Emails, phone numbers and postcodes ------------------------------------------------------------------


@pytest.mark.parametrize("page", ["contact", "victim", "member", "save"])
@pytest.mark.parametrize("email", ["alex", "alex@", "@example.com", "alex@example", "alex @example.com"])
def test_an_email_address_in_the_wrong_format_is_refused(page: str, email: str) -> None:
    assert _errors(page, email=email) == {"email": [EMAIL_MESSAGE]}


@pytest.mark.parametrize("page", ["contact", "victim", "member"])
@pytest.mark.parametrize("phone", ["12345", "call me", "0800 abc 1234", "+44 1632 960 001 x9"])
def test_a_phone_number_in_the_wrong_format_is_refused(page: str, phone: str) -> None:
    assert _errors(page, phone=phone) == {"phone": [PHONE_MESSAGE]}


@pytest.mark.parametrize("phone", ["01632 960 001", "07700 900 982", "+44 808 157 0192", "(01632) 960-001"])
def test_phone_numbers_written_the_usual_ways_are_accepted(phone: str) -> None:
    assert _errors("contact", phone=phone) == {}


@pytest.mark.parametrize("page", ["your-details", "victim"])
@pytest.mark.parametrize("postcode", ["SP10", "12345", "SP10 3A", "QP10 3AJ", "SP10 3CI", "NOTAPOST"])
def test_a_postcode_that_is_not_a_full_uk_postcode_is_refused(page: str, postcode: str) -> None:
    assert _errors(page, postcode=postcode) == {"postcode": [POSTCODE_MESSAGE]}


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("sp103aj", "SP10 3AJ"),
        ("SP10 3AJ", "SP10 3AJ"),
        (" sp10   3aj ", "SP10 3AJ"),
        ("sw1a1aa", "SW1A 1AA"),
        ("m11ae", "M1 1AE"),
        ("w1a 0ax", "W1A 0AX"),
        ("gir0aa", "GIR 0AA"),
    ],
)
def test_a_postcode_is_kept_in_capitals_with_one_space_before_the_last_three_characters(
    typed: str, kept: str
) -> None:
    form = forms.YourDetailsForm(your_details_post(postcode=typed))

    assert form.is_valid(), form.errors
    assert form.answers()["postcode"] == kept


# How to be contacted, and group members ---------------------------------------------------------------


def _contact(**changes: Any) -> dict[str, list[str]]:
    form = forms.ContactForm({**contact_post(), **changes})
    form.is_valid()
    return {name: [str(message) for message in messages] for name, messages in form.errors.items()}


def test_post_alone_is_a_safe_way_to_be_contacted_with_no_email_or_phone_at_all() -> None:
    assert _contact(channels=["post"], preferred="post", email="", phone="") == {}


def test_email_as_a_safe_way_needs_an_email_address() -> None:
    assert _contact(channels=["email", "post"], preferred="post", email="") == {
        "email": ["Enter your email address, or untick email"]
    }


def test_text_messages_as_a_safe_way_need_a_mobile_number() -> None:
    assert _contact(channels=["text"], preferred="text", phone="01632 960 001") == {
        "phone": ["Enter a mobile phone number, like 07700 900 982, or untick text message"]
    }


def test_phone_calls_as_a_safe_way_need_a_phone_number() -> None:
    assert _contact(channels=["phone"], preferred="phone", phone="") == {
        "phone": ["Enter your phone number, or untick phone call"]
    }


def test_the_preferred_way_must_be_one_of_the_safe_ways() -> None:
    assert _contact(channels=["post"], preferred="email") == {
        "preferred": ["The way you would most like us to contact you must be one of the safe ways you chose"]
    }


def test_post_when_letters_at_home_are_not_safe_needs_a_safe_other_address() -> None:
    assert _contact(channels=["post"], preferred="post", letters_home_safe="no", safe_alternative="") == {
        "safe_alternative": ["Enter a safe other address for letters, or untick post"]
    }


def test_the_contact_answers_are_kept_as_the_draft_keeps_them() -> None:
    form = forms.ContactForm(
        {
            **contact_post(),
            "channels": ["post", "text"],
            "preferred": "text",
            "phone": "07700 900 982",
            "email": "",
            "avoid_times": "Evenings",
            "voicemail_safe": "no",
            "letters_home_safe": "no",
            "safe_alternative": "c/o Support Service, 3 Mill Lane",
        }
    )

    assert form.is_valid(), form.errors
    assert form.answers() == {
        "channels": ["post", "text"],
        "preferred": "text",
        "email": "",
        "phone": "07700 900 982",
        "avoid_times": "Evenings",
        "voicemail_safe": "no",
        "letters_home_safe": "no",
        "safe_alternative": "c/o Support Service, 3 Mill Lane",
    }


def test_a_wrongly_written_email_is_reported_once_even_when_email_is_a_safe_way() -> None:
    assert _contact(channels=["email"], preferred="email", email="alex") == {"email": [EMAIL_MESSAGE]}


def test_a_message_about_length_names_its_field() -> None:
    assert _errors("your-details", name="x" * 201) == {"name": ["Your name must be 200 characters or fewer"]}


def test_an_incident_more_than_two_years_ago_is_refused_naming_the_earliest_day(time_machine: Any) -> None:
    time_machine.move_to(date(2026, 12, 3))
    form = forms.IncidentForm(incident_post(date(2024, 12, 1)))

    assert not form.is_valid()
    assert form.errors["date"] == ["Date of the incident must be on or after 3 December 2024"]


def test_staff_entering_an_old_request_may_date_its_incidents_further_back() -> None:
    form = forms.IncidentForm(incident_post(date(2020, 1, 6)), received_on=date(2020, 2, 1))

    assert form.is_valid(), form.errors


def test_a_group_member_needs_an_email_address_or_a_phone_number() -> None:
    assert _errors("member", email="", phone="") == {
        "email": ["Enter an email address or a phone number for the person"]
    }


@pytest.mark.parametrize(("email", "phone"), [("bea@example.com", ""), ("", "07700 900 982")])
def test_a_group_member_with_either_an_email_or_a_phone_is_enough(email: str, phone: str) -> None:
    assert _errors("member", email=email, phone=phone) == {}


def test_a_group_member_cannot_be_added_without_their_consent() -> None:
    form = forms.MemberForm({**member_post("Bea Memberley"), "consent": ""})

    assert not form.is_valid()
    assert list(form.errors) == ["consent"]


# Reports ----------------------------------------------------------------------------------------------


def test_a_report_to_another_organisation_needs_its_name() -> None:
    assert _errors("report", agency="other", other_organisation="") == {
        "other_organisation": ["Enter the name of the other organisation"]
    }


def test_a_report_to_another_organisation_keeps_its_name() -> None:
    form = _report_form(_report_post(agency="other", other_organisation="Citizens Advice"))

    assert form.is_valid(), form.errors
    assert form.answers()["agency"] == "other"
    assert form.answers()["other_organisation"] == "Citizens Advice"


def test_a_report_to_a_partner_agency_forgets_any_other_organisation_typed() -> None:
    form = _report_form(_report_post(other_organisation="Citizens Advice"))

    assert form.is_valid(), form.errors
    assert form.answers()["other_organisation"] == ""


def test_a_report_dated_before_its_incident_is_refused() -> None:
    assert _errors("report", **date_post(date(2026, 11, 9))) == {
        "date": [
            "Date of the report must be the same as or after the date of the incident (10 November 2026)"
        ]
    }


def test_a_report_made_the_same_day_as_the_incident_is_accepted() -> None:
    assert _errors("report", **date_post(INCIDENT_DAY)) == {}


@pytest.mark.parametrize("by", ["victim", "member:zz99", "someone"])
def test_a_report_can_only_be_by_someone_the_request_names(by: str) -> None:
    assert _errors("report", by=by) == {"by": ["Select who made the report"]}


def test_a_report_can_only_be_to_one_of_the_partnerships_agencies_or_another_organisation() -> None:
    assert _errors("report", agency="8") == {"agency": ["Select who the report was made to"]}


def test_dates_are_kept_as_iso_text_and_read_back_as_dates() -> None:
    incident = forms.IncidentForm(incident_post(INCIDENT_DAY))
    assert incident.is_valid(), incident.errors
    kept = incident.answers()

    assert kept["date"] == "2026-11-10"
    assert forms.IncidentForm.initial_from(kept)["date"] == INCIDENT_DAY
    assert forms.ReportForm.initial_from({"date": "2026-11-11"})["date"] == date(2026, 11, 11)


# Dates, through the forms (today is 20 November 2026) -------------------------------------------------

DATES = [
    ({"date-day": "21", "date-month": "11", "date-year": "2026"}, "{label} must be today or in the past"),
    ({"date-day": "1", "date-month": "1", "date-year": "2027"}, "{label} must be today or in the past"),
    ({"date-day": "30", "date-month": "2", "date-year": "2026"}, "{label} must be a real date"),
    ({"date-day": "32", "date-month": "10", "date-year": "2026"}, "{label} must be a real date"),
    ({"date-day": "10", "date-month": "13", "date-year": "2026"}, "{label} must be a real date"),
    ({"date-day": "ten", "date-month": "11", "date-year": "2026"}, "{label} must be a real date"),
    ({"date-day": "10", "date-month": "", "date-year": "2026"}, "{label} must include a month"),
    ({"date-day": "", "date-month": "11", "date-year": "2026"}, "{label} must include a day"),
    ({"date-day": "10", "date-month": "11", "date-year": ""}, "{label} must include a year"),
    ({"date-day": "", "date-month": "11", "date-year": ""}, "{label} must include a day and year"),
    ({"date-day": "10", "date-month": "11", "date-year": "26"}, "Year must include 4 numbers"),
]


@pytest.mark.parametrize(("typed", "message"), DATES)
def test_an_incident_date_in_the_future_impossible_or_partial_is_refused(
    typed: dict[str, str], message: str
) -> None:
    assert _errors("incident", **typed) == {"date": [message.format(label="Date of the incident")]}


@pytest.mark.parametrize(("typed", "message"), DATES)
def test_a_report_date_in_the_future_impossible_or_partial_is_refused(
    typed: dict[str, str], message: str
) -> None:
    assert _errors("report", **typed) == {"date": [message.format(label="Date of the report")]}


@pytest.mark.parametrize(
    "typed",
    [
        {"date-day": "20", "date-month": "11", "date-year": "2026"},
        {"date-day": "10", "date-month": "Nov", "date-year": "2026"},
        {"date-day": " 10 ", "date-month": "november", "date-year": "2 026"},
    ],
)
def test_today_and_month_names_are_accepted_as_incident_dates(typed: dict[str, str]) -> None:
    assert _errors("incident", **typed) == {}


# Maximum lengths --------------------------------------------------------------------------------------

# Page, field, limit, and the field's name as its error says it.
LIMITS = [
    ("your-details", "name", 200, "Your name"),
    ("your-details", "address_line_1", 200, "Address line 1"),
    ("your-details", "address_line_2", 200, "Address line 2"),
    ("your-details", "town", 100, "Town or city"),
    ("your-details", "postcode", 10, "Postcode"),
    ("your-details", "help_needed", 2000, "The help you need to take part"),
    ("contact", "phone", 20, "Your phone number"),
    ("contact", "avoid_times", 200, "Times to avoid"),
    ("contact", "safe_alternative", 1000, "A safe other address or contact"),
    ("victim", "name", 200, "The victim's name"),
    ("victim", "relationship", 100, "Your relationship to the victim"),
    ("member", "name", 200, "Their name"),
    ("member", "phone", 20, "Their phone number"),
    ("incident", "description", 5000, "What happened"),
    ("incident", "location", 300, "Where it happened"),
    ("report", "reference", 100, "Reference number"),
    ("impact", "impact", 5000, "How it affects you"),
    ("impact", "vulnerability", 5000, "Anything that makes you more vulnerable"),
    ("impact", "support", 5000, "The support you would like"),
    ("withdraw", "reason", 2000, "Your reason"),
]


@pytest.mark.parametrize(("page", "name", "limit", "label"), LIMITS)
def test_an_answer_longer_than_its_limit_is_refused_naming_the_field(
    page: str, name: str, limit: int, label: str
) -> None:
    # Digits, so that phone numbers and postcodes fail on their length rather than their shape.
    assert _errors(page, **{name: "1" * (limit + 1)}) == {
        name: [f"{label} must be {limit} characters or fewer"]
    }


@pytest.mark.parametrize(("page", "name", "limit", "label"), LIMITS)
def test_an_answer_exactly_at_its_limit_is_not_refused_for_its_length(
    page: str, name: str, limit: int, label: str
) -> None:
    messages = _errors(page, **{name: "1" * limit}).get(name, [])

    assert f"{label} must be {limit} characters or fewer" not in messages


@pytest.mark.parametrize(
    ("page", "label"),
    [
        ("contact", "Your email address"),
        ("victim", "The victim's email address"),
        ("member", "Their email address"),
        ("save", "Email address"),
    ],
)
def test_an_email_address_longer_than_254_characters_is_refused_in_the_forms_own_words(
    page: str, label: str
) -> None:
    # A well-formed address (64-character local part, 63-character labels) of 260 characters.
    too_long = "a" * 64 + "@" + ("b" * 63 + ".") * 3 + "com"

    assert _errors(page, email=too_long) == {"email": [f"{label} must be 254 characters or fewer"]}
