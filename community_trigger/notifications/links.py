"""Addresses in emails and letters: always the site's own SITE_URL, never the host a request names."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class NoSiteUrl(ImproperlyConfigured):
    """SITE_URL is not set, so nothing can be sent with a link to the site (deadlines.W001 warns)."""


def site_url(path: str) -> str:
    """The absolute address of `path` (which starts with "/") on the site.

    A request's Host header is whatever the sender chose to write, so a link built from it could point
    a victim's email at someone else's server; SITE_URL is what the deployment says the site is.
    """
    if not path.startswith("/"):
        raise ValueError(f"a path on the site starts with '/', not {path!r}")
    if not settings.SITE_URL:
        raise NoSiteUrl("Set SITE_URL so that emails can link to the site")
    return f"{settings.SITE_URL}{path}"
