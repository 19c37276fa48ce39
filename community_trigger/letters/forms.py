"""The form to change the format an applicant needs letters in: it checks shape; the service decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from community_trigger.cases.models import LetterFormat
from community_trigger.common.forms import GovukForm


class LetterFormatChangeForm(GovukForm):
    letter_format = forms.ChoiceField(
        choices=LetterFormat.choices,
        error_messages={
            "required": gettext_lazy("Select the format the applicant needs letters in"),
            "invalid_choice": gettext_lazy("Select the format the applicant needs letters in"),
        },
    )
    language = forms.CharField(
        required=False,
        max_length=100,
        error_messages={"max_length": gettext_lazy("Language must be 100 characters or fewer")},
    )
    reason = forms.CharField(
        max_length=2000,
        error_messages={
            "required": gettext_lazy("Enter why the format is changing"),
            "max_length": gettext_lazy("Reason must be 2000 characters or fewer"),
        },
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("letter_format") == LetterFormat.OTHER_LANGUAGE
            and not cleaned.get("language", "").strip()
        ):
            self.add_error("language", gettext_lazy("Enter the language the applicant needs letters in"))
        return cleaned
