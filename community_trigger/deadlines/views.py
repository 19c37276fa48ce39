"""The back office's "Due and overdue" page: what is due on the cases this member of staff may see."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from community_trigger.accounts.decorators import staff_required
from community_trigger.casefile.selectors import due_list_for
from community_trigger.common.forms import GovukForm
from community_trigger.deadlines.sources import SOURCES

EVERYTHING = "all"


class DueFilterForm(GovukForm):
    kind = forms.ChoiceField(
        required=False,
        initial=EVERYTHING,
        choices=[(EVERYTHING, "Everything")] + [(source.kind, source.label) for source in SOURCES],
        error_messages={"invalid_choice": gettext_lazy("Select what to show")},
    )


@staff_required
def due_list(request: HttpRequest) -> HttpResponse:
    """Overdue first, then due today, then coming up; each with its working days left or overdue."""
    form = DueFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    today = timezone.localdate()
    items = due_list_for(request.user, today=today, kind=None if kind in ("", EVERYTHING) else kind)
    sections = [
        ("Overdue", "Nothing is overdue.", [item for item in items if item.overdue]),
        ("Due today", "Nothing is due today.", [item for item in items if item.due_today]),
        (
            "Coming up",
            "Nothing else is due.",
            [item for item in items if not item.overdue and not item.due_today],
        ),
    ]
    return render(request, "deadlines/due_list.html", {"form": form, "sections": sections})
