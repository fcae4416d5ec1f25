"""The migrations build the whole schema on an empty PostgreSQL database, every constraint the
models declare is really there, and the models have no change the migrations lack."""

import os
import subprocess
import sys

import psycopg2
import pytest
from django.apps import apps
from django.conf import settings
from psycopg2 import sql

pytestmark = pytest.mark.postgres

APPS = ("missions", "frameworks", "benchmarks")


def _connect(dbname: str):
    db = settings.DATABASES["default"]
    connection = psycopg2.connect(
        dbname=dbname,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
    )
    connection.autocommit = True
    return connection


def _url(dbname: str) -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{dbname}"


@pytest.fixture
def empty_database():
    name = f"wb_migcheck_{os.getpid()}"
    admin = _connect("postgres")
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.close()


def _manage(*args: str, dbname: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("DJANGO_SETTINGS_MODULE", "REDIS_URL")}
    env["DATABASE_URL"] = _url(dbname)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_migrate_from_zero_builds_every_declared_constraint_and_models_match(empty_database):
    migrate = _manage("migrate", "--noinput", dbname=empty_database)
    assert migrate.returncode == 0, migrate.stderr[-3000:]

    pending = _manage("makemigrations", "--check", "--dry-run", dbname=empty_database)
    assert pending.returncode == 0, f"models changed without a migration:\n{pending.stdout}{pending.stderr}"

    declared = {
        constraint.name
        for app in APPS
        for model in apps.get_app_config(app).get_models()
        for constraint in model._meta.constraints
    }
    connection = _connect(empty_database)
    try:
        with connection.cursor() as cursor:
            # Conditional unique constraints are partial unique indexes in PostgreSQL.
            cursor.execute("SELECT conname FROM pg_constraint UNION SELECT indexname FROM pg_indexes")
            present = {row[0] for row in cursor.fetchall()}
    finally:
        connection.close()
    assert declared, "no constraints found on the models"
    assert declared <= present, f"declared but missing in the database: {sorted(declared - present)}"
