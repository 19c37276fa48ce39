"""Middleware of our own: no page the site makes is kept by the browser or any cache on the way."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from community_trigger.common.public_cache import is_public_page


def no_store(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """Mark every response Django makes `Cache-Control: no-store`, so that Back after signing out or
    leaving a shared computer cannot show a case, a status page or someone's answers again.

    All of them, not a list of the pages with personal data: a page that gains some later is covered
    without anyone remembering to add it, and the site has no page worth caching (static files never
    reach here: WhiteNoise answers them first, with its own caching headers). Directives a view set
    itself (never_cache's max-age=0, private) are kept beside it. The one exception is a public page
    the same for everyone (common/public_cache.py), which holds nothing of anyone's."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if not is_public_page(response):
            patch_cache_control(response, no_store=True)
        return response

    return middleware
