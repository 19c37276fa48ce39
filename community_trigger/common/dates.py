"""Dates in words, in the language being spoken: month names come from the locale, never `%B`."""

from __future__ import annotations

import datetime

from django.utils import formats


def long_date(day: datetime.date) -> str:
    """As in "3 December 2026" (English) or "3 Rhagfyr 2026" (Welsh)."""
    return formats.date_format(day, "j F Y")
