"""/health/ready/ (django-health-check) against a Redis and a Celery worker of the test's own:
ready while database, cache, storage, broker and a worker answer; not ready, naming the part,
when the worker is gone or Redis stops. /health/ stays the cheap liveness probe."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from missions import outbox
from planning.celery import app as celery_app
from tests.celery_worker import WorkerProcess, point_app_at
from tests.redis_server import running_private_redis

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def private_redis(tmp_path, settings):
    """Cache and broker on a Redis of this test only (stopping it touches no other test)."""
    with running_private_redis(tmp_path) as server:
        settings.CACHES = {
            "default": {
                "BACKEND": "planning.redis_cache.RedisCache",
                "LOCATION": server.url,
                "KEY_PREFIX": "ready-test",
                "OPTIONS": {"SOCKET_TIMEOUT": 0.25, "RETRY_AFTER": 0.5},
            }
        }
        settings.WORKBENCH_READY_WORKER_SECONDS = 1
        cache.outage.__init__()
        before = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
        point_app_at(server.url)
        celery_app.conf.task_always_eager = False
        try:
            yield server
        finally:
            point_app_at(before[0])
            celery_app.conf.task_always_eager = before[1]
            cache.outage.__init__()
            outbox.forget_failures()


@pytest.fixture
def worker(private_redis, tmp_path):
    process = WorkerProcess(private_redis.url, tmp_path / "worker.log", queue="celery", name="ready", pool="solo")
    yield process
    process.stop()


def failures(answer) -> dict[str, str]:
    return {check: result for check, result in answer.json().items() if result != "OK"}


def test_ready_when_every_part_answers_and_not_when_the_worker_is_gone(client, worker):
    answer = client.get(reverse("health-ready"), HTTP_ACCEPT="application/json")
    assert answer.status_code == 200, answer.content
    checks = " ".join(answer.json())
    for part in ("Database", "Cache", "Storage", "Redis", "Ping"):
        assert part in checks
    assert failures(answer) == {}

    worker.stop()
    answer = client.get(reverse("health-ready"), HTTP_ACCEPT="application/json")
    assert answer.status_code == 500
    assert list(failures(answer).values()) == ["Unavailable: Celery workers unavailable"]


def test_not_ready_when_redis_stops_while_liveness_still_answers(client, worker, private_redis):
    assert client.get(reverse("health-ready"), HTTP_ACCEPT="application/json").status_code == 200
    private_redis.stop()
    answer = client.get(reverse("health-ready"), HTTP_ACCEPT="application/json")
    assert answer.status_code == 500
    failed = failures(answer)
    assert any(check.startswith("Cache") for check in failed), failed
    assert any(check.startswith("Redis") for check in failed), failed
    assert any(check.startswith("Ping") for check in failed), failed
    assert not any(check.startswith("Database") for check in failed)
    # Liveness says the process serves (degraded), so the orchestrator takes the node out of
    # service without restarting it.
    live = client.get(reverse("health"))
    assert live.status_code == 200 and live.json()["status"] == "degraded"


def test_the_answer_is_json_for_a_browser_too(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        answer = client.get(reverse("health-ready"), HTTP_ACCEPT="text/html,application/xhtml+xml")
    finally:
        celery_app.conf.task_always_eager = before
    assert answer["Content-Type"] == "application/json" and "<style" not in answer.content.decode()


def test_embedded_default_is_ready_without_a_broker(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    before = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.task_always_eager = True
    try:
        answer = client.get(reverse("health-ready"), HTTP_ACCEPT="application/json")
    finally:
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = before
    assert answer.status_code == 200, answer.content
    assert not any(check.startswith(("Redis", "Ping")) for check in answer.json())
