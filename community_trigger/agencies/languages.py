"""The language of each page: English for staff; for the public, what the person chose or their browser
asks for, if the page's partnership offers it, and its first language otherwise."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from community_trigger.agencies.models import Partnership
from community_trigger.agencies.public_pages import public_directory
from community_trigger.common.language import ENGLISH, offered, speak

# Staff are not required to read Welsh, and their pages, the admin and the API have no Welsh words:
# they always speak English, whatever the browser asks for or the public toggle chose.
STAFF_PATHS = ("/staff/", "/admin/", "/api/")


def _slug_of(path: str) -> str | None:
    try:
        slug = resolve(path).kwargs.get("slug")
    except Resolver404:
        return None
    return slug if isinstance(slug, str) else None


def public_languages(request: HttpRequest, path: str) -> list[str]:
    """The languages a public page may speak. A page of a partnership: those it offers. A page of no
    partnership (the list of partnerships, an unknown address): those any partnership offers.

    Read from the directory of partnerships, so no query once it is cached; the request is also told
    the version of the pages it asks for (common/public_cache.py keeps them under it), or nothing when
    the page is of a partnership not known yet."""
    slug = _slug_of(path)
    directory = public_directory()
    if slug is None:
        request.public_pages_version = directory.token  # type: ignore[attr-defined]
        every = [entry.languages for entry in directory.partnerships.values()]
        return offered([code for languages in every for code in languages])
    listed = directory.partnerships.get(slug)
    if listed is not None:
        request.public_pages_version = listed.token  # type: ignore[attr-defined]
        # So that a page of this partnership need not look it up again (public_pages.kept_partnership).
        request.public_partnership = listed  # type: ignore[attr-defined]
        request.public_slug = slug  # type: ignore[attr-defined]
        return offered(listed.languages)
    # Not in the directory: no such partnership, or one created since it was read.
    found = Partnership.objects.filter(slug=slug).values_list("languages", flat=True).first()
    return offered(found or [])


def language_for_audience(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    """After LocaleMiddleware, which picked the language from the cookie or Accept-Language."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(STAFF_PATHS):
            speak(request, ENGLISH)
            return get_response(request)
        languages = public_languages(request, request.path_info)
        # The toggle partial reads which languages to offer from here.
        request.public_languages = languages  # type: ignore[attr-defined]
        wanted = getattr(request, "LANGUAGE_CODE", ENGLISH)
        speak(request, wanted if wanted in languages else languages[0])
        return get_response(request)

    return middleware
