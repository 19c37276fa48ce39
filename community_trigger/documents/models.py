"""A document on a case (minutes, statements, agency extracts, photos, emails), and what it belongs to.

A document belongs to the case, and to at most one part of it: an agency's information answer, a
review meeting or a diary entry. Whoever may see that part may see the document; a document of the
case alone has its own visibility, as a diary entry has. Its file is kept through Django's storage
API, under a name the service chose: the name it came with is kept only as words to show.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_trigger.agencies.models import Agency
from community_trigger.cases.models import Application
from community_trigger.common.models import known
from community_trigger.diary.models import Entry, Visibility
from community_trigger.reviews.models import Meeting
from community_trigger.sharing.models import InformationResponse


class DocumentKind(models.TextChoices):
    MINUTES = "minutes", _("Meeting minutes")
    STATEMENT = "statement", _("Statement")
    AGENCY_EXTRACT = "agency_extract", _("Agency records extract")
    PHOTO = "photo", _("Photo")
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")
    OTHER = "other", _("Other")


class ScanResult(models.TextChoices):
    CLEAN = "clean", _("Scanned: no virus found")
    NOT_SCANNED = "not_scanned", _("Not scanned: no virus scanner is set up")


def stored_name(document: Document, filename: str) -> str:
    """Where the file is kept: by case and a random name, never the name it came with."""
    return f"cases/{document.application_id}/{document.key}"


class Document(models.Model):
    """One file on a case, with what it is, who added it, and who may see it."""

    Kind = DocumentKind

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    # At most one of these: the part of the case it belongs to.
    response = models.ForeignKey(
        InformationResponse, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    key = models.CharField(max_length=64, unique=True, help_text="The random name its file is kept under.")
    file = models.FileField(upload_to=stored_name, max_length=200)
    name = models.CharField(max_length=200, help_text="The file's name as it came, checked, to show.")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices, default=DocumentKind.OTHER)
    description = models.CharField(max_length=300, blank=True)
    content_type = models.CharField(max_length=100, help_text="The type read from its content.")
    size = models.PositiveBigIntegerField(help_text="In bytes.")
    sha256 = models.CharField(max_length=64)
    scan = models.CharField(max_length=20, choices=ScanResult.choices)
    # A document of the case alone: who may see it. One of a part follows the part's rules.
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.COORDINATORS)
    sensitive = models.BooleanField(
        default=False,
        help_text="Seen only by the coordinators, the panel chair and the agency that gave it.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Which agency gave it (the uploader's, or the agency whose answer it belongs to): that agency
    # keeps seeing it when it is sensitive. Empty for the partnership's own documents.
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The agency that gave it.",
    )
    uploaded_by_label = models.CharField(
        max_length=200, blank=True, help_text="Who added it, when not a signed-in member of staff."
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["application", "uploaded_at", "pk"]
        constraints = [
            known("kind", DocumentKind.choices),
            known("scan", ScanResult.choices),
            known("visibility", Visibility.choices),
            models.CheckConstraint(
                condition=Q(response__isnull=True, meeting__isnull=True)
                | Q(response__isnull=True, entry__isnull=True)
                | Q(meeting__isnull=True, entry__isnull=True),
                name="document_belongs_to_one_part",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} on {self.application}"
