"""A person's request about the data a partnership holds on them (UK GDPR Articles 15 to 17): who asked,
for what, by when it must be answered, what was found, and each step taken on it, appended."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_trigger.agencies.models import Partnership
from community_trigger.cases.models import Application
from community_trigger.common.models import AppendOnlyModel, WrittenWords


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Subject access")
    RECTIFICATION = "rectification", _("Rectification")
    ERASURE = "erasure", _("Erasure")


class RequestState(models.TextChoices):
    OPEN = "open", _("Open")
    SEARCHED = "searched", _("Searched")
    READY = "ready", _("Redactions reviewed")
    RELEASED = "released", _("Released")
    REFUSED = "refused", _("Refused")
    CARRIED_OUT = "carried_out", _("Carried out")


# States a request is finished in: nothing more is due on it.
CLOSED = (RequestState.RELEASED, RequestState.REFUSED, RequestState.CARRIED_OUT)


class ReceivedVia(models.TextChoices):
    EMAIL = "email", _("Email")
    POST = "post", _("Post")
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")


class RefusalGround(models.TextChoices):
    """The UK GDPR Article 17(3) grounds on which a partnership may keep data a person asks it to erase."""

    LEGAL_OBLIGATION = "legal_obligation", _("Needed to comply with a legal obligation (Article 17(3)(b))")
    PUBLIC_TASK = "public_task", _("Needed for a task in the public interest (Article 17(3)(b))")
    LEGAL_CLAIMS = "legal_claims", _("Needed for legal claims (Article 17(3)(e))")
    ARCHIVING = "archiving", _("Archiving in the public interest or statistics (Article 17(3)(d))")
    OTHER = "other", _("Another reason")


class DataRequest(models.Model):
    """One request from one person. What they gave to find them is kept here (and only here), to
    search with and to write back to them; it goes when the request's own retention ends."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="data_requests")
    reference = models.CharField(max_length=30, unique=True, help_text="As in DR-TVP-2026-0001.")
    kind = models.CharField(max_length=20, choices=RequestKind.choices)
    state = models.CharField(max_length=20, choices=RequestState.choices, default=RequestState.OPEN)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    received_on = models.DateField()
    received_via = models.CharField(max_length=20, choices=ReceivedVia.choices)
    language = models.CharField(max_length=2, choices=[("en", "English"), ("cy", "Cymraeg")], default="en")
    # One calendar month from receipt, and up to two months more (Article 12(3)).
    due_by = models.DateField()
    extended_months = models.PositiveSmallIntegerField(default=0)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    refusal_ground = models.CharField(max_length=20, choices=RefusalGround.choices, blank=True)

    class Meta:
        ordering = ["due_by", "pk"]
        indexes = [models.Index(fields=["partnership", "state", "due_by"], name="datarequest_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(extended_months__lte=2), name="datarequest_extension_max"
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def closed(self) -> bool:
        return self.state in CLOSED


class StepKind(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    EXTENDED = "extended", _("Deadline extended")
    SEARCHED = "searched", _("Findings chosen")
    REDACTIONS_REVIEWED = "redactions_reviewed", _("Redactions reviewed")
    RELEASED = "released", _("Released to the person")
    DOWNLOADED = "downloaded", _("Export downloaded")
    RECTIFIED = "rectified", _("Record corrected")
    REFUSED = "refused", _("Refused")
    ERASURE_DECIDED = "erasure_decided", _("Erasure carried out")


class Step(AppendOnlyModel):
    """One thing done on a request, by whom and when; any reason in words is kept beside it."""

    request = models.ForeignKey(DataRequest, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(max_length=30, choices=StepKind.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_state = models.CharField(max_length=20, choices=RequestState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=RequestState.choices, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


class StepWords(WrittenWords):
    step = models.OneToOneField(Step, on_delete=models.PROTECT, related_name="words")


class Finding(models.Model):
    """A record the coordinator confirmed is this person's (`source` names its kind, `row_id` its row),
    or, with `redact` set, one of the export's items flagged for redaction and the choice made on it."""

    request = models.ForeignKey(DataRequest, on_delete=models.CASCADE, related_name="findings")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=20)
    row_id = models.PositiveBigIntegerField()
    # What made it match, in words of the search (never the matched data itself): "name", "email".
    matched_on = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "source", "row_id"], name="datarequest_finding_once")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.row_id}"


class Redaction(models.Model):
    """The coordinator's choice on one item of the export flagged for redaction: redact (the default)
    or release."""

    request = models.ForeignKey(DataRequest, on_delete=models.CASCADE, related_name="redactions")
    item = models.CharField(max_length=60, help_text="The export item's key, as 'document:12'.")
    redact = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "item"], name="datarequest_redaction_once")]

    def __str__(self) -> str:
        return self.item
