"""The forms of an agency's answer to an information request: in the service, through the secure link,
or recorded by the coordinator. Each asks the same: a check of each report listed against the agency,
then what it did and knows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from community_trigger.cases.models import Report
from community_trigger.common.dates import long_date
from community_trigger.common.forms import GovukDateField, GovukForm
from community_trigger.sharing.models import ReceivedVia, ReportCheck


class InformationAnswerForm(GovukForm):
    """An agency's answer: a check of each report listed against it, then what it did and knows."""

    asked_first: tuple[str, ...] = ()

    action_taken = forms.CharField(
        max_length=10000, error_messages={"required": gettext_lazy("Enter the action your organisation took")}
    )
    outcome = forms.CharField(
        max_length=10000, error_messages={"required": gettext_lazy("Enter the outcome of that action")}
    )
    other_history = forms.CharField(required=False, max_length=10000)
    risk = forms.CharField(required=False, max_length=10000)
    risk_sensitive = forms.BooleanField(required=False)

    def __init__(self, *args: Any, reports: list[Report], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reports = reports
        for report in reports:
            self.fields[f"finding_{report.pk}"] = forms.ChoiceField(
                choices=ReportCheck.Finding.choices,
                error_messages={
                    "required": f"Select what you found for the report of {long_date(report.date)}"
                },
            )
            self.fields[f"reference_{report.pk}"] = forms.CharField(required=False, max_length=100)
            self.fields[f"note_{report.pk}"] = forms.CharField(required=False, max_length=2000)
        # The error summary lists the errors in the order the page asks: who answers (when the form
        # asks), then each report's check, then what the agency did.
        checks = [f"{part}_{report.pk}" for report in reports for part in ("finding", "reference", "note")]
        self.order_fields([*self.asked_first, *checks])

    def report_fields(self) -> list[tuple[Report, Any, Any, Any]]:
        return [
            (report, self[f"finding_{report.pk}"], self[f"reference_{report.pk}"], self[f"note_{report.pk}"])
            for report in self.reports
        ]

    def checks(self) -> dict[int, dict[str, str]]:
        data = self.cleaned_data
        return {
            report.pk: {
                "finding": data[f"finding_{report.pk}"],
                "their_reference": data[f"reference_{report.pk}"],
                "note": data[f"note_{report.pk}"],
            }
            for report in self.reports
        }

    def answer_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "checks": self.checks(),
            "action_taken": data["action_taken"],
            "outcome": data["outcome"],
            "other_history": data["other_history"],
            "risk": data["risk"],
            "risk_sensitive": data["risk_sensitive"],
        }


class LinkAnswerForm(InformationAnswerForm):
    """The answer through the secure link: the same, and who is answering."""

    asked_first = ("sender_name", "sender_role")

    sender_name = forms.CharField(
        max_length=200, error_messages={"required": gettext_lazy("Enter your name")}
    )
    sender_role = forms.CharField(
        max_length=200, error_messages={"required": gettext_lazy("Enter your role or team")}
    )


class RecordAnswerForm(InformationAnswerForm):
    """An answer the agency sent by email, phone or letter, or gave at a meeting: who sent it, in what
    role, when and how it came, and the answer as sent."""

    asked_first = ("sender_name", "sender_role", "received_on", "received_via")

    sender_name = forms.CharField(
        max_length=200,
        error_messages={"required": gettext_lazy("Enter the name of the person who sent the answer")},
    )
    sender_role = forms.CharField(required=False, max_length=200)
    received_on = GovukDateField(label=gettext_lazy("Day it was received"), past_or_today=True)
    received_via = forms.ChoiceField(
        choices=ReceivedVia.choices,
        error_messages={
            "required": gettext_lazy("Select how the answer came"),
            "invalid_choice": gettext_lazy("Select how the answer came"),
        },
    )
    # The email or letter itself goes with the answer: the next page takes the file, with every check
    # a document gets (documents.services), once the answer it belongs to is recorded.
    attach = forms.ChoiceField(
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
        error_messages={
            "required": gettext_lazy("Select whether you have the email or letter to attach"),
            "invalid_choice": gettext_lazy("Select whether you have the email or letter to attach"),
        },
    )
