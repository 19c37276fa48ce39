"""GovukForm and GovukDateField: the GOV.UK date messages, the parts they mark, and the summary links."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django import forms
from django.db import models

from community_trigger.common.forms import (
    DATE_PARTS,
    GovukBoundField,
    GovukDateBoundField,
    GovukDateField,
    GovukDateWidget,
    GovukForm,
)

TODAY = date(2024, 6, 15)
NOON_ON_TODAY = datetime(2024, 6, 15, 11, 0, tzinfo=UTC)
ALL = set(DATE_PARTS)


class IncidentForm(GovukForm):
    incident_date = GovukDateField(label="Date of the incident", past_or_today=True)


def _bind(day: str, month: str, year: str, form_class: type[GovukForm] = IncidentForm) -> GovukForm:
    return form_class(
        data={"incident_date-day": day, "incident_date-month": month, "incident_date-year": year}
    )


def _bound(form: GovukForm, name: str) -> GovukBoundField:
    field = form[name]
    assert isinstance(field, GovukBoundField)
    return field


def _date_field(form: GovukForm, name: str = "incident_date") -> GovukDateBoundField:
    field = form[name]
    assert isinstance(field, GovukDateBoundField)
    return field


# (day, month, year) typed -> the message GOV.UK's date input pattern gives, and the boxes it marks.
DATE_ERRORS = [
    pytest.param("", "", "", "Enter the date of the incident", ALL, id="nothing-entered"),
    pytest.param("  ", " ", "", "Enter the date of the incident", ALL, id="only-spaces"),
    pytest.param("", "3", "2024", "Date of the incident must include a day", {"day"}, id="no-day"),
    pytest.param("27", "", "2024", "Date of the incident must include a month", {"month"}, id="no-month"),
    pytest.param("27", "3", "", "Date of the incident must include a year", {"year"}, id="no-year"),
    pytest.param("", "", "2024", "Date of the incident must include a day and month", ALL, id="no-day-month"),
    pytest.param("", "3", "", "Date of the incident must include a day and year", ALL, id="no-day-year"),
    pytest.param("27", "", "", "Date of the incident must include a month and year", ALL, id="no-month-year"),
    pytest.param(
        "", "13", "2024", "Date of the incident must include a day", {"day"}, id="missing-before-wrong"
    ),
    pytest.param("30", "2", "2024", "Date of the incident must be a real date", ALL, id="30-february"),
    pytest.param("29", "2", "2023", "Date of the incident must be a real date", ALL, id="29-february-2023"),
    pytest.param("31", "4", "2024", "Date of the incident must be a real date", ALL, id="31-april"),
    pytest.param("32", "3", "2024", "Date of the incident must be a real date", {"day"}, id="day-32"),
    pytest.param("0", "3", "2024", "Date of the incident must be a real date", {"day"}, id="day-0"),
    pytest.param("27", "13", "2024", "Date of the incident must be a real date", {"month"}, id="month-13"),
    pytest.param("27", "0", "2024", "Date of the incident must be a real date", {"month"}, id="month-0"),
    pytest.param("x", "3", "2024", "Date of the incident must be a real date", {"day"}, id="day-letters"),
    pytest.param("-1", "3", "2024", "Date of the incident must be a real date", {"day"}, id="day-negative"),
    pytest.param("1.5", "3", "2024", "Date of the incident must be a real date", {"day"}, id="day-decimal"),
    pytest.param(
        "27", "three", "2024", "Date of the incident must be a real date", {"month"}, id="month-word"
    ),
    pytest.param("27", "3", "20x4", "Date of the incident must be a real date", {"year"}, id="year-letters"),
    pytest.param("27", "3", "0000", "Date of the incident must be a real date", {"year"}, id="year-0"),
    pytest.param("32", "13", "2024", "Date of the incident must be a real date", ALL, id="two-parts-wrong"),
    pytest.param("32", "3", "24", "Date of the incident must be a real date", ALL, id="day-and-short-year"),
    pytest.param("27", "3", "24", "Year must include 4 numbers", {"year"}, id="2-digit-year"),
    pytest.param("27", "3", "202", "Year must include 4 numbers", {"year"}, id="3-digit-year"),
    pytest.param("27", "3", "20245", "Year must include 4 numbers", {"year"}, id="5-digit-year"),
    pytest.param("16", "6", "2024", "Date of the incident must be today or in the past", ALL, id="tomorrow"),
    pytest.param(
        "1", "1", "2030", "Date of the incident must be today or in the past", ALL, id="future-year"
    ),
]


@time_machine.travel(NOON_ON_TODAY, tick=False)
@pytest.mark.parametrize(("day", "month", "year", "message", "marked"), DATE_ERRORS)
def test_a_date_that_cannot_be_used_gets_the_gov_uk_message_and_marks_the_right_boxes(
    day: str, month: str, year: str, message: str, marked: set[str]
) -> None:
    form = _bind(day, month, year)

    assert not form.is_valid()
    assert form.errors["incident_date"] == [message]
    field = _date_field(form)
    assert field.error_parts == marked
    assert [part.name for part in field.date_parts if part.error] == [n for n in DATE_PARTS if n in marked]


DATES_ACCEPTED = [
    pytest.param("27", "3", "2024", date(2024, 3, 27), id="plain"),
    pytest.param("03", "03", "2024", date(2024, 3, 3), id="leading-zeros"),
    pytest.param("3", "3", "2024", date(2024, 3, 3), id="single-digits"),
    pytest.param(" 3 ", "3 ", " 2024", date(2024, 3, 3), id="spaces-around"),
    pytest.param("2 7", "0 3", "2 024", date(2024, 3, 27), id="spaces-inside"),
    pytest.param("29", "2", "2024", date(2024, 2, 29), id="leap-day"),
    pytest.param("27", "Mar", "2024", date(2024, 3, 27), id="month-abbreviated"),
    pytest.param("27", "MARCH", "2024", date(2024, 3, 27), id="month-in-capitals"),
    pytest.param("4", "sept", "2023", date(2023, 9, 4), id="month-sept"),
    pytest.param("15", "6", "2024", TODAY, id="today"),
    pytest.param("1", "1", "1900", date(1900, 1, 1), id="long-ago"),
]


@time_machine.travel(NOON_ON_TODAY, tick=False)
@pytest.mark.parametrize(("day", "month", "year", "expected"), DATES_ACCEPTED)
def test_a_real_date_today_or_earlier_is_accepted(day: str, month: str, year: str, expected: date) -> None:
    form = _bind(day, month, year)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["incident_date"] == expected
    assert _date_field(form).error_parts == frozenset()


def test_today_is_the_date_in_england_not_in_utc() -> None:
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (British Summer Time).
    with time_machine.travel(datetime(2024, 6, 30, 23, 30, tzinfo=UTC), tick=False):
        assert _bind("1", "7", "2024").is_valid()
        assert not _bind("2", "7", "2024").is_valid()


def test_a_future_date_is_fine_when_the_field_does_not_ask_for_the_past() -> None:
    class HearingForm(GovukForm):
        incident_date = GovukDateField(label="Date of the meeting")

    with time_machine.travel(NOON_ON_TODAY, tick=False):
        form = _bind("1", "1", "2030", HearingForm)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["incident_date"] == date(2030, 1, 1)


class OptionalDateForm(GovukForm):
    incident_date = GovukDateField(label="Date it stopped", required=False)


def test_an_optional_date_left_empty_is_none() -> None:
    form = _bind("", "", "", OptionalDateForm)

    assert form.is_valid()
    assert form.cleaned_data["incident_date"] is None


def test_an_optional_date_half_filled_in_still_asks_for_the_rest() -> None:
    form = _bind("", "3", "2024", OptionalDateForm)

    assert form.errors["incident_date"] == ["Date it stopped must include a day"]


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("Date of the incident", "Enter the date of the incident"),
        ("Your date of birth", "Enter your date of birth"),
        ("The date it started", "Enter the date it started"),
        ("MOT expiry date", "Enter the MOT expiry date"),
    ],
)
def test_the_message_for_an_empty_date_reads_as_a_sentence(label: str, message: str) -> None:
    class LabelledForm(GovukForm):
        incident_date = GovukDateField(label=label)

    assert _bind("", "", "", LabelledForm).errors["incident_date"] == [message]


def test_each_message_can_be_replaced_and_still_names_the_date() -> None:
    class WordedForm(GovukForm):
        incident_date = GovukDateField(
            label="Date of birth",
            error_messages={
                "required": "Enter your date of birth",
                "invalid": "{label} must be a real date, like 27 3 2007",
                "incomplete": "Your {noun} must include a {missing}",
            },
        )

    assert _bind("", "", "", WordedForm).errors["incident_date"] == ["Enter your date of birth"]
    assert _bind("30", "2", "2000", WordedForm).errors["incident_date"] == [
        "Date of birth must be a real date, like 27 3 2007"
    ]
    assert _bind("", "", "2000", WordedForm).errors["incident_date"] == [
        "Your date of birth must include a day and month"
    ]


def test_a_message_with_a_percent_sign_is_shown_as_written() -> None:
    class PercentForm(GovukForm):
        incident_date = GovukDateField(label="Date", error_messages={"required": "Enter 100% of the date"})

    assert _bind("", "", "", PercentForm).errors["incident_date"] == ["Enter 100% of the date"]


def test_the_field_keeps_exactly_what_was_typed_in_each_box() -> None:
    form = _bind(" 30", "Feb ", "2024")

    assert not form.is_valid()
    assert [part.value for part in _date_field(form).date_parts] == [" 30", "Feb ", "2024"]


def test_a_date_from_initial_data_fills_the_boxes_without_leading_zeros() -> None:
    form = IncidentForm(initial={"incident_date": date(2024, 3, 7)})

    parts = _date_field(form).date_parts
    assert [(part.name, part.value, part.error) for part in parts] == [
        ("day", "7", False),
        ("month", "3", False),
        ("year", "2024", False),
    ]
    assert [part.width_class for part in parts] == [
        "govuk-input--width-2",
        "govuk-input--width-2",
        "govuk-input--width-4",
    ]


def test_an_error_from_the_form_itself_marks_the_whole_date() -> None:
    class AfterForm(GovukForm):
        incident_date = GovukDateField(label="Date of the incident")

        def clean(self) -> dict[str, object]:
            cleaned = super().clean() or {}
            self.add_error("incident_date", "Date of the incident must be after you first reported it")
            return cleaned

    form = _bind("1", "1", "2020", AfterForm)

    assert _date_field(form).error_parts == ALL
    assert form.error_summary_items() == [
        ("#id_incident_date-day", "Date of the incident must be after you first reported it")
    ]


def test_validators_run_on_the_date_once_it_is_real() -> None:
    def not_before_2000(value: date) -> None:
        if value < date(2000, 1, 1):
            raise forms.ValidationError("Date of the incident must be 1 January 2000 or later")

    class ValidatedForm(GovukForm):
        incident_date = GovukDateField(label="Date of the incident", validators=[not_before_2000])

    assert _bind("1", "1", "1999", ValidatedForm).errors["incident_date"] == [
        "Date of the incident must be 1 January 2000 or later"
    ]
    assert _bind("1", "1", "2000", ValidatedForm).is_valid()


def test_the_widget_reads_three_boxes_named_after_the_field_with_a_form_prefix() -> None:
    form = IncidentForm(
        prefix="step",
        data={
            "step-incident_date-day": "1",
            "step-incident_date-month": "2",
            "step-incident_date-year": "2020",
        },
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["incident_date"] == date(2020, 2, 1)
    assert [part.html_name for part in _date_field(form).date_parts] == [
        "step-incident_date-day",
        "step-incident_date-month",
        "step-incident_date-year",
    ]
    assert [part.id for part in _date_field(form).date_parts] == [
        "id_step-incident_date-day",
        "id_step-incident_date-month",
        "id_step-incident_date-year",
    ]


def test_the_widget_asks_for_a_numeric_keyboard_even_when_django_draws_it() -> None:
    widget = GovukDateWidget()

    assert [sub.attrs["inputmode"] for sub in widget.widgets] == ["numeric"] * 3
    assert widget.decompress(date(2024, 3, 7)) == ["7", "3", "2024"]
    assert widget.decompress(None) == [None, None, None]
    assert 'inputmode="numeric"' in widget.render("d", date(2024, 3, 7))


# The base form.


class Agency(models.IntegerChoices):
    POLICE = 1, "Police"
    COUNCIL = 2, "Council"
    HOUSING = 3, "Housing provider"


class DemoForm(GovukForm):
    name = forms.CharField(label="Your name", error_messages={"required": "Enter your name"})
    secret = forms.CharField(required=False, widget=forms.HiddenInput)
    incident_date = GovukDateField(label="Date of the incident")
    who = forms.ChoiceField(
        choices=[("", "---------"), ("victim", "Me"), ("representative", "Someone else")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select who you are asking for"},
    )
    agencies = forms.TypedMultipleChoiceField(
        choices=Agency.choices, coerce=int, error_messages={"required": "Select who you reported it to"}
    )
    confirm = forms.BooleanField(
        label="I confirm", error_messages={"required": "Confirm that the information is true"}
    )


def test_the_base_form_adds_no_label_colons_and_no_browser_validation() -> None:
    form = DemoForm()

    assert form.label_suffix == ""
    assert form.use_required_attribute is False
    assert form.error_css_class == ""
    assert "required" not in str(form["name"])


def test_text_answers_lose_spaces_around_them() -> None:
    form = DemoForm(data={"name": "  Sam Smith \n"})
    form.is_valid()

    assert form.cleaned_data["name"] == "Sam Smith"


def test_a_name_of_spaces_only_counts_as_empty() -> None:
    form = DemoForm(data={"name": "   "})

    assert form.errors["name"] == ["Enter your name"]


def test_the_error_summary_links_each_error_to_its_first_input_in_page_order() -> None:
    form = DemoForm(data={"incident_date-day": "27", "incident_date-year": "2024"})

    assert form.error_summary_items() == [
        ("#id_name", "Enter your name"),
        ("#id_incident_date-month", "Date of the incident must include a month"),
        ("#id_who", "Select who you are asking for"),
        ("#id_agencies", "Select who you reported it to"),
        ("#id_confirm", "Confirm that the information is true"),
    ]


def test_errors_about_the_whole_form_link_to_its_first_field_and_come_first() -> None:
    class WholeForm(DemoForm):
        def clean(self) -> dict[str, object]:
            raise forms.ValidationError("You cannot ask for a review of the same case twice")

    form = WholeForm(data={"name": "Sam"})

    items = form.error_summary_items()
    assert items[0] == ("#id_name", "You cannot ask for a review of the same case twice")
    assert "Enter your name" not in [message for _, message in items]


def test_an_error_on_a_hidden_field_links_to_the_top_of_the_form() -> None:
    class HiddenForm(GovukForm):
        name = forms.CharField()
        token = forms.CharField(widget=forms.HiddenInput, error_messages={"required": "Start again"})

    form = HiddenForm(data={"name": "Sam"})

    assert form.error_summary_items() == [("#id_name", "Start again")]


def test_an_unbound_form_has_no_summary() -> None:
    assert DemoForm().error_summary_items() == []


def test_radios_are_numbered_the_gov_uk_way_and_skip_the_blank_choice() -> None:
    options = _bound(DemoForm(), "who").govuk_options

    assert [(o.id, o.value, o.label, o.checked) for o in options] == [
        ("id_who", "victim", "Me", False),
        ("id_who-2", "representative", "Someone else", False),
    ]


def test_choices_from_initial_data_are_ticked_whatever_their_type() -> None:
    form = DemoForm(initial={"agencies": [Agency.POLICE, 3], "who": "representative"})

    agencies = _bound(form, "agencies").govuk_options
    assert [(o.id, o.value, o.checked) for o in agencies] == [
        ("id_agencies", "1", True),
        ("id_agencies-2", "2", False),
        ("id_agencies-3", "3", True),
    ]
    assert [o.checked for o in _bound(form, "who").govuk_options] == [False, True]


def test_choices_posted_back_stay_ticked() -> None:
    form = DemoForm(data={"agencies": ["2", "3"], "who": "victim"})

    assert [o.checked for o in _bound(form, "agencies").govuk_options] == [False, True, True]
    assert [o.checked for o in _bound(form, "who").govuk_options] == [True, False]


def test_a_boolean_field_is_one_checkbox() -> None:
    ticked = _bound(DemoForm(data={"confirm": "true"}), "confirm")
    unticked = _bound(DemoForm(data={}), "confirm")

    assert ticked.is_single_checkbox
    assert [(o.id, o.value, o.checked) for o in ticked.govuk_options] == [("id_confirm", "true", True)]
    assert [o.checked for o in unticked.govuk_options] == [False]
