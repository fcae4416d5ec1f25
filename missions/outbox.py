"""Background jobs that survive a broker outage (a transactional outbox).

A service that wants a job run after its write calls `enqueue(task, *args)` inside its
transaction: a `QueuedTask` row is written with the data, and once the transaction commits the
job is handed to the broker and the row deleted. When the broker cannot be reached the request
still succeeds: the row stays, and `sweep()` (every minute, from beat) sends it once the broker is
back. Jobs are therefore sent at least once; every task is safe to run twice.

`publish()` is the one way the web processes hand a job to the broker: on a connection with short
timeouts, and not at all for `RETRY_AFTER` seconds after a failure, so that no request waits on a
dead or frozen broker for more than about a second. Progress reports keep their own run rows
(`ProgressReport.sent_at`) and publish through it too.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from missions.models import QueuedTask

logger = logging.getLogger("workbench.outbox")

_down_until = {"at": 0.0}
SETTLE_SECONDS = 10


def _timeout() -> float:
    return float(getattr(settings, "WORKBENCH_BROKER_PUBLISH_TIMEOUT", 0.5))


def broker_recently_failed() -> bool:
    return time.monotonic() < _down_until["at"]


def forget_failures() -> None:
    """Try the broker on the next send (tests, and an operator's shell after an outage)."""
    _down_until["at"] = 0.0


def publish(task_name: str, args: list, *, queue: str | None = None) -> bool:
    """Hand a job to the workers (or run it here, when tasks run in-process). False when the
    broker could not take it; the caller keeps the job for a later sweep."""
    app = current_app
    task = app.tasks[task_name]
    if app.conf.task_always_eager:
        task.apply_async(args=args, queue=queue or None)
        return True
    if broker_recently_failed():
        return False
    timeout = _timeout()
    options = {
        **(app.conf.broker_transport_options or {}),
        "socket_timeout": timeout,
        "socket_connect_timeout": timeout,
    }
    try:
        with app.connection_for_write(transport_options=options, connect_timeout=timeout) as connection:
            task.apply_async(args=args, queue=queue or None, connection=connection, retry=False)
    except Exception as error:  # transports raise many kinds; any of them means "not sent"
        _down_until["at"] = time.monotonic() + float(getattr(settings, "WORKBENCH_BROKER_RETRY_AFTER", 5))
        logger.warning("job %s%s not sent to the broker, left for the sweep: %r", task_name, tuple(args), error)
        return False
    return True


_ping_clients: dict = {}


def broker_available() -> bool | None:
    """Whether the broker answers a PING now (None when jobs run in-process), within the same
    short timeout and pause after a failure as `publish`."""
    app = current_app
    if app.conf.task_always_eager:
        return None
    if broker_recently_failed():
        return False
    url = app.conf.broker_url
    if not url.startswith(("redis://", "rediss://")):
        return True  # another transport: its failures show when a job is sent
    import redis

    client = _ping_clients.get(url)
    if client is None:
        timeout = _timeout()
        client = _ping_clients[url] = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
    try:
        return bool(client.ping())
    except redis.RedisError:
        _down_until["at"] = time.monotonic() + float(getattr(settings, "WORKBENCH_BROKER_RETRY_AFTER", 5))
        return False


def enqueue(task, *args, queue: str = "") -> QueuedTask:
    """Record a job (a Celery task, or its name, and JSON arguments) in the caller's transaction;
    it is sent once the transaction commits."""
    name = task if isinstance(task, str) else task.name
    row = QueuedTask.objects.create(name=name, args=list(args), queue=queue)
    transaction.on_commit(lambda: send(row.pk))
    return row


def enqueue_each(task, ids: list) -> None:
    """`enqueue(task, id)` for each id, written in one statement."""
    rows = QueuedTask.objects.bulk_create([QueuedTask(name=task.name, args=[pk]) for pk in ids])
    pks = [row.pk for row in rows]
    transaction.on_commit(lambda: [send(pk) for pk in pks])


def send(pk: int) -> bool:
    """Send one recorded job; delete its row once the broker took it."""
    row = QueuedTask.objects.filter(pk=pk).first()
    if row is None:
        return True  # sent already (by the sweep)
    try:
        sent = publish(row.name, row.args, queue=row.queue or None)
    except Exception:  # the job itself failed, in-process: it is not sent again
        QueuedTask.objects.filter(pk=pk).delete()
        raise
    if sent:
        QueuedTask.objects.filter(pk=pk).delete()
    else:
        QueuedTask.objects.filter(pk=pk).update(attempts=row.attempts + 1, last_error="broker unreachable")
    return sent


def sweep(*, now=None) -> int:
    """Send the jobs no broker took yet, oldest first; stop at the first that fails again.
    Returns how many were sent."""
    sent = 0
    # Younger rows are being sent by the request that wrote them.
    settled = (now or timezone.now()) - dt.timedelta(seconds=SETTLE_SECONDS)
    rows = QueuedTask.objects.filter(created_at__lt=settled).order_by("created_at", "pk")
    for pk in rows.values_list("pk", flat=True)[:1000]:
        if not send(pk):
            break
        sent += 1
    if sent:
        logger.info("outbox sweep: %d queued job(s) sent", sent)
    return sent


def pending_count() -> int:
    return QueuedTask.objects.count()
