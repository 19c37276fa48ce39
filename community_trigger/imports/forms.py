"""The spreadsheet upload field both uploads use (past cases, and agencies' incident records)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from community_trigger.imports.sheets import upload_refusal


class SpreadsheetField(forms.FileField):
    """A CSV or XLSX file under the size limit (imports.sheets), refused with the GOV.UK messages."""

    default_error_messages = {
        "required": gettext_lazy("Select a CSV or XLSX file"),
        "empty": gettext_lazy("The selected file is empty"),
    }

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        refusal = upload_refusal(upload.name, upload.size) if upload else None
        if refusal:
            raise forms.ValidationError(refusal)
        return upload
