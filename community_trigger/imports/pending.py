"""A spreadsheet kept between its dry run and the coordinator's "Import" (never in a URL): stored under a
random key in IMPORTS_PENDING_ROOT, named in the session, removed once imported or replaced."""

from __future__ import annotations

import secrets
from typing import IO

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage

from community_trigger.imports.sheets import Opener, file_format


def _store() -> FileSystemStorage:
    return FileSystemStorage(location=settings.IMPORTS_PENDING_ROOT)


def pending_keep(upload: File[bytes], name: str) -> str:
    """Keep `upload` and answer its key."""
    key = f"{secrets.token_urlsafe(24)}.{file_format(name)}"
    return _store().save(key, upload)


def pending_opener(key: str) -> Opener | None:
    """How to read the file kept under `key`, or None when it is gone."""
    store = _store()
    if not key or "/" in key or not store.exists(key):
        return None

    path = store.path(key)

    def opener() -> IO[bytes]:
        return open(path, "rb")

    return opener


def pending_remove(key: str) -> None:
    if key and "/" not in key:
        _store().delete(key)
