"""Staff accounts in the admin: the user page also lists the user's memberships of agencies."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from community_trigger.agencies.models import Membership

User = get_user_model()


# ModelAdmin and its inlines are generic only in django-stubs: Django's own classes cannot be
# subscripted at run time, hence the type-arg ignores.
class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    autocomplete_fields = ["agency"]


class StaffUserAdmin(UserAdmin):  # type: ignore[type-arg]
    inlines = [MembershipInline]


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
