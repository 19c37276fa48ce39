"""Django app configuration for data requests (subject access, rectification, erasure)."""

from django.apps import AppConfig


class DataRequestsConfig(AppConfig):
    name = "community_trigger.datarequests"
    verbose_name = "Data requests"
