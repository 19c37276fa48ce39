"""The dispatcher of case events' consequences, installed as the application starts."""

from django.apps import AppConfig


class ConsequencesConfig(AppConfig):
    name = "community_trigger.consequences"
    verbose_name = "Consequences of case events"

    def ready(self) -> None:
        # Models can be imported only once the registry is ready, so not at the top of this module.
        from community_trigger.cases.history import dispatcher_install  # noqa: PLC0415

        dispatcher_install("community_trigger.consequences.dispatch.dispatch")
