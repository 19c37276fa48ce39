"""The forms of the status pages: finding a request by its reference and status code, and the postcode
asked before withdrawing or escalating."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from community_trigger.common.forms import GovukForm


class StatusLookupForm(GovukForm):
    reference = forms.CharField(
        max_length=30,
        error_messages={"required": _("Enter your reference number")},
    )
    code = forms.CharField(
        max_length=20,
        error_messages={"required": _("Enter your status code")},
    )


class PostcodeForm(GovukForm):
    postcode = forms.CharField(
        max_length=10,
        error_messages={
            "required": _("Enter the postcode you gave in your request"),
            "max_length": _("Enter a real postcode"),
        },
    )
