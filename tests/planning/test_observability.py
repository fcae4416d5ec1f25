"""What operations see: JSON log lines with the request id (django-guid), that id on the answer and
in the log of the Celery job the request asked for, and errors sent to Sentry when SENTRY_DSN is
set (to a real HTTP listener on 127.0.0.1 that takes Sentry's envelopes)."""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import subprocess
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.test import Client
from pythonjsonlogger.json import JsonFormatter

from frameworks import services
from frameworks.choices import FrameworkStatus
from missions.models import Notification
from tests.frameworks.isf_world import make_world
from tests.frameworks.test_notifications_worker import wait_for, worker  # noqa: F401 - worker is a fixture

ROOT = Path(__file__).resolve().parents[2]


def _console_handler() -> logging.Handler:
    return next(h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter))


def test_a_request_logs_json_lines_with_its_request_id_and_returns_it(db):
    handler, stream = _console_handler(), io.StringIO()
    before = handler.setStream(stream)
    request_id = uuid.uuid4().hex
    try:
        answer = Client().get("/no-such-page-here/", HTTP_X_REQUEST_ID=request_id)
    finally:
        handler.setStream(before)
    assert answer.status_code == 404
    assert answer["X-Request-ID"] == request_id
    lines = [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    not_found = [line for line in lines if line["logger"] == "django.request"]
    assert not_found and not_found[0]["request_id"] == request_id and not_found[0]["level"] == "WARNING"
    assert "Not Found" in not_found[0]["message"]


def test_a_forged_request_id_is_replaced_by_a_new_one(db):
    answer = Client().get("/health/", HTTP_X_REQUEST_ID="x\nforged log line")
    assert answer["X-Request-ID"] != "x\nforged log line" and len(answer["X-Request-ID"]) == 32


class _Envelopes(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):  # noqa: N802 - the standard library's name
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        type(self).received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def test_with_sentry_dsn_set_an_error_reaches_the_sentry_endpoint():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Envelopes)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Envelopes.received = []
    script = (
        "import django, logging, sentry_sdk; django.setup()\n"
        "logging.getLogger('benchmarks.reports').error('report compilation failed for UNMISS')\n"
        "sentry_sdk.flush(5)\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "planning.settings",
        "SENTRY_DSN": f"http://publickey@127.0.0.1:{server.server_port}/7",
        "SENTRY_ENVIRONMENT": "ci",
        "SECRET_KEY": "sentry-test-" + "x" * 40,
    }
    try:
        done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, timeout=60)
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    events = [json.loads(line) for body in _Envelopes.received for line in body.splitlines()[2:3]]
    assert events, "no envelope reached the listener"
    event = events[0]
    assert event["environment"] == "ci"
    assert event["logentry"]["message"] == "report compilation failed for UNMISS"
    assert event["level"] == "error" and "user" not in event  # no personal data sent


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_request_ids_follow_jobs_into_the_worker_log(worker):  # noqa: F811 - the imported fixture
    from django_guid import clear_guid, set_guid

    world = make_world()
    framework = world.framework(status=FrameworkStatus.CONSULTATION)
    request_id = uuid.uuid4().hex
    set_guid(request_id)
    try:
        services.comment_add(
            framework=framework,
            actor=world.undp_planner,
            priority=framework.priorities.first(),
            body=f"@{world.planner.username} the request id follows this job.",
        )
    finally:
        clear_guid()
    wait_for(lambda: Notification.objects.filter(user=world.planner).exists(), worker)
    wait_for(lambda: "succeeded" in worker.read_text(), worker)
    lines = [json.loads(line) for line in worker.read_text().splitlines() if line.startswith("{")]
    job_lines = [line for line in lines if line.get("request_id") == request_id]
    assert any("succeeded" in line["message"] for line in job_lines), worker.read_text()[-3000:]
