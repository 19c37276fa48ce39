"""Invisible characters in what people type: format characters (a right-to-left override makes
"Mallory\u202egnp.exe" print as "Malloryexe.png") and control characters are taken out of every text
field of every form, public and staff, before the form checks it."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date

import pytest
from accounts.people import verified
from applications.builders import NOON, Journey, draft, in_session, partnership, your_details_post
from deadlines.cases import asked, person
from django import forms
from django.http import QueryDict
from django.test import Client

import community_trigger
from community_trigger.common.forms import GovukForm, PlainTextFormMixin
from community_trigger.sharing.models import DueDateChange

pytestmark = pytest.mark.time_machine(NOON, tick=False)

RLO_NAME = "Mallory\u202egnp.exe"
INVISIBLE = [
    "\u202a",  # left-to-right embedding ...
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",  # ... right-to-left override
    "\u2066",  # left-to-right isolate ...
    "\u2067",
    "\u2068",
    "\u2069",  # ... pop directional isolate
    "\u200b",  # zero width space
    "\u200c",
    "\u200d",
    "\u200e",  # left-to-right mark
    "\u200f",
    "\u061c",  # Arabic letter mark
    "\ufeff",  # byte order mark
    "\u00ad",  # soft hyphen
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",  # a C1 control
    "\x9b",
]


class NoteForm(GovukForm):
    name = forms.CharField()
    note = forms.CharField(required=False)
    secret = forms.CharField(required=False, widget=forms.PasswordInput)
    email = forms.EmailField(required=False)


@pytest.mark.parametrize("character", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_each_invisible_character_is_taken_out(character: str) -> None:
    form = NoteForm(data={"name": f"Mal{character}lory", "email": f"mal{character}@example.com"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "Mallory"
    assert form.cleaned_data["email"] == "mal@example.com"


def test_a_right_to_left_override_cannot_disguise_a_name() -> None:
    form = NoteForm(data={"name": RLO_NAME})

    assert form.is_valid()
    assert form.cleaned_data["name"] == "Mallorygnp.exe"


def test_line_breaks_and_tabs_are_kept() -> None:
    form = NoteForm(data={"name": "Mallory", "note": "First line\r\n\tSecond line"})

    assert form.is_valid()
    assert form.cleaned_data["note"] == "First line\r\n\tSecond line"


def test_line_and_paragraph_separators_become_line_breaks() -> None:
    form = NoteForm(data={"name": "Mallory", "note": "One\u2028Two\u2029Three"})

    assert form.is_valid()
    assert form.cleaned_data["note"] == "One\nTwo\nThree"


def test_letters_of_every_script_and_emoji_are_kept() -> None:
    typed = "Zoë Ó Súilleabháin, محمد, 山田, 🏳️‍🌈"
    form = NoteForm(data={"name": typed})

    assert form.is_valid()
    # The zero width joiner inside the flag goes; everything visible stays.
    assert form.cleaned_data["name"] == typed.replace("\u200d", "")


def test_a_field_with_nothing_but_invisible_characters_is_empty() -> None:
    form = NoteForm(data={"name": "\u202e\u200b"})

    assert not form.is_valid()
    assert form.errors["name"] == ["This field is required."]


def test_a_password_is_left_exactly_as_typed() -> None:
    form = NoteForm(data={"name": "Mallory", "secret": "pass\u200bword"})

    assert form.is_valid()
    assert form.cleaned_data["secret"] == "pass\u200bword"


def test_a_posted_query_dict_is_cleaned_too_and_the_request_is_left_alone() -> None:
    posted = QueryDict(mutable=True)
    posted.setlist("name", [RLO_NAME])

    form = NoteForm(data=posted)

    assert form.is_valid()
    assert form.cleaned_data["name"] == "Mallorygnp.exe"
    assert form["name"].value() == "Mallorygnp.exe"
    assert posted["name"] == RLO_NAME


def _form_classes() -> set[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(community_trigger.__path__, "community_trigger."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)
    found: set[type[forms.BaseForm]] = set()
    unseen: list[type[forms.BaseForm]] = [forms.BaseForm]
    while unseen:
        for subclass in unseen.pop().__subclasses__():
            unseen.append(subclass)
            if subclass.__module__.startswith("community_trigger."):
                found.add(subclass)
    return found


def test_every_form_in_the_product_takes_invisible_characters_out() -> None:
    classes = _form_classes()

    assert len(classes) > 30  # the walk found the forms
    assert (
        sorted(
            f"{cls.__module__}.{cls.__qualname__}"
            for cls in classes
            if not issubclass(cls, PlainTextFormMixin)
        )
        == []
    )


# Through the pages ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_name_typed_on_the_public_journey_is_kept_without_the_override(client: Client) -> None:
    tvp = partnership()
    in_session(client, draft(tvp, {"role": "victim", "consent": "yes"}))

    Journey(client).answer("your-details/", your_details_post(name=RLO_NAME, town="And\u200bover"))

    kept = Journey(client).draft().answers["you"]
    assert (kept["name"], kept["town"]) == ("Mallorygnp.exe", "Andover")


@pytest.mark.django_db
def test_a_reason_typed_on_a_staff_page_is_kept_without_the_override(client: Client) -> None:
    case = asked(partnership(), "police", due_by=date(2026, 11, 24))
    request = case.information_requests.get(agency__kind="police")
    verified(client, person("coordinator"))

    response = client.post(
        f"/staff/cases/{case.reference}/information-requests/{request.pk}/due-date/",
        {
            "due_by-day": "27",
            "due_by-month": "11",
            "due_by-year": "2026",
            "reason": "Agreed with \u202eecilop\u202c the police.\r\nSecond line.",
        },
    )

    assert response.status_code == 302
    assert DueDateChange.objects.get().reason == "Agreed with ecilop the police.\r\nSecond line."
