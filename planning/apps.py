from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = "Planning workbench"

    def ready(self) -> None:
        from planning import languages, signals  # noqa: F401 - languages connects the sign-in receiver

        signals.connect()
