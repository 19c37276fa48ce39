"""Rate limits for forms that send something: per client address (common.client_address), from settings."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited  # type: ignore[import-untyped]

View = TypeVar("View", bound=Callable[..., HttpResponse])


def limit_posts(group: str, setting: str) -> Callable[[View], View]:
    """Let a client POST to the view at most settings.<setting> times (e.g. "10/h"); after that it
    gets the "too many attempts" page with status 429. GETs are never limited."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST" and is_ratelimited(
                request, group=group, key="ip", rate=getattr(settings, setting), method="POST", increment=True
            ):
                return render(request, "too_many_requests.html", status=429)
            return view(request, *args, **kwargs)

        return cast(View, wrapped)

    return decorate
