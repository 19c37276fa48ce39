"""A request id on every request, its response and every log line written while serving it.

Behind a load balancer the same visit touches several machines; the id (the balancer's X-Request-ID,
or one made here) lets an operator follow one request through every log without any personal data.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# What a balancer sends (nginx's $request_id is 32 hex digits; others send UUIDs): anything else, which
# a client could have written to forge or flood the logs, is replaced by an id of our own.
WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")

current: ContextVar[str] = ContextVar("request_id", default="-")


def request_id(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """Take the request's id from X-Request-ID when it is well formed, make one otherwise, keep it for
    the logs while the request is served, and send it back in the response's X-Request-ID."""

    def middleware(request: HttpRequest) -> HttpResponse:
        given = request.headers.get(HEADER, "")
        identifier = given if WELL_FORMED.fullmatch(given) else uuid.uuid4().hex
        token = current.set(identifier)
        try:
            response = get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = identifier
        return response

    return middleware
