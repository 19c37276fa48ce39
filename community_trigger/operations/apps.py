"""Django app configuration for operations (what a load balancer and an operator look at)."""

from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "community_trigger.operations"
    verbose_name = "Operations"
