"""A year's figures as the partnership published them: a dated snapshot, kept as it was.

Later corrections to the cases change the live figures, never a snapshot; publishing the year again
adds the next version, and the public page says which version it shows and what it replaced.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from community_trigger.agencies.models import Partnership
from community_trigger.common.models import AppendOnlyModel, known
from community_trigger.domain.figures import Cohort, YearFigures
from community_trigger.domain.reporting_years import BASIS_LABELS, ReportingYear, YearBasis

YEAR_BASIS_CHOICES = [(basis.value, label) for basis, label in BASIS_LABELS.items()]


class PublishedFigures(AppendOnlyModel):
    """One version of one reporting year's figures, frozen when a coordinator published it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="published_figures")
    year_basis = models.CharField(max_length=10, choices=YEAR_BASIS_CHOICES)
    year_start = models.PositiveSmallIntegerField(help_text="The calendar year the reporting year starts in.")
    version = models.PositiveSmallIntegerField()
    figures = models.JSONField(help_text="The year's figures (YearFigures) as they were when published.")
    cohort = models.JSONField(help_text="Where each application received in the year stood then (Cohort).")
    sentence = models.TextField(help_text="The year's statement exactly as it was published.")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["partnership", "year_basis", "year_start", "version"]
        verbose_name_plural = "published figures"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year_basis", "year_start", "version"],
                name="one_published_version_number_per_year",
            ),
            known("year_basis", YEAR_BASIS_CHOICES),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="published_version_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} {self.year.label} version {self.version}"

    @property
    def year(self) -> ReportingYear:
        return ReportingYear(YearBasis(self.year_basis), self.year_start)

    @property
    def year_figures(self) -> YearFigures:
        return YearFigures.from_dict(self.figures)

    @property
    def year_cohort(self) -> Cohort:
        return Cohort.from_dict(self.cohort)


class Figure(models.TextChoices):
    # The values are YearFigures' field names (received is counted from the applications).
    THRESHOLD_NOT_MET = "threshold_not_met", "Threshold not met"
    REVIEW_CARRIED_OUT = "reviews_carried_out", "Review carried out"
    REVIEW_WITH_RECOMMENDATIONS = "reviews_with_recommendations", "Review that made recommendations"
    DISCRETIONARY_REVIEW = "discretionary_reviews", "Discretionary review decided"
    WITHDRAWN = "withdrawn", "Withdrawn"
    ESCALATION_REQUESTED = "escalations_requested", "Escalation asked for"
    ESCALATION_UPHELD = "escalations_upheld", "Escalation upheld"


class Counted(models.Model):
    """One application counted in one figure of one reporting year, on each year basis.

    The services write these as the events happen (statistics.services.counted), in the same
    transaction, so every figure of every year is one grouped count of this table, with no joins and
    no distinct counts: the unique constraint already counts an application once a year even when an
    escalation takes it through the same step twice. Both year bases are kept, so a partnership that
    changes its basis keeps its figures. `manage.py recount_figures` rebuilds them from the cases.
    """

    Figure = Figure

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey("cases.Application", on_delete=models.CASCADE, related_name="+")
    figure = models.CharField(max_length=30, choices=Figure.choices)
    year_basis = models.CharField(max_length=10, choices=YEAR_BASIS_CHOICES)
    year_start = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "figure", "year_basis", "year_start"], name="counted_once_a_year"
            ),
            known("figure", Figure.choices),
            known("year_basis", YEAR_BASIS_CHOICES),
        ]
        indexes = [
            models.Index(
                fields=["partnership", "year_basis", "figure", "year_start"],
                name="counted_by_partnership_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.figure} {self.year_basis} {self.year_start}"
