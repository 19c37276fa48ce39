"""When a data request must be answered: one calendar month from receipt, extendable by up to two
further months (UK GDPR Article 12(3))."""

from __future__ import annotations

import calendar
from datetime import date

# Article 12(3): "may be extended by two further months where necessary".
MAX_EXTENSION_MONTHS = 2


class ExtensionRefused(ValueError):
    """An extension beyond the two further months Article 12(3) allows."""


def answer_due(received_on: date, *, extended_months: int = 0) -> date:
    """The day a request received on `received_on` must be answered by: the corresponding day of the
    month after (the ICO's reading of "one month"), or that month's last day when it has no such day
    (31 January gives 28 February, or 29 in a leap year); each extension adds a calendar month from
    the day of receipt in the same way."""
    if not 0 <= extended_months <= MAX_EXTENSION_MONTHS:
        raise ExtensionRefused(f"At most {MAX_EXTENSION_MONTHS} further months may be added")
    return months_after(received_on, 1 + extended_months)


def months_after(day: date, months: int) -> date:
    """The corresponding day `months` calendar months after `day`, or the last day of that month when
    it is shorter. (dateutil's relativedelta does the same, but ships without types for mypy.)"""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
