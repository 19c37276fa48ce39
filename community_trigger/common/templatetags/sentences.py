"""Words that end up inside a sentence: `{% load sentences %}`, then `{{ value|unstopped }}.` for a value
that may end in its own full stop, and `{{ moment|clock }}` for a time of day the GOV.UK way (10am,
2:30pm), so that no sentence ends "10:00 a.m.."."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def unstopped(value: Any) -> str:
    """`value` without the full stops it ends with, for a sentence that puts its own after it: an
    action a member of staff wrote ("visit weekly."), an address ending "St."."""
    return str(value or "").rstrip().rstrip(".").rstrip()


@register.filter
def clock(value: Any) -> str:
    """The time of day in GOV.UK's style, with no full stops: "10am", "2:30pm", "midday", "midnight";
    nothing for what is not a time (a missing value), as Django's own `time` filter."""
    if not isinstance(value, datetime | time):
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).time() if timezone.is_aware(value) else value.time()
    if (value.hour, value.minute) == (12, 0):
        return pgettext("a time of day", "midday")
    if (value.hour, value.minute) == (0, 0):
        return pgettext("a time of day", "midnight")
    hour = value.hour % 12 or 12
    shown = f"{hour}:{value.minute:02d}" if value.minute else str(hour)
    if value.hour < 12:
        return pgettext("a time of day in the morning, as 10am or 9:30am", "%(time)sam") % {"time": shown}
    return pgettext("a time of day after midday, as 2pm or 2:30pm", "%(time)spm") % {"time": shown}
