"""The banner after a step: when a member of staff's POST records events on a case and redirects, the
next page says what happened, in the case history's own words, with the case's reference. One place
for every step, so no view writes its own confirmation and none forgets one."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext

from community_trigger.cases.history import event_words, events_noted
from community_trigger.cases.models import CaseEvent


def _said(noted: list[int]) -> list[str]:
    """One sentence per case the kept events are about: its reference, then each thing done once."""
    # Events of a transaction that was rolled back were noted but are not there: they did not happen.
    kept = CaseEvent.objects.filter(pk__in=noted).select_related("application").order_by("pk")
    by_case: dict[str, list[str]] = {}
    for event in kept:
        said = by_case.setdefault(event.application.reference, [])
        words = event_words(event)
        if words not in said:
            said.append(words)
    return [
        gettext("%(reference)s: %(what)s") % {"reference": reference, "what": "; ".join(said)}
        for reference, said in by_case.items()
    ]


def step_banner(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """After MessageMiddleware and the sign-in: a signed-in person's POST that recorded events and
    redirected (post/redirect/get) leaves a success message for each case it changed, unless the view
    left a message of its own (an import, an entry, a password: they say it in their own words)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        storage = getattr(request, "_messages", None)
        if request.method != "POST" or storage is None or not request.user.is_authenticated:
            return get_response(request)
        before = len(storage)
        with events_noted() as noted:
            response = get_response(request)
        if noted and response.status_code in (301, 302, 303) and len(storage) == before:
            for said in _said(noted):
                messages.success(request, said)
        return response

    return middleware
