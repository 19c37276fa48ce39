"""Django's admin for platform administrators: superusers, signed in on the staff sign-in page with
their second factor. Partnerships, agencies, staff, memberships and two-factor devices are managed here,
and every change made here is written to the audit log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin import ModelAdmin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django_otp.admin import OTPAdminSite

from community_trigger.accounts import views
from community_trigger.accounts.decorators import is_verified
from community_trigger.audit.admin import audited
from community_trigger.common.forms import PlainTextFormMixin


class StaffAdminSite(OTPAdminSite):  # type: ignore[misc]  # django-otp has no type hints
    site_header = "Community Trigger administration"
    site_title = "Community Trigger administration"
    index_title = "Partnerships, agencies and staff"

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        """Every model is registered with the audit mixin, whoever registers it (our apps, auth,
        django-otp, axes): each change made here is in the audit log."""
        super().register(model_or_iterable, audited(plain_text(admin_class or ModelAdmin)), **options)

    def has_permission(self, request: HttpRequest) -> bool:
        # OTPAdminSite adds "verified by a second factor" to Django's active-and-is_staff.
        return bool(super().has_permission(request) and request.user.is_superuser)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """There is one sign-in page, with the lockout, the audit and the second factor: the staff one."""
        if is_verified(request):
            # Fully signed in, but not a platform administrator.
            return views.admin_refused(request)
        wanted = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index", current_app=self.name)
        # Someone who gave the password but no code yet goes on to the code, as staff_required sends them.
        step = "accounts:second_factor" if request.user.is_authenticated else "accounts:sign_in"
        return redirect_to_login(wanted, reverse(step))

    def logout(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """Signing out of the admin is signing out of the service, audited like any other."""
        return views.sign_out(request)


def plain_text(admin_class: type[ModelAdmin[Any]]) -> type[ModelAdmin[Any]]:
    """`admin_class` whose forms, inline forms and list edits take invisible characters out of what is
    typed, as every form of the service does (a right-to-left override in an agency's name would
    reverse what letters and packs show)."""

    class PlainTextAdmin(admin_class):  # type: ignore[valid-type,misc]
        def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
            return _plain(super().get_form(request, obj, change=change, **kwargs))

        def get_changelist_form(self, request: HttpRequest, **kwargs: Any) -> Any:
            return _plain(super().get_changelist_form(request, **kwargs))

        def get_inline_instances(self, request: HttpRequest, obj: Any = None) -> list[Any]:
            inlines: list[Any] = super().get_inline_instances(request, obj)
            for inline in inlines:
                inline.form = _plain(inline.form)
            return inlines

    PlainTextAdmin.__name__ = PlainTextAdmin.__qualname__ = admin_class.__name__
    return PlainTextAdmin


def _plain(form_class: type[forms.BaseForm]) -> type[forms.BaseForm]:
    if issubclass(form_class, PlainTextFormMixin):
        return form_class
    return type(form_class.__name__, (PlainTextFormMixin, form_class), {"__module__": form_class.__module__})
