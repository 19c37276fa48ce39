"""Django app configuration for cases."""

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "community_trigger.cases"
    verbose_name = "Cases"
