"""Small template filters for the journey's pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from community_trigger.applications.summary import long_date

register = template.Library()


@register.filter
def iso_long_date(value: str) -> str:
    """A date kept as YYYY-MM-DD, written as GOV.UK writes dates: 10 January 2024."""
    return long_date(value) if value else ""


@register.simple_tag(takes_context=True)
def journey_url(context: template.Context, name: str, *args: object) -> str:
    """The address of one of the journey's pages on the route this page is served on (public or staff),
    as in {% journey_url "incident" incident.key %}."""
    return str(context["journey"].url(name, *(str(arg) for arg in args)))


@register.filter
def get_item(mapping: Mapping[str, Any], key: str) -> Any:
    return mapping.get(key, "")
