"""Celery tasks of the missions app: the sweep that sends jobs asked for while the broker was away."""

from celery import shared_task

from missions import outbox


@shared_task(name="missions.outbox_sweep")
def outbox_sweep() -> int:
    return outbox.sweep()
