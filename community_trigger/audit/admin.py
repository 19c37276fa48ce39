"""Changes made in Django's admin, written to the audit log: the mixin every registered ModelAdmin gets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_admin_change


def _changed_fields(message: Any) -> list[str]:
    """The field labels Django's change message names for the object itself (inline objects, which
    carry a "name", are recorded on their own by save_formset)."""
    if not isinstance(message, list):
        return []
    return [
        str(field)
        for part in message
        if isinstance(part, dict) and "name" not in part.get("changed", {"name": None})
        for field in part["changed"].get("fields", [])
    ]


def _labels(form: forms.BaseForm, names: Iterable[str]) -> list[str]:
    """Field labels as Django's own change messages give them, so inline and page entries read alike."""
    return [str(form.fields[name].label or name) if name in form.fields else name for name in names]


# ModelAdmin is generic only in django-stubs: Django's own class cannot be subscripted at run time.
class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Writes an audit entry beside each of the admin's own log entries: every add, change (password
    changes and list edits included) and deletion (bulk actions included), and each inline object
    added, changed or deleted with its page. The admin site mixes this into every ModelAdmin it is
    given, so no model can be registered without it."""

    def log_addition(self, request: HttpRequest, obj: models.Model, message: Any) -> Any:
        logged = super().log_addition(request, obj, message)
        audit_admin_change(actor=request.user, action=AuditEntry.Action.CREATE, subject=obj)
        return logged

    def log_change(self, request: HttpRequest, obj: models.Model, message: Any) -> Any:
        logged = super().log_change(request, obj, message)
        audit_admin_change(
            actor=request.user, action=AuditEntry.Action.CHANGE, subject=obj, fields=_changed_fields(message)
        )
        return logged

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        # Django calls this before deleting, for one object and for the bulk action alike: the ids
        # are still there to record.
        for obj in queryset:
            audit_admin_change(actor=request.user, action=AuditEntry.Action.DELETE, subject=obj)
        return super().log_deletions(request, queryset)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # Deleting an object clears its id, so the ids of the forms that may be deleted are kept first.
        ids = {id(inline.instance): inline.instance.pk for inline in formset.initial_forms}
        super().save_formset(request, form, formset, change)
        parent = form.instance
        for obj in formset.new_objects:
            audit_admin_change(
                actor=request.user, action=AuditEntry.Action.CREATE, subject=obj, within=parent
            )
        for obj, names in formset.changed_objects:
            audit_admin_change(
                actor=request.user,
                action=AuditEntry.Action.CHANGE,
                subject=obj,
                fields=_labels(formset.forms[0], names),
                within=parent,
            )
        for obj in formset.deleted_objects:
            obj.pk = ids.get(id(obj), obj.pk)
            audit_admin_change(
                actor=request.user, action=AuditEntry.Action.DELETE, subject=obj, within=parent
            )

    def audit_deleted(self, request: HttpRequest, objects: Sequence[models.Model], note: str = "") -> None:
        """For an admin action that deletes without Django's own deletion path: record each object."""
        for obj in objects:
            audit_admin_change(actor=request.user, action=AuditEntry.Action.DELETE, subject=obj, note=note)


def audited(admin_class: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:  # type: ignore[type-arg]
    """`admin_class` with AuditedAdmin mixed in first, so its hooks run around the class's own."""
    if issubclass(admin_class, AuditedAdmin):
        return admin_class
    return type(admin_class.__name__, (AuditedAdmin, admin_class), {"__module__": admin_class.__module__})
