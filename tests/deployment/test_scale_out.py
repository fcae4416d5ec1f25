"""Scaled out as deployed: two web nodes (gunicorn, separate processes) and two Celery workers
against one PostgreSQL and one Redis (a redis-server of this test's own). A session started on one
node is the same on the other, sign-in failures count across nodes until the lock, a save based
on a version changed through the other node is refused (409), and a report sent twice is compiled
once by the two workers."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

from benchmarks.choices import ReportState
from benchmarks.models import ProgressReport
from benchmarks.reports import services as report_services
from benchmarks.reports.tasks import compile_report
from planning.celery import app as celery_app
from tests.benchmarks.reports.world import build_world
from tests.celery_worker import WorkerProcess, database_url, point_app_at
from tests.frameworks.isf_world import make_world
from tests.redis_server import running_private_redis

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.worker,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "scale-out-password-2026"
FAILURE_LIMIT = 3
QUEUE = f"scale-out-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(redis_url: str, media: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "planning.settings",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DEBUG": "0",
        "SECRET_KEY": "scale-out-test-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "MEDIA_ROOT": str(media),
        "WORKBENCH_SIGNIN_FAILURE_LIMIT": str(FAILURE_LIMIT),
        "WORKBENCH_REPORT_QUEUE": QUEUE,
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
    }


class WebNode:
    def __init__(self, env: dict[str, str], log: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.handle = log.open("w")
        self.process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "planning.wsgi", "-b", f"127.0.0.1:{self.port}", "-w", "1"],
            cwd=ROOT,
            env=env,
            stdout=self.handle,
            stderr=subprocess.STDOUT,
        )
        self.log = log
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{self.url}/health/", timeout=2).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):  # still starting: ask again until the deadline
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"web node did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)
        self.handle.close()


@pytest.fixture
def deployment(tmp_path, settings):
    """Two web nodes and two workers on one PostgreSQL (the test database) and one Redis."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]  # the nodes' hasher
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    settings.WORKBENCH = {**settings.WORKBENCH, "REPORT_QUEUE": QUEUE}
    with running_private_redis(tmp_path) as redis_server:
        env = _environment(redis_server.url, settings.MEDIA_ROOT)
        # As deployed, the nodes serve the collected, hashed static files.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        before = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
        point_app_at(redis_server.url)
        celery_app.conf.task_always_eager = False
        nodes, workers = [], []
        try:
            nodes = [WebNode(env, tmp_path / f"web-{name}.log") for name in "ab"]
            workers = [
                WorkerProcess(
                    redis_server.url,
                    tmp_path / f"worker-{name}.log",
                    queue=QUEUE,
                    name=f"scale-{name}",
                    env={key: env[key] for key in ("MEDIA_ROOT", "WORKBENCH_REPORT_QUEUE", "SECRET_KEY")}
                    | {"DJANGO_SETTINGS_MODULE": "planning.settings", "WORKBENCH_REPORT_STEP_DELAY_SECONDS": "0.3"},
                )
                for name in "ab"
            ]
            yield nodes, workers
        finally:
            for process in [*workers, *nodes]:
                process.stop()
            point_app_at(before[0])
            celery_app.conf.task_always_eager = before[1]


def _csrf(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]


def sign_in(session: requests.Session, node: WebNode, username: str, password: str) -> requests.Response:
    token = _csrf(session, f"{node.url}/accounts/login/")
    return session.post(
        f"{node.url}/accounts/login/",
        {"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{node.url}/accounts/login/"},
        allow_redirects=False,
        timeout=20,
    )


def test_sessions_lockout_stale_edits_and_reports_hold_across_nodes(deployment):
    (a, b), workers = deployment
    world = make_world()
    planner = world.planner
    planner.set_password(PASSWORD)
    planner.save()

    # A session begun on one node is the session on the other; signing out on either ends it.
    browser = requests.Session()
    assert sign_in(browser, a, planner.username, PASSWORD).status_code == 302
    page = browser.get(f"{b.url}/missions/", timeout=10, allow_redirects=False)
    assert page.status_code == 200 and world.mission.acronym in page.text
    token = _csrf(browser, f"{b.url}/missions/")
    browser.post(f"{b.url}/accounts/logout/", {"csrfmiddlewaretoken": token}, headers={"Referer": b.url}, timeout=10)
    assert browser.get(f"{a.url}/missions/", timeout=10, allow_redirects=False).status_code == 302

    # Failed sign-ins count across nodes: the lock holds on both, even for the right password.
    attacker = requests.Session()
    for attempt in range(FAILURE_LIMIT):
        node = (a, b)[attempt % 2]
        assert sign_in(attacker, node, planner.username, "wrong-password").status_code in (200, 429)
    for node in (a, b):
        assert sign_in(requests.Session(), node, planner.username, PASSWORD).status_code == 429

    # A save based on a version another node has changed since is refused with both texts.
    from missions.services import token_create

    _token, key = token_create(user=planner, name="scale-out")
    api = {"Authorization": f"Token {key}"}
    priority = world.framework().priorities.first()
    row = requests.get(f"{a.url}/api/priorities/{priority.pk}/", headers=api, timeout=10).json()
    first = requests.patch(
        f"{a.url}/api/priorities/{priority.pk}/",
        json={"title": "Saved through node A", "updated_at": row["updated_at"]},
        headers=api,
        timeout=10,
    )
    assert first.status_code == 200, first.text
    stale = requests.patch(
        f"{b.url}/api/priorities/{priority.pk}/",
        json={"title": "Saved through node B", "updated_at": row["updated_at"]},
        headers=api,
        timeout=10,
    )
    assert stale.status_code == 409
    assert stale.json()["changed"]["title"] == {"theirs": "Saved through node A", "yours": "Saved through node B"}

    # A report sent twice (a redelivery) is compiled once, whichever worker takes which send.
    w = build_world()
    report = report_services.report_request(
        mission=w.mission, period_start=w.period_start, period_end=w.period_end, requested_by=w.planner
    )
    compile_report.apply_async(args=[report.pk], queue=QUEUE)
    deadline = time.monotonic() + 120
    while ProgressReport.objects.get(pk=report.pk).state not in (ReportState.DONE, ReportState.FAILED):
        assert time.monotonic() < deadline, "\n".join(worker.text()[-2000:] for worker in workers)
        time.sleep(0.3)
    time.sleep(3)  # let the other send finish too
    report.refresh_from_db()
    assert report.state == ReportState.DONE and report.attempts == 1, report.error
    assert ProgressReport.objects.count() == 1
    from django.core.files.storage import default_storage

    assert len(default_storage.listdir(report_services.report_folder(report))[0]) == 1
    assert sum(worker.text().count("succeeded") for worker in workers) >= 2
