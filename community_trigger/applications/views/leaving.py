"""Leaving no trace: delete this browser's answers and its session, for someone on a shared device."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from community_trigger.applications.services import draft_discard
from community_trigger.applications.views.context import partnership_or_404, session_draft

# Where "Exit this page" ends up: an everyday page that gives nothing away (GOV.UK's default).
EXIT_TO = "https://www.bbc.co.uk/weather"


def leave(request: HttpRequest) -> HttpResponse:
    """ "Exit this page" (the button, or Shift pressed three times) comes here on its way out: the
    session is ended, so Back shows no answers, only the start page. The draft stays on the server,
    where the saved link or code finds it again; the browser is asked to drop its cache and cookies
    for the site too."""
    request.session.flush()
    response = redirect(EXIT_TO)
    response["Clear-Site-Data"] = '"cache", "cookies"'
    return response


@require_http_methods(["GET", "POST"])
def forget(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask "are you sure?", then delete the draft and everything the session held. Only a POST that
    confirms deletes: the button on every question page leads here first, as nothing brings it back."""
    partnership = partnership_or_404(slug)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        draft = session_draft(request, partnership)
        if draft is not None:
            draft_discard(draft=draft)
        # The whole session goes, with a new id: nothing in it is left for whoever uses the device next.
        request.session.flush()
        return redirect("applications:forgotten", slug=slug)
    return render(
        request,
        "applications/forget.html",
        {"partnership": partnership, "has_draft": session_draft(request, partnership) is not None},
    )


def forgotten(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "applications/forgotten.html", {"partnership": partnership_or_404(slug)})
