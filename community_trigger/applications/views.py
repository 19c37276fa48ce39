"""Public pages: what a case review is, and (later) the online request journey."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from community_trigger.agencies.selectors import partnership_list


def home(request: HttpRequest) -> HttpResponse:
    """The start page: what the Community Trigger is and which partnerships run it here."""
    return render(request, "applications/home.html", {"partnerships": partnership_list()})
