"""Django app configuration for data protection oversight: accountability, access reports, unusual
access alerts and staff leaving."""

from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "community_trigger.oversight"
    verbose_name = "Data protection oversight"
