"""Django app configuration for documents and evidence."""

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "community_trigger.documents"
    verbose_name = "Documents"
