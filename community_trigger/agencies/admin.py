"""Partnerships, their agencies and the staff's memberships, for platform administrators."""

from __future__ import annotations

from django.contrib import admin

from community_trigger.agencies.models import Agency, Membership, Partnership, SupportService


# ModelAdmin and its inlines are generic only in django-stubs: Django's own classes cannot be
# subscripted at run time, hence the type-arg ignores.
class AgencyInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Agency
    extra = 0
    fields = ["name", "kind", "complaints_url"]
    show_change_link = True


class SupportServiceInline(admin.TabularInline):  # type: ignore[type-arg]
    """The local services listed beside 999, 101, Victim Support and ASB Help on the public pages."""

    model = SupportService
    extra = 0
    fields = ["position", "name", "description", "phone", "url"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "slug", "reference_prefix", "policy", "year_basis"]
    search_fields = ["name", "slug", "reference_prefix"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AgencyInline, SupportServiceInline]
    # Grouped as the public pages use them: what its privacy notice and accessibility statement say
    # sits apart, so whoever keeps them up to date finds them together.
    fieldsets = [
        (None, {"fields": ["name", "slug", "reference_prefix", "policy", "year_basis", "languages"]}),
        ("Other ways to ask", {"fields": ["phone", "phone_hours", "email", "postal_address"]}),
        (
            "Timescales, in working days",
            {
                "fields": [
                    "acknowledge_within_days",
                    "decide_within_days",
                    "respond_within_days",
                    "review_within_days",
                    "outcome_within_days",
                    "plan_comments_within_days",
                    "escalation_window_days",
                    "escalation_decision_within_days",
                ]
            },
        ),
        (
            "Privacy notice and accessibility statement",
            {"fields": ["data_controller", "dpo_contact", "retention_years", "accessibility_checked_on"]},
        ),
    ]


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kind", "partnership"]
    list_filter = ["partnership", "kind"]
    search_fields = ["name", "partnership__name"]
    list_select_related = ["partnership"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "role", "agency", "partnership"]
    list_filter = ["role", "agency__partnership", "agency__kind"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name", "agency__name"]
    list_select_related = ["user", "agency__partnership"]
    autocomplete_fields = ["user", "agency"]

    @admin.display(ordering="agency__partnership__name")
    def partnership(self, membership: Membership) -> Partnership:
        return membership.agency.partnership
