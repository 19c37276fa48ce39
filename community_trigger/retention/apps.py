"""Django app configuration for retention: how long a case's personal data is kept, and its removal."""

from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "community_trigger.retention"
    verbose_name = "Retention and anonymisation"
