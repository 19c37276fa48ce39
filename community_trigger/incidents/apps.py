"""Django app configuration for the agencies' incident records."""

from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "community_trigger.incidents"
    verbose_name = "Incident records from the agencies"
