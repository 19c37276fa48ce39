"""The component templates draw GOV.UK Frontend v6 markup: classes, ids, aria-describedby, kept input."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django import forms
from django.template import engines
from django.template.loader import render_to_string
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe

from community_trigger.common.forms import GovukDateField, GovukForm

# A small tree of the rendered HTML, strict about nesting so a broken template fails loudly.

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr", "path"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    children: list[Element | str] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    @property
    def text(self) -> str:
        """The words inside, with runs of white space squeezed to one space, as a screen reader hears them."""
        return " ".join("".join(self._strings()).split())

    @property
    def raw_text(self) -> str:
        return "".join(self._strings())

    def _strings(self) -> Iterator[str]:
        for child in self.children:
            if isinstance(child, str):
                yield child
            else:
                yield from child._strings()

    def iter(self) -> Iterator[Element]:
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Element]:
        return [
            element
            for element in self.iter()
            if (tag is None or element.tag == tag)
            and (cls is None or cls in element.classes)
            and all(element.attrs.get(name.replace("_", "-")) == value for name, value in attrs.items())
        ]

    def one(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Element:
        found = self.find_all(tag, cls, **attrs)
        assert len(found) == 1, f"expected one {tag} .{cls} {attrs}, found {len(found)}"
        return found[0]

    def by_id(self, element_id: str) -> Element:
        return self.one(id=element_id)

    def ids(self) -> list[str]:
        return [value for element in self.iter() if (value := element.attrs.get("id"))]

    def described_by(self) -> list[str]:
        return (self.attrs.get("aria-describedby") or "").split()


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = [name for name, _ in attrs]
        assert len(names) == len(set(names)), f"<{tag}> repeats an attribute: {names}"
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.stack == [builder.root], f"unclosed: {[element.tag for element in builder.stack]}"
    return builder.root


def render(template: str, **context: Any) -> Element:
    return parse(render_to_string(f"components/{template}", context))


# A form with one field of each kind the components draw.


class ExampleForm(GovukForm):
    full_name = forms.CharField(label="Full name", error_messages={"required": "Enter your full name"})
    email = forms.EmailField(
        required=False, error_messages={"invalid": "Enter an email address in the correct format"}
    )
    what_happened = forms.CharField(widget=forms.Textarea, error_messages={"required": "Enter what happened"})
    role = forms.ChoiceField(
        choices=[
            ("victim", "The victim"),
            ("representative", "Someone acting for them"),
            ("group", "A group"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select who you are"},
    )
    agencies = forms.MultipleChoiceField(
        choices=[("police", "The police"), ("council", "The council"), ("none", "None of these")],
        error_messages={"required": "Select who you reported it to"},
    )
    incident_date = GovukDateField(label="Date of the incident", past_or_today=True)
    confirm = forms.BooleanField(
        label="I confirm", error_messages={"required": "Confirm that the information is true"}
    )


EVERYTHING_WRONG = {
    "full_name": "",
    "email": "sam@",
    "what_happened": "",
    "incident_date-day": "27",
    "incident_date-month": "13",
    "incident_date-year": "2024",
}

EVERYTHING_RIGHT = {
    "full_name": "Sam Smith",
    "what_happened": "Loud music",
    "role": "group",
    "agencies": ["police", "council"],
    "incident_date-day": "27",
    "incident_date-month": "3",
    "incident_date-year": "2024",
    "confirm": "true",
}


def wrong() -> ExampleForm:
    form = ExampleForm(data=EVERYTHING_WRONG)
    assert not form.is_valid()
    return form


def right() -> ExampleForm:
    form = ExampleForm(data=EVERYTHING_RIGHT)
    assert form.is_valid(), form.errors
    return form


def assert_error_message(root: Element, element_id: str, message: str) -> None:
    error = root.by_id(element_id)
    assert error.tag == "p"
    assert error.classes == ["govuk-error-message"]
    hidden = error.one("span")
    assert hidden.classes == ["govuk-visually-hidden"]
    assert hidden.text == "Error:"
    assert error.text == f"Error: {message}"


# Error summary


def test_the_error_summary_is_not_drawn_for_a_new_form_or_one_without_errors() -> None:
    assert render_to_string("components/error_summary.html", {"form": ExampleForm()}).strip() == ""
    assert render_to_string("components/error_summary.html", {"form": right()}).strip() == ""


def test_the_error_summary_lists_each_error_as_a_link_to_its_field() -> None:
    root = render("error_summary.html", form=wrong())

    summary = root.one("div", "govuk-error-summary")
    assert summary.attrs["data-module"] == "govuk-error-summary"
    alert = summary.one("div", role="alert")
    assert alert.one("h2", "govuk-error-summary__title").text == "There is a problem"
    links = alert.one("div", "govuk-error-summary__body").one("ul").find_all("a")
    assert alert.one("ul").classes == ["govuk-list", "govuk-error-summary__list"]
    assert [(link.attrs["href"], link.text) for link in links] == [
        ("#id_full_name", "Enter your full name"),
        ("#id_email", "Enter an email address in the correct format"),
        ("#id_what_happened", "Enter what happened"),
        ("#id_role", "Select who you are"),
        ("#id_agencies", "Select who you reported it to"),
        ("#id_incident_date-month", "Date of the incident must be a real date"),
        ("#id_confirm", "Confirm that the information is true"),
    ]


# Text input


def test_an_input_without_errors_or_hint_is_plain() -> None:
    root = render("input.html", field=ExampleForm()["full_name"])

    group = root.one("div", "govuk-form-group")
    assert group.classes == ["govuk-form-group"]
    label = group.one("label")
    assert label.classes == ["govuk-label"]
    assert label.attrs["for"] == "id_full_name"
    assert label.text == "Full name"
    field = group.one("input")
    assert field.attrs == {"class": "govuk-input", "id": "id_full_name", "name": "full_name", "type": "text"}
    assert root.find_all(cls="govuk-error-message") == []


def test_an_input_with_a_hint_is_described_by_it() -> None:
    root = render("input.html", field=ExampleForm()["full_name"], hint="As on your bank card")

    assert root.by_id("id_full_name-hint").classes == ["govuk-hint"]
    assert root.by_id("id_full_name-hint").text == "As on your bank card"
    assert root.one("input").described_by() == ["id_full_name-hint"]


def test_an_input_in_error_is_marked_and_described_by_hint_then_error() -> None:
    root = render("input.html", field=wrong()["email"], label="Email address", hint="We will only email you")

    assert root.one("div", "govuk-form-group").classes == ["govuk-form-group", "govuk-form-group--error"]
    assert_error_message(root, "id_email-error", "Enter an email address in the correct format")
    field = root.one("input")
    assert field.classes == ["govuk-input", "govuk-input--error"]
    assert field.described_by() == ["id_email-hint", "id_email-error"]
    # GOV.UK's order: label, hint, error message, input.
    group = root.one("div", "govuk-form-group")
    assert [child.tag for child in group.children if isinstance(child, Element)] == [
        "label",
        "div",
        "p",
        "input",
    ]


def test_an_input_keeps_what_was_typed_even_with_quotes_and_angle_brackets() -> None:
    typed = 'Sam "the man" <O\'Brien> & co'
    form = ExampleForm(data={"full_name": typed, "email": "not an email"})
    form.is_valid()

    assert render("input.html", field=form["full_name"]).one("input").attrs["value"] == typed
    assert render("input.html", field=form["email"]).one("input").attrs["value"] == "not an email"


def test_an_input_takes_its_options() -> None:
    root = render(
        "input.html",
        field=ExampleForm()["email"],
        label="Email address",
        width="govuk-input--width-20",
        type="email",
        autocomplete="email",
        spellcheck=False,
    )

    field = root.one("input")
    assert field.classes == ["govuk-input", "govuk-input--width-20"]
    assert field.attrs["type"] == "email"
    assert field.attrs["autocomplete"] == "email"
    assert field.attrs["spellcheck"] == "false"
    assert root.one("label").text == "Email address"


def test_an_input_label_can_be_the_page_heading() -> None:
    root = render(
        "input.html", field=ExampleForm()["full_name"], label="What is your name?", label_is_heading=True
    )

    heading = root.one("h1")
    assert heading.classes == ["govuk-label-wrapper"]
    label = heading.one("label")
    assert label.classes == ["govuk-label", "govuk-label--l"]
    assert label.text == "What is your name?"


# Textarea


def test_a_textarea_in_error_is_marked_and_described() -> None:
    root = render("textarea.html", field=wrong()["what_happened"], hint="Say what, when and where")

    assert "govuk-form-group--error" in root.one("div", "govuk-form-group").classes
    assert_error_message(root, "id_what_happened-error", "Enter what happened")
    area = root.one("textarea")
    assert area.classes == ["govuk-textarea", "govuk-textarea--error"]
    assert area.attrs["rows"] == "5"
    assert area.attrs["name"] == "what_happened"
    assert area.described_by() == ["id_what_happened-hint", "id_what_happened-error"]


def test_a_textarea_without_errors_has_no_error_markup_and_takes_rows() -> None:
    root = render("textarea.html", field=ExampleForm()["what_happened"], rows=8, label="What happened?")

    area = root.one("textarea")
    assert area.classes == ["govuk-textarea"]
    assert area.attrs["rows"] == "8"
    assert "aria-describedby" not in area.attrs
    assert root.one("label").text == "What happened?"


def test_a_textarea_keeps_every_line_typed_including_a_leading_blank_one() -> None:
    typed = "\nFirst line\n  indented <b>not bold</b>\n"
    form = ExampleForm(data={"what_happened": typed})

    area = render("textarea.html", field=form["what_happened"]).one("textarea")
    # Browsers drop the one new line straight after <textarea>, so the template adds it.
    assert area.raw_text == "\n" + typed


# Radios


def test_radios_are_numbered_the_gov_uk_way_in_a_fieldset() -> None:
    root = render("radios.html", field=ExampleForm()["role"], legend="Who are you?")

    group = root.one("div", "govuk-form-group")
    fieldset = group.one("fieldset")
    assert fieldset.classes == ["govuk-fieldset"]
    assert "aria-describedby" not in fieldset.attrs
    assert fieldset.one("legend").classes == ["govuk-fieldset__legend"]
    assert fieldset.one("legend").text == "Who are you?"
    radios = fieldset.one("div", "govuk-radios")
    assert radios.attrs["data-module"] == "govuk-radios"
    inputs = radios.find_all("input")
    assert [(i.attrs["id"], i.attrs["value"], i.attrs["type"], i.attrs["name"]) for i in inputs] == [
        ("id_role", "victim", "radio", "role"),
        ("id_role-2", "representative", "radio", "role"),
        ("id_role-3", "group", "radio", "role"),
    ]
    assert all(i.classes == ["govuk-radios__input"] for i in inputs)
    labels = radios.find_all("label")
    assert [(label.attrs["for"], label.text) for label in labels] == [
        ("id_role", "The victim"),
        ("id_role-2", "Someone acting for them"),
        ("id_role-3", "A group"),
    ]
    assert all(label.classes == ["govuk-label", "govuk-radios__label"] for label in labels)


def test_radios_in_error_describe_the_fieldset_and_keep_no_choice() -> None:
    root = render("radios.html", field=wrong()["role"], hint="Pick one")

    assert "govuk-form-group--error" in root.one("div", "govuk-form-group").classes
    assert root.one("fieldset").described_by() == ["id_role-hint", "id_role-error"]
    assert_error_message(root, "id_role-error", "Select who you are")
    assert root.by_id("id_role-hint").classes == ["govuk-hint"]
    assert [i for i in root.find_all("input") if "checked" in i.attrs] == []


def test_the_chosen_radio_stays_chosen() -> None:
    root = render("radios.html", field=right()["role"])

    assert [i.attrs["value"] for i in root.find_all("input") if "checked" in i.attrs] == ["group"]


def test_radios_take_a_heading_hints_a_divider_and_sizes() -> None:
    root = render(
        "radios.html",
        field=ExampleForm()["role"],
        legend="Who are you?",
        legend_is_heading=True,
        choice_hints={"representative": "For example, a carer or councillor"},
        divider_before_last=True,
        inline=True,
        small=True,
    )

    legend = root.one("legend")
    assert legend.classes == ["govuk-fieldset__legend", "govuk-fieldset__legend--l"]
    assert legend.one("h1").classes == ["govuk-fieldset__heading"]
    assert legend.one("h1").text == "Who are you?"
    assert root.one("div", "govuk-radios").classes == [
        "govuk-radios",
        "govuk-radios--inline",
        "govuk-radios--small",
    ]
    hint = root.by_id("id_role-2-item-hint")
    assert hint.classes == ["govuk-hint", "govuk-radios__hint"]
    assert hint.text == "For example, a carer or councillor"
    assert root.by_id("id_role-2").described_by() == ["id_role-2-item-hint"]
    assert "aria-describedby" not in root.by_id("id_role").attrs
    radios = root.one("div", "govuk-radios")
    order = [
        child.attrs.get("id") or child.classes[0]
        for item in radios.children
        if isinstance(item, Element)
        for child in [item.find_all("input")[0] if item.find_all("input") else item]
    ]
    assert order == ["id_role", "id_role-2", "govuk-radios__divider", "id_role-3"]
    assert root.one("div", "govuk-radios__divider").text == "or"


def test_a_legend_can_have_a_size_without_being_the_heading() -> None:
    root = render("radios.html", field=ExampleForm()["role"], legend_class="govuk-fieldset__legend--m")

    assert root.one("legend").classes == ["govuk-fieldset__legend", "govuk-fieldset__legend--m"]
    assert root.find_all("h1") == []
    assert root.one("legend").text == "Role"


# Checkboxes


def test_checkboxes_in_error_describe_the_fieldset() -> None:
    root = render(
        "checkboxes.html",
        field=wrong()["agencies"],
        legend="Who did you report it to?",
        hint="Select all that apply",
    )

    assert "govuk-form-group--error" in root.one("div", "govuk-form-group").classes
    assert root.one("fieldset").described_by() == ["id_agencies-hint", "id_agencies-error"]
    assert_error_message(root, "id_agencies-error", "Select who you reported it to")
    boxes = root.one("div", "govuk-checkboxes")
    assert boxes.attrs["data-module"] == "govuk-checkboxes"
    inputs = boxes.find_all("input")
    assert [(i.attrs["id"], i.attrs["type"], i.attrs["name"]) for i in inputs] == [
        ("id_agencies", "checkbox", "agencies"),
        ("id_agencies-2", "checkbox", "agencies"),
        ("id_agencies-3", "checkbox", "agencies"),
    ]
    assert all(i.classes == ["govuk-checkboxes__input"] for i in inputs)
    assert all("aria-describedby" not in i.attrs for i in inputs)
    assert all(
        label.classes == ["govuk-label", "govuk-checkboxes__label"] for label in boxes.find_all("label")
    )


def test_ticked_checkboxes_stay_ticked() -> None:
    root = render("checkboxes.html", field=right()["agencies"])

    assert [i.attrs["value"] for i in root.find_all("input") if "checked" in i.attrs] == ["police", "council"]


def test_a_none_of_these_checkbox_comes_after_or_and_clears_the_others() -> None:
    root = render(
        "checkboxes.html",
        field=ExampleForm()["agencies"],
        divider_before_last=True,
        small=True,
        choice_hints={"council": "Including housing"},
    )

    assert root.one("div", "govuk-checkboxes").classes == ["govuk-checkboxes", "govuk-checkboxes--small"]
    assert root.one("div", "govuk-checkboxes__divider").text == "or"
    assert root.by_id("id_agencies-3").attrs["data-behaviour"] == "exclusive"
    assert "data-behaviour" not in root.by_id("id_agencies").attrs
    assert root.by_id("id_agencies-2").described_by() == ["id_agencies-2-item-hint"]
    assert root.by_id("id_agencies-2-item-hint").classes == ["govuk-hint", "govuk-checkboxes__hint"]


def test_a_single_checkbox_has_no_fieldset_and_carries_its_own_hint_and_error() -> None:
    root = render(
        "checkboxes.html",
        field=wrong()["confirm"],
        label="I confirm the information is true",
        hint="Tick to go on",
    )

    assert root.find_all("fieldset") == []
    box = root.one("input")
    assert box.attrs["id"] == "id_confirm"
    assert box.attrs["value"] == "true"
    assert box.described_by() == ["id_confirm-hint", "id_confirm-error"]
    assert root.one("label").text == "I confirm the information is true"
    assert_error_message(root, "id_confirm-error", "Confirm that the information is true")
    assert "checked" not in box.attrs


def test_a_single_checkbox_with_a_legend_is_in_a_fieldset_and_stays_ticked() -> None:
    root = render("checkboxes.html", field=right()["confirm"], legend="Declaration")

    assert root.one("legend").text == "Declaration"
    assert root.one("label").text == "I confirm"
    assert "checked" in root.one("input").attrs
    assert "aria-describedby" not in root.one("input").attrs


# Date input


def test_a_date_input_has_three_labelled_numeric_boxes_in_a_group() -> None:
    root = render("date_input.html", field=ExampleForm()["incident_date"], hint="For example, 27 3 2024")

    fieldset = root.one("fieldset")
    assert fieldset.attrs["role"] == "group"
    assert fieldset.described_by() == ["id_incident_date-hint"]
    assert fieldset.one("legend").text == "Date of the incident"
    container = fieldset.one("div", "govuk-date-input")
    assert container.attrs["id"] == "id_incident_date"
    items = container.find_all("div", "govuk-date-input__item")
    assert len(items) == 3
    boxes = container.find_all("input")
    assert [(b.attrs["id"], b.attrs["name"], b.attrs["type"], b.attrs["inputmode"]) for b in boxes] == [
        ("id_incident_date-day", "incident_date-day", "text", "numeric"),
        ("id_incident_date-month", "incident_date-month", "text", "numeric"),
        ("id_incident_date-year", "incident_date-year", "text", "numeric"),
    ]
    assert [b.classes for b in boxes] == [
        ["govuk-input", "govuk-date-input__input", "govuk-input--width-2"],
        ["govuk-input", "govuk-date-input__input", "govuk-input--width-2"],
        ["govuk-input", "govuk-date-input__input", "govuk-input--width-4"],
    ]
    labels = container.find_all("label")
    assert [(label.attrs["for"], label.text, label.classes) for label in labels] == [
        ("id_incident_date-day", "Day", ["govuk-label", "govuk-date-input__label"]),
        ("id_incident_date-month", "Month", ["govuk-label", "govuk-date-input__label"]),
        ("id_incident_date-year", "Year", ["govuk-label", "govuk-date-input__label"]),
    ]
    assert all("value" not in b.attrs for b in boxes)


@pytest.mark.parametrize(
    ("day", "month", "year", "marked"),
    [
        ("27", "13", "2024", ["month"]),
        ("", "3", "2024", ["day"]),
        ("27", "3", "24", ["year"]),
        ("30", "2", "2024", ["day", "month", "year"]),
        ("", "", "", ["day", "month", "year"]),
    ],
)
def test_a_date_in_error_marks_only_the_boxes_that_are_wrong_and_keeps_what_was_typed(
    day: str, month: str, year: str, marked: list[str]
) -> None:
    form = ExampleForm(
        data={"incident_date-day": day, "incident_date-month": month, "incident_date-year": year}
    )
    root = render("date_input.html", field=form["incident_date"], hint="For example, 27 3 2024")

    assert "govuk-form-group--error" in root.find_all("div", "govuk-form-group")[0].classes
    assert root.one("fieldset").described_by() == ["id_incident_date-hint", "id_incident_date-error"]
    boxes = root.find_all("input")
    assert [
        str(b.attrs["name"]).rsplit("-", 1)[1] for b in boxes if "govuk-input--error" in b.classes
    ] == marked
    assert [b.attrs.get("value", "") for b in boxes] == [day, month, year]
    # The error class goes before the width class, as GOV.UK Frontend writes it.
    for box in boxes:
        if "govuk-input--error" in box.classes:
            assert box.classes[2] == "govuk-input--error"


def test_a_date_keeps_spaces_and_words_exactly_as_typed() -> None:
    form = ExampleForm(
        data={"incident_date-day": " 31", "incident_date-month": "feb ", "incident_date-year": "2O24"}
    )
    root = render("date_input.html", field=form["incident_date"])

    assert [b.attrs["value"] for b in root.find_all("input")] == [" 31", "feb ", "2O24"]


def test_a_date_of_birth_asks_browsers_to_fill_in_each_part() -> None:
    root = render(
        "date_input.html",
        field=ExampleForm()["incident_date"],
        legend="What is your date of birth?",
        legend_is_heading=True,
        autocomplete="bday",
    )

    assert [b.attrs["autocomplete"] for b in root.find_all("input")] == [
        "bday-day",
        "bday-month",
        "bday-year",
    ]
    assert root.one("legend").classes == ["govuk-fieldset__legend", "govuk-fieldset__legend--l"]
    assert root.one("legend").one("h1", "govuk-fieldset__heading").text == "What is your date of birth?"


# Buttons and links


def test_a_button_submits_and_can_guard_against_double_clicks() -> None:
    button = render("button.html", text="Continue", prevent_double_click=True).one("button")

    assert button.attrs == {
        "type": "submit",
        "data-prevent-double-click": "true",
        "class": "govuk-button",
        "data-module": "govuk-button",
    }
    assert button.text == "Continue"


def test_a_secondary_button_can_send_a_name_and_value() -> None:
    button = render(
        "button.html", text="Save and come back later", secondary=True, name="action", value="save"
    ).one("button")

    assert button.classes == ["govuk-button", "govuk-button--secondary"]
    assert button.attrs["name"] == "action"
    assert button.attrs["value"] == "save"
    assert "data-prevent-double-click" not in button.attrs


def test_a_start_button_is_a_link_with_the_arrow() -> None:
    root = render("button.html", text="Start now", href="/apply/", start=True)

    link = root.one("a")
    assert link.attrs["href"] == "/apply/"
    assert link.attrs["role"] == "button"
    assert link.attrs["draggable"] == "false"
    assert link.attrs["data-module"] == "govuk-button"
    assert link.classes == ["govuk-button", "govuk-button--start"]
    assert link.one("svg", "govuk-button__start-icon").attrs["aria-hidden"] == "true"
    assert link.text == "Start now"
    assert root.find_all("button") == []


def test_a_back_link_goes_to_the_page_given() -> None:
    link = render("back_link.html", href="/apply/who/").one("a")

    assert link.attrs == {"href": "/apply/who/", "class": "govuk-back-link"}
    assert link.text == "Back"


def test_exit_this_page_is_a_plain_link_that_works_without_javascript() -> None:
    root = render("exit_this_page.html")

    wrapper = root.one("div", "govuk-exit-this-page")
    assert wrapper.attrs["data-module"] == "govuk-exit-this-page"
    link = wrapper.one("a")
    # Through the service's own exit, which ends the session on its way to an everyday page.
    assert link.attrs["href"] == "/leave/"
    assert link.attrs["rel"] == "nofollow noreferrer"
    assert link.attrs["role"] == "button"
    assert link.classes == [
        "govuk-button",
        "govuk-button--warning",
        "govuk-exit-this-page__button",
        "govuk-js-exit-this-page-button",
    ]
    assert link.one("span", "govuk-visually-hidden").text == "Emergency"
    assert link.text == "Emergency Exit this page"


def test_the_confirmation_panel_shows_its_title_as_the_heading_and_a_safe_body() -> None:
    body = format_html("Your reference number<br><strong>{}</strong>", "TV-2024-0001")
    panel = render("panel.html", title="Request sent", body=body).one("div", "govuk-panel")

    assert panel.classes == ["govuk-panel", "govuk-panel--confirmation"]
    assert panel.one("h1", "govuk-panel__title").text == "Request sent"
    assert panel.one("div", "govuk-panel__body").one("strong").text == "TV-2024-0001"


def test_a_panel_escapes_plain_text() -> None:
    panel = render("panel.html", title="Done", body="<script>alert(1)</script>").one("div", "govuk-panel")

    assert panel.find_all("script") == []
    assert panel.one("div", "govuk-panel__body").text == "<script>alert(1)</script>"


# Summary list


def test_a_summary_list_row_says_what_its_change_link_changes() -> None:
    rows = [
        {"key": "Name", "value": "Sam Smith", "change_url": "/apply/you/", "change_hidden": "your name"},
        {"key": "Date of birth", "value": "7 March 1990", "change_url": "/apply/dob/"},
    ]
    root = render("summary_list.html", rows=rows)

    summary = root.one("dl")
    assert summary.classes == ["govuk-summary-list"]
    found = summary.find_all("div", "govuk-summary-list__row")
    assert [row.classes for row in found] == [["govuk-summary-list__row"]] * 2
    first = found[0]
    assert first.one("dt", "govuk-summary-list__key").text == "Name"
    assert first.one("dd", "govuk-summary-list__value").text == "Sam Smith"
    link = first.one("dd", "govuk-summary-list__actions").one("a")
    assert link.classes == ["govuk-link"]
    assert link.attrs["href"] == "/apply/you/"
    assert link.one("span", "govuk-visually-hidden").text == "your name"
    assert link.text == "Change your name"
    assert found[1].one("a").text == "Change date of birth"


def test_a_row_without_a_change_link_lines_up_only_when_others_have_one() -> None:
    mixed = render(
        "summary_list.html",
        rows=[
            {"key": "Reference", "value": "TV-1"},
            {"key": "Name", "value": "Sam", "change_url": "/a/", "change_hidden": "your name"},
            {"key": "Email", "value": "sam@example.com", "change_url": "/b/"},
        ],
    )
    none = render(
        "summary_list.html", rows=[{"key": "Reference", "value": "TV-1"}, {"key": "Status", "value": "Open"}]
    )

    assert [row.classes for row in mixed.find_all("div", "govuk-summary-list__row")] == [
        ["govuk-summary-list__row", "govuk-summary-list__row--no-actions"],
        ["govuk-summary-list__row"],
        ["govuk-summary-list__row"],
    ]
    assert [row.classes for row in none.find_all("div", "govuk-summary-list__row")] == [
        ["govuk-summary-list__row"]
    ] * 2
    assert none.find_all("dd", "govuk-summary-list__actions") == []


def test_a_summary_value_escapes_text_and_shows_safe_html_as_it_is() -> None:
    root = render(
        "summary_list.html",
        rows=[
            {"key": "Where", "value": "Outside <b>number 4</b>"},
            {
                "key": "What happened",
                "value": mark_safe(linebreaks("Shouting <at> night.\n\nMusic until 3am.", autoescape=True)),  # noqa: S308
            },
            {"key": "Address", "value": format_html("{}<br>{}", "1 High Street", "Andover")},
        ],
    )

    values = root.find_all("dd", "govuk-summary-list__value")
    assert values[0].find_all("b") == []
    assert values[0].text == "Outside <b>number 4</b>"
    assert [p.text for p in values[1].find_all("p")] == ["Shouting <at> night.", "Music until 3am."]
    assert values[1].find_all("br") == []
    assert len(values[2].find_all("br")) == 1


# Every component in its error state on one page.

DEMO_PAGE = "\n".join(
    [
        '{% extends "base.html" %}',
        "{% block beforeContent %}",
        '{% include "components/exit_this_page.html" %}',
        '{% include "components/back_link.html" with href="/previous/" %}',
        "{% endblock %}",
        "{% block content %}",
        '{% include "components/error_summary.html" with form=form %}',
        '<form method="post" novalidate>',
        '{% include "components/input.html" with field=form.full_name label="What is your name?"'
        ' label_is_heading=True autocomplete="name" spellcheck=False %}',
        '{% include "components/input.html" with field=form.email type="email"'
        ' hint="We will only use it about this request" %}',
        '{% include "components/textarea.html" with field=form.what_happened'
        ' hint="Say what, when and where" %}',
        '{% include "components/radios.html" with field=form.role legend="Who are you?"'
        " choice_hints=role_hints %}",
        '{% include "components/checkboxes.html" with field=form.agencies legend="Who did you report it to?"'
        " divider_before_last=True %}",
        '{% include "components/date_input.html" with field=form.incident_date legend="When did it happen?"'
        ' hint="For example, 27 3 2024" %}',
        '{% include "components/checkboxes.html" with field=form.confirm'
        ' label="I confirm the information is true" %}',
        '{% include "components/button.html" with text="Continue" prevent_double_click=True %}',
        "</form>",
        '{% include "components/summary_list.html" with rows=rows %}',
        '{% include "components/panel.html" with title="Request sent" body="Reference TV-1" %}',
        "{% endblock %}",
    ]
)


def _demo_page() -> Element:
    template = engines["django"].from_string(DEMO_PAGE)
    html = template.render(
        {
            "form": wrong(),
            "role_hints": {"group": "For example, a residents' association"},
            "rows": [{"key": "Name", "value": "Sam", "change_url": "/you/"}],
        }
    )
    return parse(html)


def test_every_component_in_error_on_one_page_links_up() -> None:
    page = _demo_page()
    ids = page.ids()

    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for element in page.iter():
        assert "style" not in element.attrs, element.tag
        for described in element.described_by():
            assert described in ids, f"aria-describedby points at missing {described}"
        if element.tag == "label":
            assert element.attrs.get("for") in ids, f"label for missing {element.attrs.get('for')}"
    summary_links = page.one("div", "govuk-error-summary").find_all("a")
    assert len(summary_links) == 7
    for link in summary_links:
        target = page.by_id(str(link.attrs["href"]).removeprefix("#"))
        assert target.tag in {"input", "textarea"}
    messages = page.find_all("p", "govuk-error-message")
    assert [m.text.removeprefix("Error: ") for m in messages] == [link.text for link in summary_links]
    assert len(page.find_all("div", "govuk-form-group--error")) == 7


def test_every_field_on_the_demo_page_is_drawn_the_gov_uk_way() -> None:
    page = _demo_page()
    main = page.one("main")

    assert main.one("h1", "govuk-label-wrapper").one("label").text == "What is your name?"
    assert main.one("input", id="id_full_name").attrs["autocomplete"] == "name"
    assert main.one("textarea").classes == ["govuk-textarea", "govuk-textarea--error"]
    assert len(main.find_all("div", "govuk-radios")) == 1
    assert len(main.find_all("div", "govuk-checkboxes")) == 2
    date_boxes = main.one("div", "govuk-date-input").find_all("input")
    assert ["govuk-input--error" in box.classes for box in date_boxes] == [False, True, False]
    assert [box.attrs.get("value") for box in date_boxes] == ["27", "13", "2024"]
    assert main.one("button").attrs["data-module"] == "govuk-button"
    assert main.one("dl", "govuk-summary-list").one("a").text == "Change name"
    assert main.one("div", "govuk-panel").one("h1").text == "Request sent"
    # Exit this page and the back link sit before <main>, so "Skip to main content" skips them.
    assert len(page.find_all("a", "govuk-back-link")) == 1
    assert main.find_all("a", "govuk-back-link") == []
    assert len(page.find_all("div", "govuk-exit-this-page")) == 1
    assert main.find_all("div", "govuk-exit-this-page") == []
