"""One audit entry per view or change of personal data. Entries are only ever added."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AppendOnly(Exception):
    """The audit log is only ever added to: an entry is never changed or deleted."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnly("Audit entries are never changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("Audit entries are never deleted")


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "Created"
        VIEW = "view", "Viewed"
        CHANGE = "change", "Changed"
        DELETE = "delete", "Deleted"
        # Staff sign-in (community_trigger.accounts): the subject is the account.
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Failed to sign in"
        SIGN_OUT = "sign_out", "Signed out"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    actor_label = models.CharField(max_length=100, help_text="Who, in words, when not a signed-in user.")
    action = models.CharField(max_length=20, choices=Action.choices)
    subject = models.CharField(max_length=100, help_text="What was seen or changed, e.g. application.")
    subject_id = models.CharField(max_length=64)
    detail = models.CharField(max_length=300, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.subject} {self.subject_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A guard on the log's integrity, not a business rule: an entry, once written, stays as it is.
        if not self._state.adding:
            raise AppendOnly("Audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("Audit entries are never deleted")
