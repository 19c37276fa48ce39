"""Counting the figures as the cases move: each event the published figures count is written once, as
it happens, for both year bases; and the same counts rebuilt from the cases' own records.

Which event counts in which figure, and by which date (s104: the applications made, the decisions
that the threshold was not met, the reviews carried out, those that made recommendations; and the
others the research found partnerships publish):
- threshold not met, and discretionary review: the decision, when it was made;
- review carried out: the meeting, on the day it was held (not the day its record was written);
- review that made recommendations: its first recommendation, on the day of the meeting;
- withdrawn: when the applicant withdrew;
- escalation asked for, and upheld: when it was asked for, and when it was decided.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from django.utils import timezone

from community_trigger.cases.models import CaseEvent, ThresholdDecision
from community_trigger.domain.reporting_years import YearBasis, year_of
from community_trigger.reviews.models import Escalation, Meeting
from community_trigger.statistics.models import Counted

Figure = str  # a value of statistics.models.Counted.Figure


def counted_rows(
    model: Any, *, partnership_id: int, application_id: int, figure: Figure, at: datetime
) -> list[Any]:
    """The rows that count one application in `figure` in the year of `at`, one per year basis."""
    day = timezone.localdate(at)
    return [
        model(
            partnership_id=partnership_id,
            application_id=application_id,
            figure=figure,
            year_basis=basis.value,
            year_start=year_of(day, basis).start_year,
        )
        for basis in YearBasis
    ]


def _events(models: Any, partnership_ids: Iterable[int]) -> Iterator[tuple[int, int, Figure, datetime]]:
    """(partnership, application, figure, when) for every counted event in the cases' records."""
    ids = list(partnership_ids)
    decisions = models.ThresholdDecision.objects.filter(
        application__partnership_id__in=ids, outcome__in=["threshold_not_met", "discretionary_review"]
    ).values_list("application__partnership_id", "application_id", "outcome", "decided_at")
    names = {"threshold_not_met": "threshold_not_met", "discretionary_review": "discretionary_reviews"}
    for partnership_id, application_id, outcome, at in decisions.iterator(chunk_size=5000):
        yield partnership_id, application_id, names[outcome], at
    held = models.Meeting.objects.filter(application__partnership_id__in=ids, held=True)
    for partnership_id, application_id, at in held.values_list(
        "application__partnership_id", "application_id", "starts_at"
    ).iterator(chunk_size=5000):
        yield partnership_id, application_id, "reviews_carried_out", at
    for partnership_id, application_id, at in (
        held.filter(recommendations__isnull=False)
        .distinct()
        .values_list("application__partnership_id", "application_id", "starts_at")
        .iterator(chunk_size=5000)
    ):
        yield partnership_id, application_id, "reviews_with_recommendations", at
    withdrawals = models.CaseEvent.objects.filter(application__partnership_id__in=ids, to_state="withdrawn")
    for partnership_id, application_id, at in withdrawals.values_list(
        "application__partnership_id", "application_id", "at"
    ).iterator(chunk_size=5000):
        yield partnership_id, application_id, "withdrawn", at
    escalations = models.Escalation.objects.filter(application__partnership_id__in=ids)
    for partnership_id, application_id, at in escalations.values_list(
        "application__partnership_id", "application_id", "requested_at"
    ).iterator(chunk_size=5000):
        yield partnership_id, application_id, "escalations_requested", at
    for partnership_id, application_id, at in (
        escalations.filter(upheld=True)
        .values_list("application__partnership_id", "application_id", "decided_at")
        .iterator(chunk_size=5000)
    ):
        yield partnership_id, application_id, "escalations_upheld", at


def recount(models: Any, partnership_ids: Iterable[int]) -> int:
    """Rebuild the counted events of these partnerships from their cases' records. `models` gives the
    model classes by name (LIVE, or a migration's historical_models). Answers how many events it
    counted, a row for each year basis."""
    ids = list(partnership_ids)
    written = 0
    with transaction.atomic():
        models.Counted.objects.filter(partnership_id__in=ids).delete()
        batch: list[Any] = []
        for partnership_id, application_id, figure, at in _events(models, ids):
            batch += counted_rows(
                models.Counted,
                partnership_id=partnership_id,
                application_id=application_id,
                figure=figure,
                at=at,
            )
            if len(batch) >= 10000:
                written += len(models.Counted.objects.bulk_create(batch, ignore_conflicts=True))
                batch = []
        written += len(models.Counted.objects.bulk_create(batch, ignore_conflicts=True))
    return written


# The models recount reads and writes, as the application has them now.
LIVE = SimpleNamespace(
    CaseEvent=CaseEvent,
    ThresholdDecision=ThresholdDecision,
    Escalation=Escalation,
    Meeting=Meeting,
    Counted=Counted,
)


def historical_models(apps: Any) -> SimpleNamespace:
    """The same models as a migration's app registry has them."""
    return SimpleNamespace(
        CaseEvent=apps.get_model("cases", "CaseEvent"),
        ThresholdDecision=apps.get_model("cases", "ThresholdDecision"),
        Escalation=apps.get_model("reviews", "Escalation"),
        Meeting=apps.get_model("reviews", "Meeting"),
        Counted=apps.get_model("statistics", "Counted"),
    )


def count(*, application: Any, figure: Figure, at: datetime) -> None:
    """Count `application` in `figure` for the year of `at` (nothing more if it is counted there)."""
    Counted.objects.bulk_create(
        counted_rows(
            Counted,
            partnership_id=application.partnership_id,
            application_id=application.pk,
            figure=figure,
            at=at,
        ),
        ignore_conflicts=True,
    )
