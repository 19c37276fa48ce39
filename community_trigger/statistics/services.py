"""Writes for the published statistics: publishing a year's figures as a new, dated version."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from community_trigger.agencies.models import Partnership
from community_trigger.agencies.public_pages import public_pages_changed
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record
from community_trigger.common.dates import long_date
from community_trigger.domain.reporting_years import ReportingYear
from community_trigger.statistics.models import PublishedFigures
from community_trigger.statistics.selectors import YearStatement, figures_fingerprint, year_statement


class PublishRefused(Exception):
    """This year's figures cannot be published (yet, or again): the message says why."""


def publish_refusal(statement: YearStatement) -> str | None:
    """Why the year cannot be published now, in words for the coordinator; None when it can.

    A year still in progress would change after publication; a new version is for corrections, so
    publishing figures identical to the latest version is refused.
    """
    year = statement.year
    if not statement.complete:
        return (
            f"{year.label} has not ended yet: its figures can be published from "
            f"{long_date(year.first_day_after)}"
        )
    published = statement.published
    if published and not statement.changed_since_published:
        return (
            f"Nothing has changed since version {published.version} of {year.label} was published on "
            f"{long_date(timezone.localtime(published.published_at))}"
        )
    return None


@transaction.atomic
def figures_publish(
    *,
    partnership: Partnership,
    year: ReportingYear,
    actor: Any,
    seen: str | None = None,
    now: datetime | None = None,
) -> PublishedFigures:
    """Freeze `year`'s live figures as the next published version (s104's yearly publication), and
    record who published them and when in the audit log.

    Refused for a year outside those on record, and as publish_refusal says. `seen` is the
    fingerprint of the figures the coordinator checked (selectors.figures_fingerprint): when a case was
    corrected, or someone else published, since they looked, nothing is published and they look again.
    """
    now = now or timezone.now()
    # One publisher at a time per partnership, so two at once cannot both take the same version number.
    Partnership.objects.select_for_update().get(pk=partnership.pk)
    statement = year_statement(partnership, year, today=timezone.localdate(now))
    if statement is None:
        raise PublishRefused(
            gettext("There are no figures for %(year)s: it is outside the years on record")
            % {"year": year.label}
        )
    refusal = publish_refusal(statement)
    if refusal:
        raise PublishRefused(refusal)
    if seen is not None and seen != figures_fingerprint(statement):
        raise PublishRefused(
            f"The figures for {year.label} have changed since you opened this page: check them again"
        )
    latest = PublishedFigures.objects.filter(
        partnership=partnership, year_basis=year.basis, year_start=year.start_year
    ).aggregate(version=Max("version"))["version"]
    published = PublishedFigures.objects.create(
        partnership=partnership,
        year_basis=year.basis,
        year_start=year.start_year,
        version=(latest or 0) + 1,
        figures=statement.live.figures.as_dict(),
        cohort=statement.live.cohort.as_dict(),
        sentence=statement.live.sentence,
        published_by=actor,
        published_at=now,
    )
    public_pages_changed(partnership)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        subject=published,
        detail=f"published the figures for {year.label}, version {published.version}",
    )
    return published
