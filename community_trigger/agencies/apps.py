"""Django app configuration for partnerships and agencies."""

from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "community_trigger.agencies"
    verbose_name = "Partnerships and agencies"
