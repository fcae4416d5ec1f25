"""Recompute every indicator standing and mission roll-up from the approved updates."""

import time

from django.core.management.base import BaseCommand

from benchmarks.standing import standings_rebuild


class Command(BaseCommand):
    help = "Recompute every indicator standing and mission roll-up from scratch (benchmarks.rules)."

    def handle(self, *args, **options):
        started = time.monotonic()
        indicators, missions = standings_rebuild()
        self.stdout.write(
            f"{indicators} indicator standings and {missions} mission roll-ups rebuilt "
            f"in {time.monotonic() - started:.1f} s"
        )
