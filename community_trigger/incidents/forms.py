"""The forms of the incident pages: they check shape; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext, gettext_lazy

from community_trigger.agencies.models import Agency
from community_trigger.common.forms import GovukDateField, GovukForm
from community_trigger.imports.forms import SpreadsheetField
from community_trigger.incidents.checks import FIELDS, REQUIRED
from community_trigger.incidents.models import Category, LinkDecision


class AgencyChoiceField(forms.ModelChoiceField[Agency]):
    def label_from_instance(self, obj: Agency) -> str:
        return f"{obj.name} ({obj.partnership.name})"


class UploadForm(GovukForm):
    agency = AgencyChoiceField(
        queryset=Agency.objects.none(),
        label=gettext_lazy("Which agency are the records from?"),
        empty_label=None,
        error_messages={"required": gettext_lazy("Select the agency the records are from")},
    )
    file = SpreadsheetField(
        label=gettext_lazy("Upload the agency's incident records"),
        help_text=gettext_lazy("A CSV or XLSX file, smaller than 40 MB, one incident a row, headers first"),
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField[Agency], self.fields["agency"]).queryset = agencies


class MappingForm(GovukForm):
    """One choice per field of ours: which of the file's columns holds it."""

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", gettext("Not in the file")), *((header, header) for header in headers)]
        for name, field in FIELDS.items():
            self.fields[name] = forms.ChoiceField(
                label=field.label,
                choices=choices,
                required=name in REQUIRED,
                error_messages={
                    "required": gettext("Choose the column that holds the %(what)s")
                    % {"what": str(field.label).lower()}
                },
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        used: dict[str, str] = {}
        for name in FIELDS:
            header = cleaned.get(name)
            if not header:
                continue
            if header in used:
                self.add_error(
                    name,
                    gettext("“%(header)s” is chosen for %(other)s too: choose one column for each")
                    % {"header": header, "other": str(FIELDS[used[header]].label).lower()},
                )
            else:
                used[header] = name
        return cleaned

    def columns(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in FIELDS}


class FilterForm(GovukForm):
    agency = forms.TypedChoiceField(
        label=gettext_lazy("Agency"), required=False, coerce=int, empty_value=None
    )
    category = forms.ChoiceField(
        label=gettext_lazy("Category"),
        required=False,
        choices=[("", gettext_lazy("Any category")), *Category.choices],
    )
    reference = forms.CharField(label=gettext_lazy("Agency reference"), required=False, max_length=100)
    since = GovukDateField(label=gettext_lazy("From date"), required=False)
    until = GovukDateField(label=gettext_lazy("To date"), required=False)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["agency"])
        field.choices = [("", gettext("Any agency")), *((agency.pk, str(agency)) for agency in agencies)]


class IntakeForm(GovukForm):
    agreement_reference = forms.CharField(
        label=gettext_lazy("Information sharing agreement reference"),
        help_text=gettext_lazy(
            "The agreement under which the agencies share incident records: the lawful basis"
        ),
        max_length=100,
        error_messages={"required": gettext_lazy("Enter the information sharing agreement's reference")},
    )
    agreement_review_date = GovukDateField(label=gettext_lazy("Date the agreement is next reviewed"))
    retention_months = forms.IntegerField(
        label=gettext_lazy("Months to keep a record not linked to a case"),
        help_text=gettext_lazy("From the day the incident happened; 12 unless the agreement says otherwise"),
        min_value=1,
        max_value=120,
        error_messages={
            "required": gettext_lazy("Enter how many months to keep a record"),
            "invalid": gettext_lazy("Months to keep a record must be a whole number, like 12"),
            "min_value": gettext_lazy("Months to keep a record must be 1 or more"),
            "max_value": gettext_lazy("Months to keep a record must be 120 or fewer"),
        },
    )


class TokenForm(GovukForm):
    agency = AgencyChoiceField(
        queryset=Agency.objects.none(),
        label=gettext_lazy("Which agency will use it?"),
        empty_label=None,
        error_messages={"required": gettext_lazy("Select the agency that will use the token")},
    )
    name = forms.CharField(
        label=gettext_lazy("What will use it"),
        help_text=gettext_lazy("For example, “Police records system”"),
        max_length=100,
        error_messages={"required": gettext_lazy("Enter what will use the token")},
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField[Agency], self.fields["agency"]).queryset = agencies


class LinkDecisionForm(GovukForm):
    """A coordinator's word on the link the page shows: the same person, or two."""

    decision = forms.ChoiceField(
        choices=LinkDecision.Decision.choices,
        widget=forms.RadioSelect,
        label=gettext_lazy("Are these the same person?"),
        error_messages={"required": gettext_lazy("Select whether these are the same person")},
    )
    reason = forms.CharField(
        max_length=500,
        label=gettext_lazy("Why"),
        error_messages={"required": gettext_lazy("Enter why")},
    )
