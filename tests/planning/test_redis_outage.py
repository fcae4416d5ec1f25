"""Redis away, as deployed with only REDIS_URL set (cache, sessions and broker on one Redis): pages
and sign-in go on from the database, a frozen Redis costs a request one short wait at most, a
session ended during the outage stays ended once Redis returns, jobs asked for meanwhile are kept
and sent by the sweep, and /health/ says which part is down.

Each test runs a redis-server of its own (tests.redis_server) that it stops or freezes."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from missions import outbox
from missions.models import QueuedTask
from tests.factories import FrameworkFactory, MembershipFactory, MissionFactory, PriorityFactory
from tests.redis_server import running_private_redis

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-2026-long-enough"
# Long enough that a slow machine serves the pages of one test inside one pause.
RETRY_AFTER = 2.0


@pytest.fixture
def redis_server(tmp_path):
    with running_private_redis(tmp_path) as server:
        yield server


@pytest.fixture
def redis_everything(settings, redis_server):
    """Cache and sessions on the private Redis, the way the README's REDIS_URL alone sets them."""
    settings.CACHES = {
        "default": {
            "BACKEND": "planning.redis_cache.RedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "outage-test",
            "OPTIONS": {"SOCKET_TIMEOUT": 0.25, "RETRY_AFTER": RETRY_AFTER},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.WORKBENCH_BROKER_RETRY_AFTER = RETRY_AFTER
    cache.outage.__init__()  # a clean record for this location
    outbox.forget_failures()
    yield redis_server
    cache.outage.__init__()
    outbox.forget_failures()


@pytest.fixture
def planner(db):
    mission = MissionFactory(acronym="UNMIL")
    user = MembershipFactory(user__username="outage.planner", entity=mission.entity, role="mission_planner").user
    user.memberships.get().missions.set([mission])
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client: Client, user) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def wait_past_pause() -> None:
    time.sleep(RETRY_AFTER + 0.1)


PAGES = ("home", "mission-list", "notifications")


def test_with_redis_stopped_sign_in_and_pages_work_from_the_database(redis_everything, planner, client):
    redis_everything.stop()
    sign_in(client, planner)
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("mission-workspace", args=["UNMIL"])).status_code == 200
    # The first call found Redis away; the rest of these requests did not try again.
    assert cache.outage.failures == 1


def test_a_frozen_redis_costs_a_request_one_short_wait_at_most(redis_everything, planner, client):
    sign_in(client, planner)
    redis_everything.freeze()
    try:
        before = cache.outage.failures
        assert client.get(reverse("mission-workspace", args=["UNMIL"])).status_code == 200
        assert cache.outage.failures == before + 1  # one timed-out call, then no more tries
        assert client.get(reverse("mission-list")).status_code == 200
        assert cache.outage.failures == before + 1
    finally:
        redis_everything.thaw()


def test_a_session_ended_while_redis_was_frozen_stays_ended_when_it_thaws(redis_everything, planner, client):
    sign_in(client, planner)
    assert client.get(reverse("notifications")).status_code == 200  # the session is in Redis now
    stolen = Client()
    stolen.cookies = client.cookies.__class__(client.cookies)
    redis_everything.freeze()
    try:
        client.post(reverse("logout"))  # deleted from the database; Redis could not be told
    finally:
        redis_everything.thaw()
    wait_past_pause()
    response = stolen.get(reverse("notifications"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_health_says_which_part_is_down(redis_everything, settings, client):
    from planning.celery import app as celery_app
    from tests.celery_worker import point_app_at

    before_url, before_eager = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    point_app_at(redis_everything.url)
    celery_app.conf.task_always_eager = False
    try:
        answer = client.get(reverse("health"))
        assert answer.status_code == 200 and answer.json()["status"] == "ok", answer.json()
        assert answer.json()["cache"] == "ok" and answer.json()["broker"] == "ok"
        redis_everything.stop()
        wait_past_pause()
        answer = client.get(reverse("health"))
        assert answer.status_code == 200
        assert answer.json() == {
            "status": "degraded",
            "database": "ok",
            "cache": "unavailable",
            "broker": "unavailable",
            "jobs_waiting_for_broker": 0,
        }
    finally:
        point_app_at(before_url)
        celery_app.conf.task_always_eager = before_eager


def test_a_notice_asked_for_while_the_broker_is_away_is_kept_and_sent_by_the_sweep(redis_everything, planner):
    import redis

    from frameworks.services import comment_add
    from planning.celery import app as celery_app
    from tests.celery_worker import point_app_at

    framework = FrameworkFactory(mission=planner.memberships.get().missions.get(), status="consultation")
    priority = PriorityFactory(framework=framework)
    before_url, before_eager = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    point_app_at(redis_everything.url)
    celery_app.conf.task_always_eager = False
    try:
        redis_everything.freeze()
        try:
            comment = comment_add(framework=framework, actor=planner, body="Timeline for DDR?", priority=priority)
        finally:
            redis_everything.thaw()
        assert comment.pk
        [job] = QueuedTask.objects.all()
        assert job.name == "frameworks.tasks.notify_comment" and job.args == [comment.pk] and job.attempts == 1

        wait_past_pause()
        assert outbox.sweep() == 0  # too young: the request that wrote it may still be sending it
        assert outbox.sweep(now=job.created_at + outbox.dt.timedelta(minutes=1)) == 1
        assert not QueuedTask.objects.exists()
        queued = redis.Redis.from_url(redis_everything.url).lrange("celery", 0, -1)
        assert len(queued) == 1 and b"notify_comment" in queued[0]
    finally:
        point_app_at(before_url)
        celery_app.conf.task_always_eager = before_eager
