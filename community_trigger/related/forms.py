"""The forms for recording places and alleged perpetrators, and for linking two cases: they check
shape (a UK postcode, a UPRN of up to 12 digits); the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from community_trigger.common.forms import GovukForm
from community_trigger.common.search_keys import postcode_format, uprn_clean

POSTCODE_WRONG = gettext_lazy("Enter a full UK postcode, like SO51 8AB")


def _postcode(value: str) -> str:
    if not value.strip():
        return ""
    formatted = postcode_format(value)
    if formatted is None:
        raise ValidationError(POSTCODE_WRONG)
    return formatted


class PlaceForm(GovukForm):
    address = forms.CharField(
        max_length=300,
        error_messages={
            "required": gettext_lazy("Enter the address or the name of the place"),
            "max_length": gettext_lazy("Address must be 300 characters or fewer"),
        },
    )
    postcode = forms.CharField(required=False, max_length=10, error_messages={"max_length": POSTCODE_WRONG})
    uprn = forms.CharField(
        required=False,
        max_length=20,
        error_messages={"max_length": gettext_lazy("Enter a UPRN of up to 12 digits")},
    )

    def clean_postcode(self) -> str:
        return _postcode(self.cleaned_data["postcode"])

    def clean_uprn(self) -> str:
        value = self.cleaned_data["uprn"]
        if not value.strip():
            return ""
        number = uprn_clean(value)
        if number is None:
            raise ValidationError(gettext_lazy("Enter a UPRN of up to 12 digits"))
        return number


class PerpetratorForm(GovukForm):
    names = forms.CharField(
        required=False,
        max_length=300,
        error_messages={"max_length": gettext_lazy("Names must be 300 characters or fewer")},
    )
    description = forms.CharField(
        required=False,
        max_length=2000,
        error_messages={"max_length": gettext_lazy("Description must be 2000 characters or fewer")},
    )
    address = forms.CharField(
        required=False,
        max_length=300,
        error_messages={"max_length": gettext_lazy("Address must be 300 characters or fewer")},
    )
    postcode = forms.CharField(required=False, max_length=10, error_messages={"max_length": POSTCODE_WRONG})

    def clean_postcode(self) -> str:
        return _postcode(self.cleaned_data["postcode"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("names", "").strip() and not cleaned.get("description", "").strip():
            self.add_error("names", gettext_lazy("Enter a name, or describe them"))
        return cleaned


class LinkForm(GovukForm):
    other = forms.CharField(
        max_length=30,
        error_messages={
            "required": gettext_lazy("Enter the reference of the case to link, like TVP-2026-0007"),
            "max_length": gettext_lazy("Enter a case reference, like TVP-2026-0007"),
        },
    )
    reason = forms.CharField(
        max_length=2000,
        error_messages={
            "required": gettext_lazy("Enter why the cases are linked"),
            "max_length": gettext_lazy("Reason must be 2000 characters or fewer"),
        },
    )

    def clean_other(self) -> str:
        return str(self.cleaned_data["other"]).strip().upper()
