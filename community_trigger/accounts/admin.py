"""Staff accounts in the admin: the user page also lists the user's memberships of agencies. Lockouts
are lifted here too, each one recorded in the audit log."""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community_trigger.agencies.models import Membership
from community_trigger.audit.admin import AuditedAdmin
from community_trigger.cases.models import Application
from community_trigger.common.forms import PlainTextFormMixin

User = get_user_model()


# ModelAdmin and its inlines are generic only in django-stubs: Django's own classes cannot be
# subscripted at run time, hence the type-arg ignores.
class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    autocomplete_fields = ["agency"]


class StaffUserChangeForm(PlainTextFormMixin, UserChangeForm):  # type: ignore[type-arg]
    """A member of staff who still owns cases is deactivated from the Team page (/staff/team/), which
    hands their cases on (oversight.services.staff_leave): never by unticking "active" here, which
    would leave their cases with nobody."""

    def clean_is_active(self) -> bool:
        active = bool(self.cleaned_data.get("is_active"))
        user = self.instance
        if user.pk and user.is_active and not active and Application.objects.filter(owner=user).exists():
            raise ValidationError(
                "They still own cases. A coordinator of their partnership deactivates them on the Team "
                "page (/staff/team/), which hands their cases on."
            )
        return active


class StaffUserAdmin(UserAdmin):  # type: ignore[type-arg]
    form = StaffUserChangeForm
    inlines = [MembershipInline]


class LockoutAdmin(AuditedAdmin, AccessAttemptAdmin):  # type: ignore[misc]  # axes' admin has no type hints
    """django-axes' failed sign-in attempts, whose deletion lifts a lockout. Its own "clean up expired
    attempts" action deletes behind the admin's back (and needs a sign-in request to work out the
    cool-off), so it is replaced by one that records each attempt it removes."""

    actions = ["cleanup_expired_attempts"]

    @admin.action(description=_("Clean up expired attempts"))
    def cleanup_expired_attempts(self, request: HttpRequest, queryset: Any) -> None:
        cool_off = get_cool_off()
        expired = (
            list(AccessAttempt.objects.filter(attempt_time__lt=timezone.now() - cool_off)) if cool_off else []
        )
        self.audit_deleted(request, expired, note="expired")
        AccessAttempt.objects.filter(pk__in=[attempt.pk for attempt in expired]).delete()
        self.message_user(
            request,
            ngettext(
                "Cleaned up %(count)d expired access attempt.",
                "Cleaned up %(count)d expired access attempts.",
                len(expired),
            )
            % {"count": len(expired)},
        )


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
if admin.site.is_registered(AccessAttempt):  # axes can be told not to offer its admin at all
    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, LockoutAdmin)
