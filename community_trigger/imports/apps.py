"""Django app configuration for importing past cases."""

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "community_trigger.imports"
    verbose_name = "Importing past cases"
