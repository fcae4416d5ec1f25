"""Latency of the benchmark dashboards at scale (`make bench`).

What it does, in one run:

1. On PostgreSQL, databases `wb_perf` (scale 50) and `wb_perf_s1` (scale 1): create if missing,
   migrate, `seed_demo --scale N` (idempotent: existing missions are kept), a headquarters
   planner `bench.hq` who covers every mission (DPKO and DPA memberships), then ANALYZE.
2. Query counts of each measured URL at scale 1 and at scale 50 (Django test client in a
   subprocess, CaptureQueriesContext): they must be equal.
3. gunicorn (2 workers, CONN_MAX_AGE=60, DEBUG=0, SECURE_SSL_REDIRECT=0) on a free localhost
   port against `wb_perf`, with Redis as cache and session store as deployed (BENCH_REDIS,
   default database 13, flushed first; --local-cache for the per-process cache instead); sign
   in through the login form (session cookie); then a warm-up and up to N rounds of sequential
   keep-alive requests, one to each URL per round (bounded by a time limit), with http.client:
   the mission dashboard of a synthetic mission (200 indicators), the portfolio (all 55 missions), the
   updates API list, and /health/ (a trivial view that touches the database).
4. A table of p50 / p95 / max and the ratio of each p95 to /health/'s p95.

Options: --requests N (default 200), --seconds S per URL (default 60), --skip-seed,
--mission ACRONYM (default SYN001). Environment: BENCH_PG (default postgres://postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DATABASES = {1: "wb_perf_s1", 50: "wb_perf"}
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/13")
CACHE = {"redis": True}
USERNAME, PASSWORD = "bench.hq", "bench-password-2026"


def env_for(database: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    if CACHE["redis"]:
        # As deployed: Redis holds the cache and the sessions (tasks run in-process here; the
        # benchmark only reads).
        env.update(REDIS_URL=REDIS, CELERY_TASK_ALWAYS_EAGER="1")
    env.update(
        DATABASE_URL=f"{PG}/{database}",
        DJANGO_SETTINGS_MODULE="planning.settings",
        DEBUG="0",
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789abcdef",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        CONN_MAX_AGE="60",
        LOG_LEVEL="WARNING",
    )
    return env


def manage(database: str, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env_for(database),
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def flush_redis() -> None:
    """Start from an empty cache database (BENCH_REDIS, its own database number)."""
    import redis

    redis.Redis.from_url(REDIS).flushdb()


def ensure_database(name: str) -> None:
    import psycopg2

    connection = psycopg2.connect(f"{PG}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def analyze(name: str) -> None:
    import psycopg2

    connection = psycopg2.connect(f"{PG}/{name}")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()


BENCH_USER = f"""
from django.contrib.auth import get_user_model
from django.db import transaction
from missions.access import sync_user_permissions
from missions.choices import Role
from missions.models import Entity, Membership, Mission
with transaction.atomic():
    user, _ = get_user_model().objects.get_or_create(username="{USERNAME}", defaults={{"email": "bench@example.org"}})
    user.set_password("{PASSWORD}")
    user.save()
    for department in Entity.objects.filter(code__in=["DPKO", "DPA"]):
        membership, _ = Membership.objects.get_or_create(user=user, entity=department, role=Role.HQ_PLANNER)
        membership.missions.set(Mission.objects.filter(lead_department=department))
sync_user_permissions(user)
print(Mission.objects.restrict(user, "view").count(), "missions visible to {USERNAME}")
"""

QUERY_COUNTS = """
import json
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
client.force_login(get_user_model().objects.get(username="%(user)s"))
counts = {}
for name, url in %(urls)r.items():
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    counts[name] = {"queries": len(queries.captured_queries), "status": status}
print("COUNTS" + json.dumps(counts))
"""


def urls_for(mission: str) -> dict[str, str]:
    return {
        "mission dashboard": f"/benchmarks/missions/{mission}/dashboard/",
        "portfolio": "/benchmarks/portfolio/",
        "updates API list": "/api/updates/",
        "/health/ (trivial)": "/health/",
    }


def query_counts(database: str, urls: dict[str, str]) -> dict:
    out = manage(database, "shell", "--no-imports", "-c", QUERY_COUNTS % {"user": USERNAME, "urls": urls}, capture=True)
    line = next(line for line in out.splitlines() if line.startswith("COUNTS"))
    return json.loads(line[len("COUNTS") :])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Session:
    """A keep-alive HTTP/1.1 connection carrying the session cookie."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, content

    def login(self, username: str, password: str) -> None:
        status, content = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1).decode()
        body = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}/accounts/login/",
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"login as {username} failed (HTTP {status})")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def measure(session: Session, urls: dict[str, str], requests: int, seconds: float) -> dict:
    """Up to `requests` GETs of each URL, taken in turns (one of each per round) so that the
    machine's load at any moment weighs on every URL alike and the ratios to the trivial view
    hold even when absolute figures drift."""
    for path in urls.values():
        for _ in range(5):  # warm-up: both workers, connection, caches of the code path
            status, _ = session.request("GET", path)
            if status != 200:
                raise SystemExit(f"{path}: HTTP {status}")
    timings: dict[str, list[float]] = {name: [] for name in urls}
    deadline = time.monotonic() + seconds * len(urls)
    for _ in range(requests):
        if time.monotonic() >= deadline:
            break
        for name, path in urls.items():
            started = time.perf_counter()
            status, _ = session.request("GET", path)
            timings[name].append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise SystemExit(f"{path}: HTTP {status}")
    return {
        name: {
            "n": len(values),
            "p50": statistics.median(values),
            "p95": percentile(values, 0.95),
            "max": max(values),
        }
        for name, values in timings.items()
    }


def measure_after_change(session: Session, path: str, acronym: str, requests: int = 30) -> dict:
    """The mission dashboard when its data changed just before each request (the mission's data
    version removed from Redis, as a write replaces it): computed again from the database. Not
    part of the target; how long the first view after an approval takes."""
    import psycopg2
    import redis

    connection = psycopg2.connect(f"{PG}/{DATABASES[50]}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM missions_mission WHERE acronym = %s", [acronym])
        mission_id = cursor.fetchone()[0]
    connection.close()
    client = redis.Redis.from_url(REDIS)
    timings = []
    for _ in range(requests):
        # A write replaces the mission's data version and the version of all missions' data.
        client.delete(f":1:wb:dash:version:{mission_id}", ":1:wb:version:all-missions")
        started = time.perf_counter()
        status, _ = session.request("GET", path)
        timings.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise SystemExit(f"{path}: HTTP {status}")
    return {"n": len(timings), "p50": statistics.median(timings), "p95": percentile(timings, 0.95), "max": max(timings)}


def serve(database: str, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            GUNICORN,
            "planning.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env_for(database),
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("gunicorn exited while starting")
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not start within 60 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--mission", default="SYN001")
    parser.add_argument(
        "--local-cache", action="store_true", help="per-process local-memory cache and database sessions (no Redis)"
    )
    options = parser.parse_args()
    CACHE["redis"] = not options.local_cache
    if CACHE["redis"]:
        flush_redis()
    urls = urls_for(options.mission)

    for scale, database in DATABASES.items():
        if not options.skip_seed:
            print(f"== {database}: migrate and seed_demo --scale {scale}", flush=True)
            ensure_database(database)
            manage(database, "migrate", "--noinput", "-v0")
            manage(database, "seed_demo", "--scale", str(scale), capture=True)
        print(
            manage(database, "shell", "--no-imports", "-c", BENCH_USER, capture=True).strip(),
            f"({database})",
            flush=True,
        )
        # Fresh planner statistics, as autovacuum would have them in service: with the bench
        # user's permission rows unknown to the planner, it sorts a million updates for one page.
        analyze(database)
    manage(DATABASES[50], "collectstatic", "--noinput", "-v0")

    print("== query counts (scale 1 vs scale 50)", flush=True)
    counts = {scale: query_counts(database, urls) for scale, database in DATABASES.items()}

    port = free_port()
    cache = f"Redis ({REDIS})" if CACHE["redis"] else "local memory per worker"
    print(f"== gunicorn, 2 workers, on 127.0.0.1:{port} against {DATABASES[50]}; cache: {cache}", flush=True)
    server = serve(DATABASES[50], port)
    try:
        session = Session(port)
        session.login(USERNAME, PASSWORD)
        results = measure(session, urls, options.requests, options.seconds)
        after_change = (
            measure_after_change(session, urls["mission dashboard"], options.mission) if CACHE["redis"] else None
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    trivial = results["/health/ (trivial)"]["p95"]
    print()
    header = f"{'URL':<22} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'p95/trivial':>12}"
    header += f" {'queries s1':>11} {'s50':>5}"
    print(header)
    print("-" * len(header))
    for name, row in results.items():
        print(
            f"{name:<22} {row['n']:>5} {row['p50']:>8.1f} {row['p95']:>8.1f} {row['max']:>8.1f} "
            f"{row['p95'] / trivial:>11.1f}x {counts[1][name]['queries']:>11} {counts[50][name]['queries']:>5}"
        )
    if after_change:
        row = after_change
        print(
            f"{'dashboard, data changed':<22} {row['n']:>5} {row['p50']:>8.1f} {row['p95']:>8.1f} {row['max']:>8.1f} "
            f"{row['p95'] / trivial:>11.1f}x  (recomputed: not part of the target)"
        )
    equal = all(counts[1][name]["queries"] == counts[50][name]["queries"] for name in urls)
    print(f"\nquery counts equal at scale 1 and 50: {'yes' if equal else 'NO'}")
    for name, row in results.items():
        if name != "/health/ (trivial)":
            verdict = "met" if row["p95"] <= 2 * trivial else f"not met ({row['p95'] / (2 * trivial):.1f}x over)"
            print(f"target p95 <= 2x trivial, {name}: {verdict}")
    print("JSON " + json.dumps({"latency_ms": results, "after_change_ms": after_change, "queries": counts}))


if __name__ == "__main__":
    main()
