"""Django's record of the information sharing app."""

from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "community_trigger.sharing"
    label = "sharing"
    verbose_name = "Information sharing"
