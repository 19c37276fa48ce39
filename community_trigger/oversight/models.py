"""An alert to the data protection officer about unusual access to cases, kept until it is reviewed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, gettext_lazy

from community_trigger.agencies.models import Partnership
from community_trigger.common.dates import long_date
from community_trigger.common.models import known


class AccessAlertKind(models.TextChoices):
    MANY_CASES = "many_cases", gettext_lazy("Many more cases than usual")
    UNREQUESTED_CASE = "unrequested_case", gettext_lazy("A case their agency was not asked about")


class AccessAlert(models.Model):
    """One unusual pattern of access found by the daily check (oversight/services.py): a member of
    staff opening many more cases than usual in a day, or an agency officer opening a case their
    agency was not (or is no longer) asked about. It names the member of staff and, for the second,
    the case; never anything the case says."""

    Kind = AccessAlertKind

    # Names the alert once, so that the check run twice for a day raises it once.
    key = models.CharField(max_length=100, unique=True)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="access_alerts")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    day = models.DateField(help_text="The day the access happened.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        "cases.Application", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    cases_opened = models.PositiveIntegerField(default=0)
    usual_per_day = models.FloatField(default=0, help_text="Their average a day over the days before.")
    created_at = models.DateTimeField()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["partnership", "-created_at"], name="alerts_newest")]
        constraints = [known("kind", AccessAlertKind.choices)]

    def __str__(self) -> str:
        return f"{self.kind} {self.user_id} {self.day}"

    @property
    def why(self) -> str:
        """Why it was raised, in words, with the numbers the thresholds were measured against."""
        if self.kind == self.Kind.UNREQUESTED_CASE:
            return gettext(
                "Opened a case on %(day)s that no agency of theirs was asked about, or is asked about now."
            ) % {"day": long_date(self.day)}
        return gettext(
            "Opened %(count)d different cases on %(day)s, against %(usual).1f on an average day before."
        ) % {"count": self.cases_opened, "day": long_date(self.day), "usual": self.usual_per_day}
