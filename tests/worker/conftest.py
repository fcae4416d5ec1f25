"""Real Celery worker processes for the report tests.

`start_worker()` runs a real worker (tests.celery_worker) against the pytest-django test database
and the Redis of REDIS_URL. Report jobs go to a queue named for this test session only
(WORKBENCH_REPORT_QUEUE), so workers of other sessions or benchmarks sharing the Redis database
never take them, and these workers take no one else's.
`private_redis` is a redis-server of our own on another port (tests.redis_server), for the test
that stops the broker: the machine's Redis is shared and never stopped.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from planning.celery import app as celery_app
from tests.celery_worker import WorkerProcess, point_app_at
from tests.redis_server import running_private_redis

VISIBILITY_TIMEOUT = 5


QUEUE = f"reports-test-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def _broker_url() -> str:
    return os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/8")


class Worker(WorkerProcess):
    """A report worker of this test session's queue (tests.celery_worker.WorkerProcess)."""

    def __init__(self, broker_url: str, log_dir: Path, *, concurrency: int = 1, step_delay: float = 0):
        super().__init__(
            broker_url,
            log_dir / f"worker-{uuid.uuid4().hex[:6]}.log",
            queue=QUEUE,
            name=f"reports-test-{uuid.uuid4().hex[:6]}",
            concurrency=concurrency,
            env={
                "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
                "MEDIA_ROOT": str(settings.MEDIA_ROOT),
                "WORKBENCH_REPORT_STEP_DELAY_SECONDS": str(step_delay),
                "WORKBENCH_REPORT_QUEUE": QUEUE,
            },
        )


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def report_queue(settings):
    """Report jobs of this process go to this session's queue."""
    settings.WORKBENCH = {**settings.WORKBENCH, "REPORT_QUEUE": QUEUE}
    return QUEUE


@pytest.fixture
def broker(report_queue):
    """The broker URL of this test, with this process publishing to it, not in-process."""
    import redis

    url = _broker_url()
    before_url, before_eager = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    point_app_at(url)
    celery_app.conf.task_always_eager = False
    yield url
    redis.Redis.from_url(url).delete(report_queue)  # what a failed test left behind
    point_app_at(before_url)
    celery_app.conf.task_always_eager = before_eager


@pytest.fixture
def start_worker(tmp_path, media_root):
    workers: list[Worker] = []

    def start(broker_url: str, **kwargs) -> Worker:
        worker = Worker(broker_url, tmp_path, **kwargs)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def private_redis(tmp_path):
    with running_private_redis(tmp_path) as server:
        yield server
