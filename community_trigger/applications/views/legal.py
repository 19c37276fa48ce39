"""A partnership's privacy notice, accessibility statement and cookies page, linked from the footer
of its public pages and made from its settings and the service's."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from community_trigger.applications.privacy import essential_cookies, privacy_facts
from community_trigger.applications.views.context import partnership_or_404
from community_trigger.common.public_cache import public_page


@public_page
def privacy(request: HttpRequest, slug: str) -> HttpResponse:
    """What UK GDPR Articles 13 and 14 ask a controller to tell the people whose information it uses."""
    partnership = partnership_or_404(slug)
    return render(
        request,
        "applications/privacy.html",
        {"partnership": partnership, "facts": privacy_facts(partnership)},
    )


@public_page
def accessibility(request: HttpRequest, slug: str) -> HttpResponse:
    """The statement the Public Sector Bodies Accessibility Regulations 2018 require, in GOV.UK's model."""
    partnership = partnership_or_404(slug)
    return render(request, "applications/accessibility.html", {"partnership": partnership})


@public_page
def cookies(request: HttpRequest, slug: str) -> HttpResponse:
    """Every cookie the service sets, all of them essential, with names and ages from the settings."""
    partnership = partnership_or_404(slug)
    return render(
        request,
        "applications/cookies.html",
        {"partnership": partnership, "cookies": essential_cookies()},
    )
