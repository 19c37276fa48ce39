"""The review's forms. They check the shape of what staff type; the services decide what is allowed."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community_trigger.common.forms import GovukDateField, GovukForm
from community_trigger.domain import recommendations as rules
from community_trigger.reviews.models import Attendance, Escalation, VictimInvolvement

YES_NO = [("yes", "Yes"), ("no", "No")]
_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


def read_time(text: str) -> time | None:
    """A time as people type it: 14:30, 9.15, 2pm, 2:30pm. None when it is not a real time."""
    found = _TIME.match(text)
    if not found:
        return None
    hour, minute, half = int(found[1]), int(found[2] or 0), (found[3] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif found[2] is None:
        return None  # "14" alone could be anything
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _choices(field: forms.Field, choices: list[tuple[str, str]]) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class ScheduleForm(GovukForm):
    day = GovukDateField(label=_("Date of the meeting"))
    starts = forms.CharField(
        label=_("Start time"),
        max_length=10,
        error_messages={"required": _("Enter the start time")},
    )
    place = forms.CharField(required=False, max_length=300)
    online_link = forms.URLField(
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": _("Enter the online link as a web address, starting https://")},
    )
    chair = forms.ChoiceField(
        error_messages={"required": _("Select the chair"), "invalid_choice": _("Select the chair")}
    )
    chair_independent = forms.ChoiceField(
        choices=YES_NO, error_messages={"required": _("Say whether the chair is independent")}
    )
    agencies = forms.MultipleChoiceField(
        error_messages={
            "required": _("Select the agencies attending"),
            "invalid_choice": _("Select the agencies attending"),
        }
    )
    panel = forms.MultipleChoiceField(
        required=False, error_messages={"invalid_choice": _("Select the panel from the partnership's staff")}
    )
    victim_involvement = forms.ChoiceField(
        choices=VictimInvolvement.choices,
        error_messages={
            "required": _("Say whether the victim is invited"),
            "invalid_choice": _("Say whether the victim is invited"),
        },
    )
    not_invited_reason = forms.CharField(required=False, max_length=2000)

    def __init__(
        self,
        *args: Any,
        chairs: list[tuple[str, str]],
        agencies: list[tuple[str, str]],
        staff: list[tuple[str, str]],
        asks_why_not_wait: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["chair"], chairs)
        _choices(self.fields["agencies"], agencies)
        _choices(self.fields["panel"], staff)
        if asks_why_not_wait:
            # Only while agencies asked have not answered: the coordinator says why not wait for them.
            self.fields["unanswered_reason"] = forms.CharField(
                max_length=2000,
                error_messages={
                    "required": _("Say why the meeting is going ahead before every agency has answered")
                },
            )

    def clean_starts(self) -> time:
        read = read_time(self.cleaned_data["starts"])
        if read is None:
            raise forms.ValidationError(
                gettext("Enter the start time as a time of day, like 14:30 or 2:30pm")
            )
        return read

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("place") and not data.get("online_link") and "online_link" not in self.errors:
            self.add_error("place", "Enter the place of the meeting, or its online link")
        if data.get("victim_involvement") == VictimInvolvement.NOT_INVITED and not data.get(
            "not_invited_reason"
        ):
            self.add_error("not_invited_reason", "Say why the victim is not invited")
        day, starts = data.get("day"), data.get("starts")
        if isinstance(day, date) and isinstance(starts, time):
            data["starts_at"] = timezone.make_aware(datetime.combine(day, starts))
        return data


class MeetingChangeForm(ScheduleForm):
    reason = forms.CharField(
        max_length=2000, error_messages={"required": _("Say why the meeting is changing")}
    )


class RecordForm(GovukForm):
    attendees = forms.CharField(max_length=5000, error_messages={"required": _("Enter who took part")})
    findings = forms.CharField(max_length=10000, error_messages={"required": _("Enter the panel's findings")})
    further_action_possible = forms.ChoiceField(
        choices=YES_NO, error_messages={"required": _("Say whether further action is possible")}
    )

    def __init__(self, *args: Any, agencies: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = agencies
        for agency in agencies:
            self.fields[f"summary_{agency.pk}"] = forms.CharField(
                label=f"What {agency.name} had done",
                max_length=10000,
                error_messages={"required": f"Sum up what {agency.name} had done"},
            )
            self.fields[f"attendance_{agency.pk}"] = forms.ChoiceField(
                label=f"Did {agency.name} attend?",
                choices=Attendance.choices,
                error_messages={
                    "required": f"Say whether {agency.name} attended",
                    "invalid_choice": f"Say whether {agency.name} attended",
                },
            )

    def attendance_fields(self) -> list[Any]:
        return [self[f"attendance_{agency.pk}"] for agency in self.agencies]

    def attendance(self) -> dict[int, str]:
        return {agency.pk: self.cleaned_data[f"attendance_{agency.pk}"] for agency in self.agencies}

    def summary_fields(self) -> list[Any]:
        return [self[f"summary_{agency.pk}"] for agency in self.agencies]

    def summaries(self) -> dict[int, str]:
        return {agency.pk: self.cleaned_data[f"summary_{agency.pk}"] for agency in self.agencies}


class RecommendationForm(GovukForm):
    owner = forms.ChoiceField(
        error_messages={"required": _("Select who owns it"), "invalid_choice": _("Select who owns it")}
    )
    action = forms.CharField(max_length=2000, error_messages={"required": _("Enter what the agency will do")})
    due_by = GovukDateField(label=_("Due date"))

    def __init__(self, *args: Any, owners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["owner"], owners)


class RecommendationChangeForm(GovukForm):
    action = forms.CharField(max_length=2000, error_messages={"required": _("Enter what the agency will do")})
    due_by = GovukDateField(label=_("Due date"))
    reason = forms.CharField(
        max_length=2000, error_messages={"required": _("Say why the recommendation is changing")}
    )


class RecommendationUpdateForm(GovukForm):
    to = forms.ChoiceField(
        error_messages={
            "required": _("Select what has happened"),
            "invalid_choice": _("Select what has happened"),
        }
    )
    reason = forms.CharField(required=False, max_length=2000)
    note = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args: Any, current: rules.Status, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["to"], [(s.value, rules.LABELS[s]) for s in sorted(rules.MOVES[current])])
        if not any(rules.needs_reason(to) for to in rules.MOVES[current]):
            # Declining is not open from here, so there is nothing to give a reason for.
            del self.fields["reason"]

    @property
    def asks_reason(self) -> bool:
        return "reason" in self.fields

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("to") and rules.needs_reason(rules.Status(data["to"])) and not data.get("reason"):
            self.add_error("reason", "Give the reason for declining it")
        return data


class CommentsForm(GovukForm):
    comments = forms.CharField(
        max_length=10000,
        error_messages={"required": _("Enter the applicant's comments, or that they had none")},
    )


class OutcomeForm(GovukForm):
    summary_for_applicant = forms.CharField(
        max_length=10000,
        error_messages={"required": _("Enter what the review found, in words for the applicant")},
    )


class EscalationForm(GovukForm):
    """What the applicant (or staff for them) says when asking for an escalation."""

    about = forms.ChoiceField(
        choices=Escalation.About.choices,
        error_messages={"required": _("Select what you would like looked at again")},
    )
    grounds = forms.MultipleChoiceField(
        choices=Escalation.Ground.choices,
        error_messages={
            "required": _("Select at least one reason"),
            "invalid_choice": _("Select at least one reason"),
        },
    )
    details = forms.CharField(
        max_length=10000, error_messages={"required": _("Enter what you think went wrong")}
    )


class StaffEscalationForm(EscalationForm):
    """An escalation staff record from a call or a letter: with the day it was received."""

    received_on = GovukDateField(label=_("The day it was received"))

    def clean_received_on(self) -> date:
        day: date = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(gettext("The day it was received must be today or in the past"))
        return day


class EscalationDecisionForm(GovukForm):
    upheld = forms.ChoiceField(
        choices=[("yes", "Upheld: the case goes back for a new decision or review"), ("no", "Not upheld")],
        error_messages={"required": _("Select the decision")},
    )
    reasons = forms.CharField(
        max_length=10000, error_messages={"required": _("Enter the reasons for the decision")}
    )
    refer_to_pcc = forms.BooleanField(required=False)
    pcc_note = forms.CharField(required=False, max_length=2000)
