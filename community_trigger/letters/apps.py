"""Django's record of the letters app."""

from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "community_trigger.letters"
    label = "letters"
    verbose_name = "Letters"
