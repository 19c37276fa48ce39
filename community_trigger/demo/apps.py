"""The demo: `manage.py load_demo`."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "community_trigger.demo"
    verbose_name = "Demo partnership"
