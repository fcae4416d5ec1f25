"""The API answers what its schema says: schemathesis over the whole OpenAPI schema, with the API
tokens of a mission planner (unmil.planner) and an agency planner (undp.liberia) from the demo
data, against a live server on 127.0.0.1 and the throwaway test database.

Checks: no server error, every answer's status code, content type and body as documented. The run
is bounded (a few examples per operation; the coverage phase once, with valid values) to stay
within a few minutes; `SCHEMA_FUZZ_MAX_EXAMPLES` and `SCHEMA_FUZZ_SEED` change it for a run by hand.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, connections
from django.test.testcases import LiveServerThread, _StaticFilesHandler

from missions.models import ApiToken

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
MAX_EXAMPLES = os.environ.get("SCHEMA_FUZZ_MAX_EXAMPLES", "5")
RUNS = [
    # (user, phases, generation mode). The coverage phase (boundary values of every parameter) is
    # the slowest: it runs once, with valid values; invalid ones are fuzzed by every run.
    ("unmil.planner", "coverage", "positive"),
    ("unmil.planner", "examples,fuzzing,stateful", "all"),
    ("undp.liberia", "examples,fuzzing,stateful", "all"),
]


@pytest.fixture
def server(settings):
    """A live server on 127.0.0.1 only, on the test database."""
    assert connection.settings_dict["NAME"].startswith("test_"), "the fuzz run writes: only on a test database"
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    thread = LiveServerThread("127.0.0.1", _StaticFilesHandler, connections_override={}, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    connections.close_all()


def token_for(username: str) -> str:
    token = ApiToken(user=get_user_model().objects.get(username=username), name="schema fuzz")
    key = ApiToken.new_key()
    token.set_key(key)
    token.save()
    return key


def test_every_operation_answers_as_its_schema_says(server, tmp_path, capsys):
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    total, failures = 0, []
    keys = {username: token_for(username) for username in {run[0] for run in RUNS}}
    for username, phases, mode in RUNS:
        key = keys[username]
        command = [
            str(SCHEMATHESIS),
            "run",
            f"{server}/api/schema/",
            "--header",
            f"Authorization: Token {key}",
            "--checks",
            CHECKS,
            "--phases",
            phases,
            "--mode",
            mode,
            "--max-examples",
            MAX_EXAMPLES,
            # One worker: hypothesis' lambda descriptions are not thread-safe on Python 3.11 and
            # fail a threaded run now and then with "AST constructor recursion depth mismatch".
            "--workers",
            "1",
            "--seed",
            os.environ.get("SCHEMA_FUZZ_SEED", "20261201"),
            "--generation-database",
            "none",
            "--no-color",
            "--report-dir",
            str(tmp_path),
        ]
        started = time.monotonic()
        run = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path)
        elapsed = time.monotonic() - started
        output = run.stdout + run.stderr
        generated = re.search(r"(\d+) generated", output)
        total += int(generated.group(1)) if generated else 0
        with capsys.disabled():
            found = generated.group(0) if generated else "?"
            print(f"\nschemathesis as {username} ({phases}, {mode}): {found} in {elapsed:.0f} s")
        if run.returncode != 0:
            failures.append(f"--- as {username} ---\n{output[-20000:]}")
    with capsys.disabled():
        print(f"schemathesis: {total} test cases in all")
    assert not failures, "\n".join(failures)
