"""Django app configuration for notifications (its templates are the messages)."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "community_trigger.notifications"
    verbose_name = "Notifications"
