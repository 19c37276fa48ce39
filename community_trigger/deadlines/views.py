"""The back office's "Due and overdue" page: what is due on the cases this member of staff may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from community_trigger.accounts.decorators import staff_required
from community_trigger.agencies.models import Agency
from community_trigger.agencies.selectors import StaffAccess
from community_trigger.common.forms import GovukForm
from community_trigger.deadlines.selectors import DEFAULT_DUE_SORT, DueFilters, due_page_for, due_sort_of
from community_trigger.deadlines.sources import SOURCES

EVERYTHING = "all"
PAGE_SIZE = 50
# The filters, in the order their tags are shown; none is personal, so they travel in the address.
FILTERS = ("kind", "mine", "agency", "overdue")


class DueFilterForm(GovukForm):
    kind = forms.ChoiceField(
        required=False,
        initial=EVERYTHING,
        choices=[(EVERYTHING, gettext_lazy("Everything"))]
        + [(source.kind, source.label) for source in SOURCES],
        error_messages={"invalid_choice": gettext_lazy("Select what to show")},
    )
    mine = forms.BooleanField(required=False)
    agency = forms.ChoiceField(
        required=False,
        choices=[],
        error_messages={"invalid_choice": gettext_lazy("Select an agency from the list")},
    )
    overdue = forms.BooleanField(required=False)

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = agencies
        field = self.fields["agency"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", gettext_lazy("Any agency"))] + [
            (str(agency.pk), agency.name) for agency in agencies
        ]


@dataclass(frozen=True)
class SelectedFilter:
    """One filter in use, as a tag that removes it (MoJ's filter pattern)."""

    heading: str
    text: str
    remove: str


def _address(params: dict[str, str]) -> str:
    query = QueryDict(mutable=True)
    query.update({name: value for name, value in params.items() if value})
    return f"{reverse('deadlines:due')}?{query.urlencode()}" if query else reverse("deadlines:due")


def _selected(form: DueFilterForm, params: dict[str, str]) -> list[SelectedFilter]:
    """The filters in use, in words, each with the address of the page without it."""
    if not form.is_valid():
        return []
    data = form.cleaned_data
    kinds = {source.kind: str(source.label) for source in SOURCES}
    agencies = {str(agency.pk): agency.name for agency in form.agencies}
    shown = {
        "kind": (gettext("Show"), kinds.get(data["kind"], "")),
        "mine": (gettext("Whose"), gettext("Mine") if data["mine"] else ""),
        "agency": (gettext("Agency"), agencies.get(data["agency"], "") if data["agency"] else ""),
        "overdue": (gettext("Due"), gettext("Overdue only") if data["overdue"] else ""),
    }
    return [
        SelectedFilter(heading, text, _address({**params, name: ""}))
        for name, (heading, text) in shown.items()
        if text
    ]


@staff_required
def due_list(request: HttpRequest) -> HttpResponse:
    """What is due on the cases this member of staff may see, longest overdue first unless sorted
    otherwise, 50 a page, with filters (MoJ's filter layout) and each item's working days left or
    overdue. Sorting, filtering and paging are the database's, so that they cover every page and a
    page costs the same however much is due."""
    # The agencies of the partnerships this member of staff works in, not of every case they see: one
    # small query however many cases there are.
    partnerships = list(StaffAccess(request.user).roles)
    agencies = list(Agency.objects.filter(partnership_id__in=partnerships).order_by("name", "pk"))
    form = DueFilterForm(
        request.GET if any(name in request.GET for name in FILTERS) else None, agencies=agencies
    )
    data = form.cleaned_data if form.is_valid() else {}
    kind = data.get("kind") or EVERYTHING
    today = timezone.localdate()
    key, descending = due_sort_of(request.GET.get("sort"))
    sort = "" if (key, descending) == (DEFAULT_DUE_SORT, False) else f"{'-' if descending else ''}{key}"
    page = due_page_for(
        request.user,
        today=today,
        filters=DueFilters(
            kind=None if kind == EVERYTHING else kind,
            mine=bool(data.get("mine")),
            agency=int(data["agency"]) if data.get("agency") else None,
            overdue=bool(data.get("overdue")),
        ),
        sort=sort,
        number=request.GET.get("page"),
        per_page=PAGE_SIZE,
    )
    # What the address keeps: the filters as given (so the form shows them, errors and all) and the sort.
    params = {name: request.GET.get(name, "") for name in FILTERS}
    params["kind"] = "" if params["kind"] == EVERYTHING else params["kind"]
    return render(
        request,
        "deadlines/due_list.html",
        {
            "form": form,
            "page": page,
            "params": {name: value for name, value in params.items() if value},
            "query": _address({**params, "sort": sort}).partition("?")[2],
            "sort": sort,
            "sort_key": key,
            "sort_order": "descending" if descending else "ascending",
            "selected": _selected(form, {**params, "sort": sort}),
            "cleared": _address({"sort": sort}),
        },
    )
