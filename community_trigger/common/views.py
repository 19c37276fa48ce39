"""Pages every part of the public site shares: choosing the language."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from community_trigger.common.language import known_languages


@require_GET
def choose_language(request: HttpRequest, code: str) -> HttpResponse:
    """The language toggle's link: remember the choice for this browser and go back to the same page.

    A plain link rather than Django's set_language form, so it works without JavaScript and reads as a
    link. It changes nothing but the language, so a GET cannot do harm. `next` must be an address on
    this site, or the link could send someone anywhere with our name on it.
    """
    if code not in known_languages():
        raise Http404
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    response = HttpResponseRedirect(back)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # "Lax", from settings
    )
    return response
