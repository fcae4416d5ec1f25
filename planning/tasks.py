"""Background jobs of the planning app."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils import translation


@shared_task(name="planning.refresh_iap")
def refresh_iap() -> int:
    """Daily, after midnight: every mission's IAP standing evaluated for the new date, in every
    language, so the first reader of the day does not wait for all of them. Safe to run twice."""
    from missions.models import Mission
    from planning.iap import iap_standings

    missions = list(Mission.objects.all())
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            iap_standings(missions)
    return len(missions)
