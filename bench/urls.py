"""The product's URLs and, for the benches alone, a bare view (see bench/settings.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as product

BARE_TEXT = "A bare Django view: the yardstick of bench/public.py.\n"


def bare(request: HttpRequest) -> HttpResponse:
    """A small response and nothing else: what the framework costs on its own."""
    return HttpResponse(BARE_TEXT, content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *product]
