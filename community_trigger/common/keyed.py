"""Short secrets a person types (save codes, status codes) as the database keeps them.

A code short enough to type could be recovered from a plain hash by trying every code, so each is kept
as an HMAC keyed with the site's secret and a purpose: a copy of the database alone opens nothing, and
a code for one purpose never matches a hash kept for another."""

from __future__ import annotations

from django.utils.crypto import salted_hmac


def keyed_hash(value: str, *, purpose: str) -> str:
    """SHA-256 HMAC of `value`, keyed with SECRET_KEY and `purpose`: 64 hex characters."""
    return salted_hmac(f"community_trigger.{purpose}", value, algorithm="sha256").hexdigest()
