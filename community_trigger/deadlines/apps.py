"""Django app configuration for deadlines."""

from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "community_trigger.deadlines"
    verbose_name = "Deadlines and reminders"
