"""Django app configuration for the case diary."""

from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "community_trigger.diary"
    verbose_name = "Case diary"
