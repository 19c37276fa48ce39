"""Django app configuration for the audit log."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "community_trigger.audit"
    verbose_name = "Audit log"
