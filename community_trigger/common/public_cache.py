"""Public pages that are the same for everyone, kept ready-made in each process and revalidated
with ETags.

A page is kept under its partnership's version (set on the request by agencies/languages.py from
agencies/public_pages.py), the language it speaks, the day, the host and its address; whatever changes
what the page shows moves the version on, so an old copy is never served again. Only a page that did
not look at the session, use a CSRF token, show a message or set a cookie is kept, and never for a
signed-in member of staff or an address with a query string. The script nonce of the content security
policy is fresh on every serve: the kept copy holds a placeholder where the nonce was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar, cast

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import get_language

View = TypeVar("View", bound=Callable[..., HttpResponseBase])

NONCE_PLACEHOLDER = b"\x00csp-nonce\x00"
# A page is also dropped this long after it was kept, whatever happens: the day in its key already
# renews the pages whose words depend on the date.
PAGE_SECONDS = 60 * 60
# The view's own headers that are part of the page (the rest are added by the middleware on each serve).
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")
# The page's language follows the toggle's cookie and the browser's Accept-Language.
VARY = ("Accept-Language", "Cookie")


@dataclass(frozen=True)
class Kept:
    content: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str


def public_page(view: View) -> View:
    """Serve this public view's page from the cache when it is the same for everyone."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        version = getattr(request, "public_pages_version", None)
        if version is None or request.method != "GET" or request.GET or _signed_in(request):
            return view(request, *args, **kwargs)
        # The key holds the version read from the shared cache, so each process may keep its own copy.
        cache = caches["local"]
        key = _key(request, version)
        kept = cache.get(key)
        if isinstance(kept, Kept):
            return _serve(request, kept)
        session = getattr(request, "session", None)
        looked_before = bool(session is not None and session.accessed)
        if session is not None:
            session.accessed = False
        response = view(request, *args, **kwargs)
        looked = bool(session is not None and session.accessed)
        if session is not None:
            session.accessed = looked_before or looked
        if looked or not _same_for_everyone(request, response):
            return response
        assert isinstance(response, HttpResponse)
        kept = _keep(request, response)
        cache.set(key, kept, PAGE_SECONDS)
        _mark_public(response, kept.etag)
        if _matches(request, kept.etag):
            return _not_modified(kept.etag)
        return response

    return cast(View, wrapped)


def is_public_page(response: HttpResponseBase) -> bool:
    """True for a page this module marked as the same for everyone, which browsers may keep."""
    return bool(getattr(response, "public_page", False))


def _signed_in(request: HttpRequest) -> bool:
    # The sign-in middleware has already read who it is: no query here.
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _key(request: HttpRequest, version: str) -> str:
    parts = "\n".join(
        [version, get_language() or "", timezone.localdate().isoformat(), request.get_host(), request.path]
    )
    return "public-page:" + hashlib.sha256(parts.encode()).hexdigest()


def _same_for_everyone(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Nothing in the page or its answer belongs to this one person."""
    messages = getattr(request, "_messages", None)
    return (
        isinstance(response, HttpResponse)
        and response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (messages is not None and getattr(messages, "used", False))
        and not response.has_header("Cache-Control")
        and not response.has_header("Vary")
    )


def _keep(request: HttpRequest, response: HttpResponse) -> Kept:
    content = response.content
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str) and nonce:
        content = content.replace(nonce.encode(), NONCE_PLACEHOLDER)
    headers = tuple((name, response[name]) for name in KEPT_HEADERS if response.has_header(name))
    etag = '"' + hashlib.sha256(content + repr(headers).encode()).hexdigest()[:32] + '"'
    return Kept(content, headers, etag)


def _serve(request: HttpRequest, kept: Kept) -> HttpResponseBase:
    if _matches(request, kept.etag):
        return _not_modified(kept.etag)
    content = kept.content
    if NONCE_PLACEHOLDER in content:
        content = content.replace(NONCE_PLACEHOLDER, str(request.csp_nonce).encode())  # type: ignore[attr-defined]
    response = HttpResponse(content)
    for name, value in kept.headers:
        response[name] = value
    _mark_public(response, kept.etag)
    return response


def _matches(request: HttpRequest, etag: str) -> bool:
    wanted = parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))
    return "*" in wanted or etag in wanted or f"W/{etag}" in wanted


def _not_modified(etag: str) -> HttpResponseNotModified:
    response = HttpResponseNotModified()
    _mark_public(response, etag)
    # No content security policy on "not modified": the browser keeps the one that came with the copy
    # it holds, whose nonce is the one in that copy's script.
    response._csp_exempt = True  # type: ignore[attr-defined]
    return response


def _mark_public(response: HttpResponseBase, etag: str) -> None:
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, VARY)
    response.public_page = True  # type: ignore[attr-defined]
