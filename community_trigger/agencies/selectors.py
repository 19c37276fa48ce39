"""Reads for partnerships and agencies."""

from __future__ import annotations

from django.db.models import QuerySet

from community_trigger.agencies.models import Partnership


def partnership_list() -> QuerySet[Partnership]:
    """Every partnership this deployment serves, with its agencies, by name."""
    return Partnership.objects.prefetch_related("agencies").order_by("name")
