"""The early-warning app."""

from django.apps import AppConfig


class EarlyWarningConfig(AppConfig):
    name = "community_trigger.earlywarning"
    label = "earlywarning"
    verbose_name = "Early warning"
