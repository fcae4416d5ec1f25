"""A real `celery -A planning worker` subprocess for tests, and pointing this process's Celery app
at a broker. Shared by the report worker tests (tests/worker/) and the notification worker test."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

from planning.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]


def database_url() -> str:
    """The pytest-django test database (read inside a test, where the name is the test one)."""
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def point_app_at(url: str) -> None:
    """Make this process publish to `url`: drop the pooled connections to the old broker."""
    from kombu import pools

    celery_app.conf.broker_url = url
    celery_app._pool = None
    if "amqp" in celery_app.__dict__:
        celery_app.amqp._producer_pool = None
    pools.reset()


def route_tasks(routes) -> None:
    """Send tasks by `routes` from this process. Celery builds its router once per process:
    rebuild it so the new routes apply even after earlier tests have sent tasks."""
    celery_app.conf.task_routes = routes
    celery_app.amqp.flush_routes()
    celery_app.amqp.__dict__.pop("router", None)


class WorkerProcess:
    """A worker consuming `queue` only, against the test database and `broker_url`, in its own
    process group (so a test can SIGKILL all of it); started when made, ready when returned."""

    def __init__(
        self,
        broker_url: str,
        log: Path,
        *,
        queue: str,
        name: str,
        pool: str = "prefork",
        concurrency: int = 1,
        env: dict[str, str] | None = None,
    ):
        self.log = log
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "planning.settings",
            "DATABASE_URL": database_url(),
            "REDIS_URL": broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "SECRET_KEY": "worker-test-secret-key-" + "x" * 40,
            **(env or {}),
        }
        command = [sys.executable, "-m", "celery", "-A", "planning", "worker", "--loglevel=INFO"]
        command += [f"--concurrency={concurrency}", f"--pool={pool}"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-Q", queue, "-n", f"{name}@%h"]
        self.handle = self.log.open("w")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=self.handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.wait_for_log("ready.", timeout=60)

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for_log(self, needle: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.text():
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited:\n{self.text()[-3000:]}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"worker log has no {needle!r}:\n{self.text()[-3000:]}")
            time.sleep(0.2)

    def kill(self) -> None:
        """SIGKILL the worker and its pool children, as a crashed machine would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.handle.close()
