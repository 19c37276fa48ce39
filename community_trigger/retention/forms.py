"""The coordinators' retention forms: a legal hold placed on a case, and lifted, each with its reason."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from community_trigger.common.forms import GovukForm


class HoldForm(GovukForm):
    reference = forms.CharField(
        label=_("Case reference"),
        max_length=30,
        help_text=_("For example, TVP-2026-0007"),
        error_messages={"required": _("Enter the case's reference")},
    )
    reason = forms.CharField(
        label=_("Why is the case to be held?"),
        widget=forms.Textarea,
        help_text=_(
            "For example, a court case or an inquiry that needs it. Only the partnership's staff see this."
        ),
        error_messages={"required": _("Say why the case is to be held")},
    )


class LiftForm(GovukForm):
    reason = forms.CharField(
        label=_("Why is the hold lifted?"),
        widget=forms.Textarea,
        help_text=_("Once lifted, the retention schedule applies to the case again."),
        error_messages={"required": _("Say why the hold is lifted")},
    )
