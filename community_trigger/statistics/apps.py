"""Django's record of the statistics app."""

from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "community_trigger.statistics"
    label = "statistics"
    verbose_name = "Published statistics"
