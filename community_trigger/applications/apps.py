"""Django app configuration for the public journey."""

from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "community_trigger.applications"
    verbose_name = "Public journey"
