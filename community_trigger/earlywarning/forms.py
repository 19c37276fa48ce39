"""The forms of the early-warning pages: the list's filter, a step on a finding, a task's answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from community_trigger.common.forms import GovukForm
from community_trigger.earlywarning.models import Kind, State, Step


class FilterForm(GovukForm):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind")), *Kind.choices])
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Any state")), *State.choices]
    )


CHANNELS = [
    ("phone", _("Phone call")),
    ("email", _("Email")),
    ("letter", _("Letter")),
    ("in_person", _("In person")),
]


class StepForm(GovukForm):
    """A coordinator's step on a finding: start a contact, record its outcome, or note it for the
    problem-solving meeting."""

    step = forms.ChoiceField(
        label=_("What happened"),
        choices=[
            (Step.CONTACT_STARTED.value, Step.CONTACT_STARTED.label),
            (Step.TOLD.value, Step.TOLD.label),
            (Step.WANTS_TO_APPLY.value, Step.WANTS_TO_APPLY.label),
            (Step.DOES_NOT_WANT.value, Step.DOES_NOT_WANT.label),
            (Step.COULD_NOT_REACH.value, Step.COULD_NOT_REACH.label),
            (Step.NOTE.value, Step.NOTE.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what happened")},
    )
    with_whom = forms.CharField(
        label=_("Who makes the contact"),
        help_text=_("An agency officer (give their name and agency) or you."),
        required=False,
        max_length=200,
    )
    how = forms.ChoiceField(label=_("How"), choices=[("", _("Not applicable")), *CHANNELS], required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("step") == Step.CONTACT_STARTED and not data.get("with_whom"):
            self.add_error("with_whom", _("Enter who makes the contact"))
        if data.get("step") == Step.NOTE and not data.get("note"):
            self.add_error("note", _("Enter the note for the problem-solving meeting"))
        return data


class TaskForm(GovukForm):
    """An agency officer's answer to a second-report task: done (which channel), or declined (why)."""

    answer = forms.ChoiceField(
        label=_("What did you do"),
        choices=[
            (Step.TASK_DONE.value, _("I told the person")),
            (Step.TASK_DECLINED.value, _("I decline this task")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what you did")},
    )
    how = forms.ChoiceField(label=_("Channel used"), choices=[("", _("Choose")), *CHANNELS], required=False)
    reason = forms.CharField(
        label=_("Reason, or a note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == Step.TASK_DONE and not data.get("how"):
            self.add_error("how", _("Select the channel you used"))
        if data.get("answer") == Step.TASK_DECLINED and not data.get("reason"):
            self.add_error("reason", _("Enter why you decline the task"))
        return data
