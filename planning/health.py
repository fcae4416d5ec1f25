"""Readiness (`/health/ready/`): what an orchestrator asks before sending a node traffic, through
django-health-check. Ready means the database answers, the cache stores and returns a value, the
report storage takes and gives back a file and, where jobs go to a broker, the broker answers and
a Celery worker replies to a ping. Any failure answers 500 with the part that failed.

`/health/` (planning.views.health) stays the cheap liveness probe: it never waits for a worker."""

from __future__ import annotations

import asyncio
import datetime as dt
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.views import View
from health_check.checks import Cache, Database, Storage
from health_check.contrib.celery import Ping
from health_check.contrib.redis import Redis
from health_check.views import HealthCheckView
from redis.asyncio import Redis as AsyncRedis


class ReadinessView(HealthCheckView):
    """Always JSON (`{"Database(alias='default')": "OK", …}`), whatever the Accept header: the
    library's HTML page carries inline styles the Content-Security-Policy refuses."""

    # A plain (synchronous) view: the library's checks run on an event loop of their own, in a
    # thread of their own, so the probe works the same under a WSGI worker and beside any other
    # event loop in the process.
    def dispatch(self, request, *args, **kwargs):
        response = View.dispatch(self, request, *args, **kwargs)
        patch_vary_headers(response, ["Accept"])
        add_never_cache_headers(response)
        return response

    def get(self, request, *args, **kwargs):
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, HealthCheckView.get(self, request, *args, **kwargs)).result()

    def render_to_response(self, context, **response_kwargs):
        return self.render_to_response_json(response_kwargs.get("status", 200))

    def render_to_response_json(self, status):
        response = super().render_to_response_json(status)
        # Each failed check is logged once as a warning by django-health-check; an orchestrator's
        # probe every few seconds must not add an error (and a Sentry event) per request.
        response._has_been_logged = True
        return response

    def get_checks(self):
        from planning.celery import app

        yield Database()
        yield Cache()
        yield Storage()
        broker = app.conf.broker_url or ""
        if not app.conf.task_always_eager and broker.startswith(("redis://", "rediss://")):
            timeout = dt.timedelta(seconds=settings.WORKBENCH_READY_WORKER_SECONDS)
            yield Redis(client_factory=lambda: AsyncRedis.from_url(broker, socket_timeout=timeout.total_seconds()))
            # The first worker's answer is enough; none within the timeout is a failure.
            yield Ping(app=app, timeout=timeout, limit=1)
