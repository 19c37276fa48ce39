"""The forms of the data protection pages: the access report's search, an alert's review, and who takes
over a leaving member of staff's cases."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from community_trigger.common.forms import GovukForm


class AccessReportForm(GovukForm):
    """A case by its reference, or a person by their name, email address or phone number."""

    reference = forms.CharField(label=_("Case reference"), required=False, max_length=30)
    person = forms.CharField(
        label=_("Name, email address or phone number of a person"),
        help_text=_("Finds the cases they are in, even when their name was typed a little differently"),
        required=False,
        max_length=200,
    )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if not cleaned.get("reference", "").strip() and not cleaned.get("person", "").strip():
            self.add_error("reference", _("Enter a case reference, or a person's name, email or phone"))
        return cleaned


class AlertReviewForm(GovukForm):
    note = forms.CharField(
        label=_("What you found"),
        help_text=_("For example, who you spoke to and why the access was or was not needed"),
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": _("Enter what you found")},
    )


# The choice that hands each case on by the partnership's own rule, as a new case would be given.
BY_RULE = "rule"


class LeavingForm(GovukForm):
    """Who takes over the leaving member of staff's cases: one coordinator, or the partnership's rule."""

    successor = forms.ChoiceField(
        label=_("Who should take over their cases?"),
        error_messages={"required": _("Select who should take over their cases")},
    )

    def __init__(self, *args: Any, coordinators: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.coordinators = {str(user.pk): user for user in coordinators}
        field = self.fields["successor"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (BY_RULE, _("As new cases are given (the partnership's owner rule)")),
            *((key, user.get_full_name() or user.get_username()) for key, user in self.coordinators.items()),
        ]
        field.initial = BY_RULE

    def successor_user(self) -> Any:
        return self.coordinators.get(self.cleaned_data["successor"])
