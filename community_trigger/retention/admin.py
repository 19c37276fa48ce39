"""Each partnership's retention schedule, for platform administrators: every change written to the audit
log with what changed, in words (the periods only, nothing personal)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from community_trigger.retention.models import LegalHold, RetentionSchedule
from community_trigger.retention.services import schedule_save


@admin.register(RetentionSchedule)
class RetentionScheduleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    fields = [
        "partnership",
        "closed_years",
        "not_met_years",
        "draft_days",
        "audit_years",
        "data_request_years",
    ]
    list_display = ["partnership", "closed_years", "not_met_years", "draft_days", "audit_years"]
    list_select_related = ["partnership"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # A schedule belongs to its partnership for good.
        return ["partnership"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: RetentionSchedule, form: Any, change: bool) -> None:
        schedule_save(schedule=obj, actor=request.user)


@admin.register(LegalHold)
class LegalHoldAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read only: holds are placed and lifted by the partnership's coordinators, with their history."""

    list_display = ["application", "placed_at", "lifted_at"]
    list_select_related = ["application"]
    readonly_fields = [
        "application",
        "placed_at",
        "placed_by",
        "reason",
        "lifted_at",
        "lifted_by",
        "lift_reason",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
