"""Middleware for staff sessions: the absolute lifetime that the idle expiry alone does not give."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from community_trigger.accounts.services import staff_session_end_if_too_old


def staff_session_lifetime(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """End a staff session that signed in more than STAFF_SESSION_MAX_HOURS ago before any view sees it,
    staff pages, the second-factor pages and the admin alike; the view then treats the request as
    signed out and sends it to sign in."""

    def middleware(request: HttpRequest) -> HttpResponse:
        staff_session_end_if_too_old(request)
        return get_response(request)

    return middleware
