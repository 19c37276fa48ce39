"""Django's record of the reviews app."""

from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "community_trigger.reviews"
    label = "reviews"
    verbose_name = "Reviews"
