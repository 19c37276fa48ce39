"""Which language the service speaks: the codes it knows, the one in use, and a page that keeps to one."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

ENGLISH = "en"


def known_languages() -> list[str]:
    """The codes the service has words for (settings.LANGUAGES), English first."""
    return [code for code, _name in settings.LANGUAGES]


def current_language() -> str:
    """The code of the language in use, as an application keeps it ("en" or "cy"). Outside a request
    the active language is LANGUAGE_CODE's "en-gb", which is English here."""
    active = translation.get_language() or settings.LANGUAGE_CODE
    try:
        return translation.get_supported_language_variant(active)
    except LookupError:
        return ENGLISH


def offered(languages: Iterable[object]) -> list[str]:
    """Of a partnership's `languages`, those the service can speak, in its order; English when none."""
    known = known_languages()
    codes = [code for code in languages if isinstance(code, str) and code in known]
    return list(dict.fromkeys(codes)) or [ENGLISH]


def speak(request: HttpRequest, language: str) -> None:
    """Answer this request in `language`: the templates, the gettext calls and Content-Language."""
    translation.activate(language)
    request.LANGUAGE_CODE = language


def speak_unless_chosen(request: HttpRequest, language: str) -> None:
    """Answer in `language` (an application's, say) unless the person chose one with the toggle, and
    only if the page's partnership offers it."""
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return
    if language in getattr(request, "public_languages", [ENGLISH]):
        speak(request, language)
