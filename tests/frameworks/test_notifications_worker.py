"""A comment's notifications delivered by a real Celery worker process: queued only once the
comment is committed, then written to the in-app list by the worker (and safe to run twice)."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import pytest

from frameworks import services
from frameworks.choices import FrameworkStatus
from missions.models import Notification
from planning.celery import app as celery_app
from tests.celery_worker import WorkerProcess, point_app_at
from tests.frameworks.isf_world import make_world

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker, pytest.mark.django_db(transaction=True)]
QUEUE = f"isf-notify-test-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def _set_routes(routes) -> None:
    """Celery builds its router once per process: rebuild it so the new routes apply even after
    earlier tests have sent tasks."""
    celery_app.conf.task_routes = routes
    celery_app.amqp.flush_routes()
    celery_app.amqp.__dict__.pop("router", None)


@pytest.fixture
def worker(tmp_path):
    """A worker of this test only: it consumes a queue no one else publishes to."""
    broker = os.environ["REDIS_URL"]
    before = (celery_app.conf.broker_url, celery_app.conf.task_always_eager, celery_app.conf.task_routes)
    point_app_at(broker)
    celery_app.conf.task_always_eager = False
    _set_routes({"frameworks.tasks.*": {"queue": QUEUE}})
    try:
        process = WorkerProcess(
            broker,
            tmp_path / "worker.log",
            queue=QUEUE,
            name=QUEUE,
            pool="solo",
            env={"DJANGO_SETTINGS_MODULE": "planning.settings_test", "SECRET_KEY": "notify-worker-test-" + "x" * 40},
        )
        try:
            yield process.log
        finally:
            process.stop()
    finally:
        import redis

        redis.Redis.from_url(broker).delete(QUEUE)
        point_app_at(before[0])
        celery_app.conf.task_always_eager = before[1]
        _set_routes(before[2])


def wait_for(condition, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out; worker log:\n" + log.read_text(errors="replace")[-3000:]
        time.sleep(0.2)


def test_worker_notifies_the_mentioned_planner_after_commit(worker):
    world = make_world()
    framework = world.framework(status=FrameworkStatus.CONSULTATION)
    services.comment_add(
        framework=framework,
        actor=world.undp_planner,
        priority=framework.priorities.first(),
        body=f"@{world.planner.username} please look at this.",
    )
    wait_for(lambda: Notification.objects.filter(user=world.planner).exists(), worker)
    notice = Notification.objects.get(user=world.planner)
    assert "mentioned you in a comment on" in notice.text and "/comments/#comment-" in notice.url
    assert "notify_comment" in worker.read_text() and "succeeded" in worker.read_text()
