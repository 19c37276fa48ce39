"""One audit entry per view or change of personal data. Entries are only ever added."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from community_trigger.common.models import AppendOnlyModel


class AuditEntry(AppendOnlyModel):
    class Action(models.TextChoices):
        CREATE = "create", "Created"
        VIEW = "view", "Viewed"
        CHANGE = "change", "Changed"
        DELETE = "delete", "Deleted"
        EXPORT = "export", "Exported"
        # Staff sign-in (community_trigger.accounts): the subject is the account.
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Failed to sign in"
        SIGN_OUT = "sign_out", "Signed out"
        # Something offered that the service would not keep (a document with a virus in it).
        REFUSE = "refuse", "Refused"

    class Purpose(models.TextChoices):
        """Why a case was looked at: the page, document or file that showed it."""

        CASE_PAGE = "case_page", _("Case page")
        CASE_LIST = "case_list", _("Case list")
        EXPORT = "export", _("Case list download")
        MEETING_PACK = "meeting_pack", _("Meeting pack")
        LETTER = "letter", _("Letter")
        FORM = "form", _("A page to take a step on the case")
        DOCUMENT = "document", _("Document download")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    actor_label = models.CharField(max_length=100, help_text="Who, in words, when not a signed-in user.")
    # Who the signed-in actor was when the entry was written: a later rename or change of role must
    # not rewrite history, so these are copied, never read through `actor`.
    actor_username = models.CharField(max_length=150, blank=True, db_index=True)
    actor_name = models.CharField(max_length=150, blank=True)
    actor_roles = models.CharField(max_length=300, blank=True, help_text="Their roles, and where, then.")
    action = models.CharField(max_length=20, choices=Action.choices)
    subject = models.CharField(max_length=100, help_text="What was seen or changed, e.g. application.")
    subject_id = models.CharField(max_length=64)
    detail = models.CharField(max_length=300, blank=True)
    # For a view: what showed the case. Empty for changes, and for views from before it was kept.
    purpose = models.CharField(max_length=20, choices=Purpose.choices, blank=True, default="")

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit entries"
        indexes = [
            # The daily check for unusual access (oversight/services.py) counts the cases each member of
            # staff opened, day by day, over weeks of millions of entries: read from this index alone.
            models.Index(
                fields=["at", "actor", "purpose", "subject_id"],
                name="audit_cases_opened",
                condition=models.Q(subject="application", actor__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.subject} {self.subject_id}"
