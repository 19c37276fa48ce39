"""Where a case's incidents happen, who is said to be responsible, and the links between cases.

Each row keeps what the coordinator typed and, beside it, keys that compare equal however it was typed
(common.search_keys), indexed: the case list's search and the related cases narrow on those keys in the
database. None of it is ever put in anything the applicant or anyone outside the partnership receives:
the letters, emails, status page and figures do not read this app (the import layers keep them below it).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from community_trigger.cases.models import Application


class Place(models.Model):
    """A place where the incidents happen: an address or a place's name, its postcode, its UPRN."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="places")
    address = models.CharField(
        max_length=300, help_text="An address or a place's name: 'the park by Hill Road'."
    )
    postcode = models.CharField(max_length=10, blank=True, help_text="As written: 'SO51 8AB'.")
    uprn = models.CharField(
        max_length=12, blank=True, help_text="Unique Property Reference Number, where known."
    )
    postcode_key = models.CharField(max_length=8, blank=True, help_text="The postcode without spaces.")
    address_key = models.CharField(max_length=300, help_text="The address in lowercase letters and digits.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("pk",)
        indexes = [
            models.Index(fields=["postcode_key"], name="related_place_postcode"),
            models.Index(fields=["address_key"], name="related_place_address"),
            models.Index(fields=["uprn"], name="related_place_uprn"),
        ]

    def __str__(self) -> str:
        return f"Place {self.pk} of case {self.application_id}"


class AllegedPerpetrator(models.Model):
    """Someone the applicant says is responsible for the behaviour: their name or names, what they are
    like, where they live. An allegation, not a finding: pages call them "said to be responsible"."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="alleged_perpetrators"
    )
    names = models.CharField(max_length=300, blank=True, help_text="The name or names they are known by.")
    description = models.TextField(
        blank=True, help_text="What they look like, or how the applicant knows them."
    )
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    name_key = models.CharField(max_length=300, blank=True)
    address_key = models.CharField(max_length=300, blank=True)
    postcode_key = models.CharField(max_length=8, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("pk",)
        indexes = [
            models.Index(fields=["name_key"], name="related_perpetrator_name"),
            models.Index(fields=["address_key"], name="related_perpetrator_address"),
            models.Index(fields=["postcode_key"], name="related_perpetrator_postcode"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(names="") | ~Q(description=""), name="related_perpetrator_named_or_described"
            )
        ]

    def __str__(self) -> str:
        return f"Alleged perpetrator {self.pk} of case {self.application_id}"


class CaseLink(models.Model):
    """Two cases a coordinator linked, and why: kept once per pair, the lower id first, and read from
    either side. The reason is a person's words, so it lives here (and beside each case's history
    event), never in the events' facts."""

    first = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="links_as_first")
    second = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="links_as_second")
    reason = models.TextField()
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="related_link_once_per_pair"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="related_link_lower_id_first"),
        ]

    def __str__(self) -> str:
        return f"Link between cases {self.first_id} and {self.second_id}"

    def other_than(self, case_id: int) -> int:
        """The id of the case at the other end from `case_id`."""
        return self.second_id if self.first_id == case_id else self.first_id
