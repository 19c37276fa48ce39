"""Django app configuration for staff sign-in, and Django's admin as a two-factor site."""

from django.apps import AppConfig

# Imported as a module: a second AppConfig class with default = True in this namespace would make
# Django unsure which one "community_trigger.accounts" means.
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "community_trigger.accounts"
    verbose_name = "Staff sign-in"
    default = True


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site as admin.site, so every app's ModelAdmin (ours, auth's, django-otp's,
    axes') lands on the site that asks for a second factor."""

    default = False
    default_site = "community_trigger.accounts.admin_site.StaffAdminSite"
