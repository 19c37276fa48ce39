"""The agencies' ASB incident records, and what lets them in: the partnership's early-warning
settings (the information sharing agreement that is their lawful basis, and how long they are kept),
each agency's saved column mapping, its API tokens, and each batch that brought records in.

Each record keeps what the agency sent and, beside it, keys that compare equal however it was typed
(common.search_keys), indexed: grouping the same incident across agencies, and the linkage and
detection that follow, narrow on those keys in the database. None of it leaves the partnership's
coordinators and data protection officer."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from community_trigger.agencies.models import Agency, Partnership
from community_trigger.cases.models import Application

# How long an incident record not linked to a case is kept, unless the partnership says otherwise.
DEFAULT_RETENTION_MONTHS = 12


class EarlyWarningSettings(models.Model):
    """Whether a partnership takes in its agencies' incident records, and on what basis. Intake can be
    on only with the information sharing agreement named: UK GDPR Article 6 asks for a lawful basis,
    and the agreement is where the partnership recorded it."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="early_warning_settings"
    )
    intake_enabled = models.BooleanField(default=False)
    agreement_reference = models.CharField(
        max_length=100, blank=True, help_text="The information sharing agreement's reference."
    )
    agreement_review_date = models.DateField(
        null=True, blank=True, help_text="When the information sharing agreement is next reviewed."
    )
    retention_months = models.PositiveSmallIntegerField(
        default=DEFAULT_RETENTION_MONTHS,
        help_text="How long an incident record not linked to a case is kept, from the day it happened.",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "early warning settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(intake_enabled=False) | ~Q(agreement_reference=""),
                name="incidents_intake_needs_agreement",
            ),
            models.CheckConstraint(condition=Q(retention_months__gte=1), name="incidents_retention_positive"),
        ]

    def __str__(self) -> str:
        return f"Early warning settings of {self.partnership}"


class ColumnMapping(models.Model):
    """Which header of an agency's spreadsheet holds each of our fields, as its coordinator last
    chose: proposed again at the agency's next upload."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="incident_column_mapping")
    columns = models.JSONField(default=dict, help_text="Our field's name: the file's header.")
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Incident columns of {self.agency}"


class ApiToken(models.Model):
    """A token an agency's system adds incident records with, and nothing else. Only its hash is kept
    (the token is shown once, when made); `prefix` lets people tell tokens apart."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="incident_tokens")
    name = models.CharField(max_length=100, help_text="What uses it: 'Police records system'.")
    prefix = models.CharField(max_length=12)
    hashed = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"Token {self.prefix}… of {self.agency}"

    @property
    def label(self) -> str:
        """How the audit log names the token: never the token itself."""
        return f"API token {self.prefix} of {self.agency.name}"[:100]


class Via(models.TextChoices):
    UPLOAD = "upload", gettext_lazy("Upload")
    API = "api", gettext_lazy("API")


class ImportBatch(models.Model):
    """One upload or one API call that brought incident records in."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="incident_batches")
    via = models.CharField(max_length=10, choices=Via.choices)
    file_name = models.CharField(max_length=200, blank=True)
    token = models.ForeignKey(ApiToken, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    added = models.PositiveIntegerField(default=0)
    already_held = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"Incident batch {self.pk} from {self.agency}"


class Category(models.TextChoices):
    """The national ASB categories (Home Office, National Standard for Incident Recording)."""

    PERSONAL = "personal", gettext_lazy("Personal")
    NUISANCE = "nuisance", gettext_lazy("Nuisance")
    ENVIRONMENTAL = "environmental", gettext_lazy("Environmental")


class Reporter(models.Model):
    """One person, as the record linkage (incidents.linkage) found them across agencies and time: every
    incident record it judged theirs points here. Early warning counts a person's reports by it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Reporter {self.pk}"


class IncidentPlace(models.Model):
    """One place where incidents happen, as the linkage found it from normalised addresses, postcodes
    and coordinates: early warning counts the different people reporting there."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Incident place {self.pk}"


class IncidentRecord(models.Model):
    """One agency's record of one ASB incident, as it sent it, with the keys beside it.

    `incident` is shared by every agency's record of the same incident (services.incident_keys says
    when two are the same): the early-warning counts count incidents, not records."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="incident_records")
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="records")
    reference = models.CharField(max_length=100, help_text="The agency's own reference.")
    occurred_at = models.DateTimeField()
    time_known = models.BooleanField(default=True, help_text="False: the agency gave the day only.")
    category = models.CharField(max_length=20, choices=Category.choices)
    description = models.CharField(max_length=1000)
    reporter_name = models.CharField(max_length=200, blank=True)
    reporter_phone = models.CharField(max_length=40, blank=True)
    reporter_email = models.CharField(max_length=254, blank=True)
    reporter_address = models.CharField(max_length=300, blank=True)
    reporter_postcode = models.CharField(max_length=10, blank=True)
    location_address = models.CharField(max_length=300, blank=True)
    location_postcode = models.CharField(max_length=10, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    via = models.CharField(max_length=10, choices=Via.choices)
    incident = models.UUIDField(
        default=uuid.uuid4, help_text="Shared by each agency's record of one incident."
    )
    # Kept while a case holds it: retention deletes only records without one (services).
    linked_case = models.ForeignKey(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="incident_records"
    )
    # Who reported it and where, as the linkage last judged (empty until it has run on the record).
    reporter = models.ForeignKey(
        Reporter, on_delete=models.SET_NULL, null=True, blank=True, related_name="records"
    )
    place = models.ForeignKey(
        IncidentPlace, on_delete=models.SET_NULL, null=True, blank=True, related_name="records"
    )
    # The keys (common.search_keys) the grouping, the linkage and the detection compare.
    reporter_name_key = models.CharField(max_length=200, blank=True)
    reporter_phone_key = models.CharField(max_length=40, blank=True)
    reporter_email_key = models.CharField(max_length=254, blank=True)
    reporter_address_key = models.CharField(max_length=300, blank=True)
    reporter_postcode_key = models.CharField(max_length=8, blank=True)
    location_address_key = models.CharField(max_length=300, blank=True)
    location_postcode_key = models.CharField(max_length=8, blank=True)
    location_point_key = models.CharField(
        max_length=24,
        blank=True,
        help_text="The coordinates to four places (about 10 metres): '51.2083,-1.4800'.",
    )

    class Meta:
        ordering = ("-occurred_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "reference"], name="incidents_reference_once_per_agency"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="incidents_coordinates_in_pairs",
            ),
        ]
        indexes = [
            models.Index(fields=["partnership", "occurred_at"], name="incidents_partnership_when"),
            models.Index(fields=["partnership", "reporter_phone_key"], name="incidents_reporter_phone"),
            models.Index(fields=["partnership", "reporter_email_key"], name="incidents_reporter_email"),
            models.Index(fields=["partnership", "reporter_name_key"], name="incidents_reporter_name"),
            models.Index(fields=["partnership", "reporter_postcode_key"], name="incidents_reporter_postcode"),
            models.Index(fields=["partnership", "location_postcode_key"], name="incidents_location_postcode"),
            models.Index(fields=["partnership", "location_address_key"], name="incidents_location_address"),
            models.Index(fields=["partnership", "location_point_key"], name="incidents_location_point"),
            models.Index(fields=["incident"], name="incidents_incident"),
            # A person's or a place's reports in time: what early warning counts.
            models.Index(fields=["reporter", "occurred_at"], name="incidents_reporter_when"),
            models.Index(fields=["place", "occurred_at"], name="incidents_place_when"),
        ]

    def __str__(self) -> str:
        return f"Incident record {self.reference} of {self.agency}"


class Linked(models.TextChoices):
    """What a linkage model links: people (reporters) or places."""

    REPORTERS = "reporters", gettext_lazy("Reporters")
    PLACES = "places", gettext_lazy("Places")


class LinkageModel(models.Model):
    """A partnership's trained record-linkage model (incidents.linkage): Splink's settings with the m
    and u probabilities it estimated, as Splink saves them (JSON), so that the daily run reuses them
    rather than training again on a few thousand new records."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    links = models.CharField(max_length=10, choices=Linked.choices, default=Linked.REPORTERS)
    parameters = models.JSONField(help_text="Splink's model, as its save_model_to_json gives it.")
    trained_on = models.PositiveIntegerField(default=0, help_text="How many records it was trained on.")
    trained_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "links"], name="incidents_one_model_per_kind")
        ]

    def __str__(self) -> str:
        return f"Linkage model of {self.partnership} ({self.links})"


class LinkEvidence(models.Model):
    """Why a record was linked to its person: the best-scoring pair the linkage found for it, with each
    comparison's level and match weight (in bits: log2 of its Bayes factor) and the pair's total. One
    row a record, replaced at each run that links it again."""

    record = models.OneToOneField(IncidentRecord, on_delete=models.CASCADE, related_name="link_evidence")
    other = models.ForeignKey(IncidentRecord, on_delete=models.CASCADE, related_name="+")
    match_weight = models.FloatField()
    match_probability = models.FloatField()
    # [[comparison, level label, match weight], ...] in the model's order.
    levels = models.JSONField(default=list)
    found_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Link evidence of record {self.record_id}"


class LinkDecision(models.Model):
    """A coordinator's word on whether two records are the same person: confirmed (every later run
    keeps them together) or split (no later run puts them together again). Kept while both are."""

    class Decision(models.TextChoices):
        CONFIRMED = "confirmed", gettext_lazy("Confirmed: the same person")
        SPLIT = "split", gettext_lazy("Split: different people")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    record = models.ForeignKey(IncidentRecord, on_delete=models.CASCADE, related_name="link_decisions")
    other = models.ForeignKey(IncidentRecord, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.CharField(max_length=500)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-decided_at", "-pk")

    def __str__(self) -> str:
        return f"Link {self.decision} of records {self.record_id} and {self.other_id}"
