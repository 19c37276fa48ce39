"""The version of each partnership's public pages, and the directory the public side reads it from.

Every public request needs to know which partnership its address names, the languages that partnership
offers and the version its pages are at. All three come from one small directory of the partnerships,
kept in the shared cache, so a page served ready-made costs no database query at all. Whatever changes
what a public page shows calls `public_pages_changed`, which adds one to the partnership's version once
its transaction commits and drops the directory, so the next request reads the new version.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest

from community_trigger.agencies.models import Partnership, PublicPages

DIRECTORY_KEY = "public-pages:directory"
# A backstop, not the invalidation: a directory read just before a change committed, and kept just after
# it dropped the old one, lives this long at most.
DIRECTORY_SECONDS = 60
# A partnership kept for the pages that show it, under its version: a change makes another key.
PARTNERSHIP_SECONDS = 60 * 60


@dataclass(frozen=True)
class Listed:
    """One partnership as the public side needs it before any view runs."""

    pk: int
    version: int
    languages: tuple[str, ...]

    @property
    def token(self) -> str:
        """What a cached page of this partnership is kept under: it changes whenever its pages do."""
        return f"{self.pk}.{self.version}"


@dataclass(frozen=True)
class Directory:
    partnerships: dict[str, Listed]

    @property
    def token(self) -> str:
        """The version of the pages about every partnership (the list to choose from)."""
        listed = sorted((slug, entry.token) for slug, entry in self.partnerships.items())
        return "all." + hashlib.sha256(repr(listed).encode()).hexdigest()[:16]


def public_directory() -> Directory:
    """Every partnership's slug, version and languages: from the cache, else one query."""
    cache = caches["default"]
    kept = cache.get(DIRECTORY_KEY)
    if isinstance(kept, Directory):
        return kept
    rows = Partnership.objects.values_list("pk", "slug", "languages", "public_pages__version")
    directory = Directory(
        {
            slug: Listed(pk, version or 0, tuple(code for code in languages or [] if isinstance(code, str)))
            for pk, slug, languages, version in rows
        }
    )
    # add, not set: a change that committed meanwhile has dropped the key, and a later reader rebuilds it.
    cache.add(DIRECTORY_KEY, directory, DIRECTORY_SECONDS)
    return directory


def public_pages_changed(partnership: Partnership | int) -> None:
    """What `partnership`'s public pages show has changed (its settings or agencies, its policy, its
    figures): once the change commits, its pages are made afresh. Outside a transaction, at once."""
    partnership_id = partnership if isinstance(partnership, int) else partnership.pk
    transaction.on_commit(lambda: _next_version(partnership_id))


def _next_version(partnership_id: int) -> None:
    # One UPDATE, after the change committed: no lock is held while the change's own transaction runs.
    if not PublicPages.objects.filter(partnership_id=partnership_id).update(version=F("version") + 1):
        try:
            with transaction.atomic():
                PublicPages.objects.create(partnership_id=partnership_id, version=1)
        except IntegrityError:
            # Created meanwhile by another change, or the partnership is gone: count this one too.
            PublicPages.objects.filter(partnership_id=partnership_id).update(version=F("version") + 1)
    caches["default"].delete(DIRECTORY_KEY)


def kept_partnership(request: HttpRequest, slug: str) -> Partnership | None:
    """The partnership a public page asked for with GET shows, with its agencies, kept under its
    version so the question pages need not read it again; None when the request is not such a page
    (a POST reads it fresh, as it may write with it)."""
    listed: Listed | None = getattr(request, "public_partnership", None)
    if request.method != "GET" or listed is None or getattr(request, "public_slug", None) != slug:
        return None
    cache = caches["local"]  # named by its version, so each process may keep its own
    key = f"public-pages:partnership:{listed.token}"
    kept = cache.get(key)
    if isinstance(kept, Partnership):
        return kept
    # With its retention schedule, whose periods the consent and privacy pages state (a change to it
    # moves the version on).
    found = (
        Partnership.objects.filter(pk=listed.pk)
        .select_related("retention_schedule")
        .prefetch_related("agencies")
        .first()
    )
    if found is not None:
        cache.set(key, found, PARTNERSHIP_SECONDS)
    return found
