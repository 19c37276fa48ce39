"""Partnerships, their agencies and the staff's memberships, for platform administrators."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from community_trigger.agencies.models import Agency, Membership, Partnership, StaffDetails, SupportService
from community_trigger.agencies.public_pages import public_pages_changed
from community_trigger.cases.owners import is_coordinator_of
from community_trigger.common.forms import PlainTextFormMixin


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


class PartnershipForm(PlainTextFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    """A default owner must be one of the partnership's coordinators: a case is theirs to answer for."""

    class Meta:
        model = Partnership
        # The admin gives the form every field of its fieldsets; these are the ones it checks.
        fields = ["owner_rule", "default_owner"]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        owner = cleaned.get("default_owner")
        if owner is not None and not (self.instance.pk and is_coordinator_of(owner, self.instance.pk)):
            self.add_error("default_owner", "Choose a coordinator of this partnership.")
        return cleaned


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = PartnershipForm
    autocomplete_fields = ["default_owner"]
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
        # Who owns a new case: the coordinators in turn, or one named coordinator (while they are one).
        ("Case owners", {"fields": ["owner_rule", "default_owner"]}),
        (
            "Privacy notice and accessibility statement",
            {"fields": ["data_controller", "dpo_contact", "accessibility_checked_on"]},
        ),
        # What the data protection officer answers for (UK GDPR Article 5(2)), shown to the partnership's
        # staff and in its privacy notice.
        (
            "Accountability",
            {
                "fields": [
                    "joint_controllers",
                    "sharing_agreement_reference",
                    "sharing_agreement_review_on",
                    "lawful_bases",
                    "lawful_bases_cy",
                ]
            },
        ),
    ]

    # What its public pages show changes with its settings, agencies and support services: each save
    # and delete here has them made afresh.
    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        public_pages_changed(form.instance)

    def delete_model(self, request: HttpRequest, obj: Partnership) -> None:
        partnership_id = obj.pk
        super().delete_model(request, obj)
        public_pages_changed(partnership_id)


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kind", "partnership", "contact_email"]
    fieldsets = [
        (None, {"fields": ["partnership", "name", "kind", "complaints_url"]}),
        (
            "Where information requests go",
            {
                "description": "An agency with nobody in the service who may answer is sent each request "
                "at its contact address, with a secure link to answer it; its lead contact is told "
                "when an answer is 5 working days late.",
                "fields": ["contact_name", "contact_email", "lead_contact_email"],
            },
        ),
    ]
    list_filter = ["partnership", "kind"]
    search_fields = ["name", "partnership__name"]
    list_select_related = ["partnership"]
    inlines = [MembershipInline]

    # An agency's name and kind are on its partnership's start page, procedure and checker.
    def save_model(self, request: HttpRequest, obj: Agency, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        public_pages_changed(obj.partnership_id)

    def delete_model(self, request: HttpRequest, obj: Agency) -> None:
        super().delete_model(request, obj)
        public_pages_changed(obj.partnership_id)


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


@admin.register(StaffDetails)
class StaffDetailsAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A member of staff's job title and direct line, with which they sign the letters of their cases."""

    list_display = ["user", "job_title", "phone"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name", "job_title"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
