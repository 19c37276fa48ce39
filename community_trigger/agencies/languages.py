"""The language of each page: English for staff; for the public, what the person chose or their browser
asks for, if the page's partnership offers it, and its first language otherwise."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from community_trigger.agencies.models import Partnership
from community_trigger.common.language import ENGLISH, offered, speak

# Staff are not required to read Welsh, and their pages, the admin and the API have no Welsh words:
# they always speak English, whatever the browser asks for or the public toggle chose.
STAFF_PATHS = ("/staff/", "/admin/", "/api/")


def public_languages(path: str) -> list[str]:
    """The languages a public page may speak. A page of a partnership: those it offers. A page of no
    partnership (the list of partnerships, an unknown address): those any partnership offers."""
    try:
        slug = resolve(path).kwargs.get("slug")
    except Resolver404:
        slug = None
    if slug is not None:
        found = Partnership.objects.filter(slug=slug).values_list("languages", flat=True).first()
        return offered(found or [])
    every = Partnership.objects.values_list("languages", flat=True)
    return offered([code for languages in every for code in (languages or [])])


def language_for_audience(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    """After LocaleMiddleware, which picked the language from the cookie or Accept-Language."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(STAFF_PATHS):
            speak(request, ENGLISH)
            return get_response(request)
        languages = public_languages(request.path_info)
        # The toggle partial reads which languages to offer from here.
        request.public_languages = languages  # type: ignore[attr-defined]
        wanted = getattr(request, "LANGUAGE_CODE", ENGLISH)
        speak(request, wanted if wanted in languages else languages[0])
        return get_response(request)

    return middleware
