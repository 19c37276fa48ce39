"""The case diary's pages: a case's whole diary, page by page, and adding a note or logging a contact."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from community_trigger.accounts.decorators import staff_required
from community_trigger.casefile.selectors import case_form_for
from community_trigger.cases.selectors import case_actions_for
from community_trigger.common.forms import GovukDateField, GovukForm
from community_trigger.diary.models import Direction, EntryKind, Visibility
from community_trigger.diary.selectors import diary_page_for, diary_reader
from community_trigger.diary.services import (
    SUMMARY_LIMIT,
    WITH_WHOM_LIMIT,
    DiaryEntryRefused,
    diary_entry_add,
)
from community_trigger.domain.actions import Action
from community_trigger.reviews.forms import read_time

PAGE_SIZE = 20

# The service names what is wrong by the entry's fields; the form asks for when in two.
_FIELD_OF = {"happened_at": "at", "": None}


class EntryForm(GovukForm):
    """A note or a contact: the shape of what was typed; the service decides the rest."""

    kind = forms.ChoiceField(
        choices=EntryKind.choices,
        error_messages={
            "required": _("Select what kind of entry this is"),
            "invalid_choice": _("Select what kind of entry this is"),
        },
    )
    direction = forms.ChoiceField(
        required=False,
        choices=Direction.choices,
        error_messages={"invalid_choice": _("Say whether the contact was received or made")},
    )
    with_whom = forms.CharField(required=False, max_length=WITH_WHOM_LIMIT)
    day = GovukDateField(label=_("Date it happened"), past_or_today=True)
    at = forms.CharField(
        label=_("Time"), max_length=10, error_messages={"required": _("Enter the time it happened")}
    )
    summary = forms.CharField(
        max_length=SUMMARY_LIMIT,
        error_messages={
            "required": _("Enter a summary"),
            "max_length": _("The summary must be %(limit_value)d characters or fewer"),
        },
    )
    visibility = forms.ChoiceField(
        choices=Visibility.choices,
        error_messages={
            "required": _("Select who may read it"),
            "invalid_choice": _("Select who may read it"),
        },
    )

    def clean_at(self) -> time:
        read = read_time(self.cleaned_data["at"])
        if read is None:
            raise forms.ValidationError(gettext("Enter the time as a time of day, like 14:30 or 2:30pm"))
        return read

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind and kind != EntryKind.NOTE:
            if not data.get("direction") and "direction" not in self.errors:
                self.add_error("direction", gettext("Say whether the contact was received or made"))
            if not data.get("with_whom") and "with_whom" not in self.errors:
                self.add_error("with_whom", gettext("Enter who the contact was with"))
        day, at = data.get("day"), data.get("at")
        if isinstance(day, date) and isinstance(at, time):
            data["happened_at"] = timezone.make_aware(datetime.combine(day, at))
            if data["happened_at"] > timezone.now():
                self.add_error("at", gettext("The time must be now or in the past"))
        return data


@staff_required
@require_GET
def diary(request: HttpRequest, reference: str) -> HttpResponse:
    """Every entry of the case's diary this member of staff may read, newest first, page by page,
    of one kind if they choose one."""
    kind = request.GET.get("kind", "")
    case, page = diary_page_for(
        request.user, reference, kind=kind, number=request.GET.get("page"), per_page=PAGE_SIZE
    )
    actions = case_actions_for(request.user, case)
    return render(
        request,
        "diary/diary.html",
        {
            "case": case,
            "page": page,
            "kind": kind if kind in EntryKind.values else "",
            "kinds": EntryKind.choices,
            "may_write": actions[Action.WRITE_IN_DIARY].available,
            # Coordinators add documents to any entry; others to their own (documents.selectors).
            "attach_all": diary_reader(request.user, case).reads_all,
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def entry_add(request: HttpRequest, reference: str) -> HttpResponse:
    """Add a note to the case, or log a contact about it."""
    view = case_form_for(request.user, reference, Action.WRITE_IN_DIARY, detail="case diary entry")
    if not view.actions[Action.WRITE_IN_DIARY]:
        # They see the case (their agency has a recommendation on it) but were not asked about it.
        raise PermissionDenied
    form = EntryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            diary_entry_add(
                application=view.case,
                actor=request.user,
                kind=data["kind"],
                direction=data["direction"],
                with_whom=data["with_whom"],
                happened_at=data["happened_at"],
                summary=data["summary"],
                visibility=data["visibility"],
            )
            return redirect("diary:list", reference=reference)
        except DiaryEntryRefused as refused:
            form.add_error(_FIELD_OF.get(refused.field, refused.field), str(refused))
    return render(
        request,
        "diary/entry_add.html",
        {
            "case": view.case,
            "form": form,
            "visibility_hints": {
                Visibility.COORDINATORS.value: gettext(
                    "Only the partnership's coordinators, and you, can read it"
                ),
                Visibility.AGENCIES.value: gettext(
                    "Every agency on the case, the panel chair and the auditor can read it"
                ),
            },
        },
    )
