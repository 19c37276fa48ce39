"""Django app configuration for places, alleged perpetrators and linked cases."""

from django.apps import AppConfig


class RelatedConfig(AppConfig):
    name = "community_trigger.related"
    verbose_name = "Places, alleged perpetrators and linked cases"
