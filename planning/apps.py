from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = "Planning workbench"

    def ready(self) -> None:
        from planning import signals

        signals.connect()
