"""The embedded default: a fresh copy of the project, with nothing in the environment but PATH and
HOME, migrates into its own SQLite file, passes the system checks and serves pages. And the settings
switch to PostgreSQL with persistent connections and to a Redis broker when those are configured."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow

# What a developer's working copy has that a fresh clone does not.
LOCAL_ONLY = {".venv", "node_modules", ".git", ".env", ".secret_key", "staticfiles", ".pytest_cache", ".ruff_cache"}


def _ignore(root: str):
    def ignore(directory: str, names: list[str]) -> set[str]:
        skipped = {name for name in names if name == "__pycache__" or name.endswith((".sqlite3", ".sqlite3-journal"))}
        if directory == root:
            skipped |= {name for name in names if name in LOCAL_ONLY or name.startswith("media")}
        return skipped

    return ignore


def _bare_env(**extra: str) -> dict[str, str]:
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    env.update(extra)
    return env


def _run(project: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=project, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    source = str(settings.BASE_DIR)
    target = tmp_path_factory.mktemp("boot") / "workbench"
    shutil.copytree(source, target, ignore=_ignore(source))
    assert not (target / "workbench.sqlite3").exists()
    return target


@pytest.fixture(scope="module")
def migrated(project) -> Path:
    migrate = _run(project, "manage.py", "migrate", "--noinput", env=_bare_env())
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    return project


def test_migrate_and_check_with_nothing_set_create_the_sqlite_file(migrated):
    assert (migrated / "workbench.sqlite3").is_file()
    assert (migrated / ".secret_key").is_file(), "no SECRET_KEY: a local key file is made"
    check = _run(migrated, "manage.py", "check", env=_bare_env())
    assert check.returncode == 0, check.stdout + check.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def test_runserver_with_nothing_but_debug_serves_health_and_home(migrated):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=migrated,
        env=_bare_env(DEBUG="1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, f"runserver stopped: {server.stdout.read()[-3000:]}"
            try:
                status, body = _get(f"{base}/health/")
                break
            except (ConnectionError, urllib.error.URLError):
                assert time.monotonic() < deadline, "runserver did not answer within 60 s"
                time.sleep(0.2)
        assert status == 200, body[-2000:]
        assert json.loads(body) == {
            "status": "ok",
            "database": "ok",
            "cache": "in-process",
            "broker": "in-process",
            "jobs_waiting_for_broker": 0,
        }
        status, body = _get(f"{base}/")
        assert status == 200, body[-2000:]
        assert "<html" in body.lower()
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server.stdout.close()


PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
db = s.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "conn_max_age": db.get("CONN_MAX_AGE", 0),
    "health_checks": db.get("CONN_HEALTH_CHECKS", False), "eager": s.CELERY_TASK_ALWAYS_EAGER,
    "broker": s.CELERY_BROKER_URL, "cache": s.CACHES["default"]["BACKEND"], "base_dir": str(s.BASE_DIR),
}))
"""


def _settings(project: Path, **env: str) -> dict:
    done = _run(project, "-c", PRINT_SETTINGS, env=_bare_env(DJANGO_SETTINGS_MODULE="planning.settings", **env))
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_settings_with_nothing_set_use_the_sqlite_file_and_eager_celery(project):
    chosen = _settings(project)
    assert chosen["engine"] == "django.db.backends.sqlite3"
    assert chosen["name"] == str(Path(chosen["base_dir"]) / "workbench.sqlite3")
    assert chosen["eager"] is True
    assert chosen["broker"] == "memory://"
    assert chosen["cache"].endswith("LocMemCache")


def test_settings_with_postgres_url_use_persistent_checked_connections(project):
    chosen = _settings(project, DATABASE_URL="postgres://planner:secret@db.example.org:5432/workbench")
    assert chosen["engine"] == "django.db.backends.postgresql"
    assert chosen["name"] == "workbench"
    assert chosen["conn_max_age"] > 0
    assert chosen["health_checks"] is True
    assert chosen["eager"] is True, "without REDIS_URL tasks still run in-process"


def test_settings_with_redis_url_send_tasks_to_the_broker(project):
    chosen = _settings(project, REDIS_URL="redis://cache.example.org:6379/0")
    assert chosen["eager"] is False
    assert chosen["broker"] == "redis://cache.example.org:6379/0"
    assert chosen["cache"].endswith("RedisCache")
