"""The API answers what its schema says: schemathesis over the whole OpenAPI schema, with the API
tokens of a mission planner (unmil.planner) and an agency planner (undp.liberia) from the demo
data, against a live server on 127.0.0.1 and the throwaway test database.

Checks: no server error, every answer's status code, content type and body as documented. The run
is bounded (a few examples per operation; the coverage phase once, with valid values) to stay
within a few minutes; `SCHEMA_FUZZ_MAX_EXAMPLES` and `SCHEMA_FUZZ_SEED` change it for a run by hand.
"""

from __future__ import annotations

import json
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

from missions.services import token_create
from tests.access.discovery import api_routes, lookup_kwarg, viewset_model

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
    _token, key = token_create(user=get_user_model().objects.get(username=username), name="schema fuzz")
    return key


def _toml(value) -> str:
    return json.dumps(value)  # strings, numbers and lists of them are spelled alike in TOML


def config_for(user, path: Path) -> Path:
    """A schemathesis config that draws path ids and the ids a body names from the rows `user`
    may see (7 times in 10): random ids alone almost always miss, so the answers about real
    objects (edits, workflow steps, deletions) would go untested."""
    lines, operations = [], []
    for route in api_routes():
        viewset = route.view_class
        kwarg = lookup_kwarg(viewset)
        if f"(?P<{kwarg}>" not in route.regex:
            continue
        model = viewset_model(viewset)
        field = "pk" if viewset.lookup_field in ("pk", "id") else viewset.lookup_field
        values = list(model.objects.restrict(user, "view").order_by("pk").values_list(field, flat=True)[:20])
        if not values:
            continue
        name = f"{model._meta.model_name}_{field}"
        placeholder = "id" if field == "pk" else kwarg
        prefix = "/" + route.regex.split("(?P<")[0].replace("^", "")
        if name not in {entry[0] for entry in operations}:
            operations.append((name, values, prefix, placeholder))
    bodies = {}
    for name, values, prefix, placeholder in operations:
        binding = f'{{ dictionary = "{name}", probability = 0.7 }}'
        lines = [f"[dictionaries.{name}]", f"values = {_toml(values)}", "", *lines]
        lines += ["[[operations]]", f"include-path-regex = {_toml('^' + re.escape(prefix) + '[{]')}"]
        lines += [f'parameters = {{ "path.{placeholder}" = {binding} }}', ""]
        if placeholder == "id":
            bodies[prefix.strip("/").split("/")[-1]] = name
    # The parents a new row names in its body: a framework, a priority, a result, an indicator.
    body = {"framework": "frameworks", "priority": "priorities", "result": "results", "indicator": "indicators"}
    bound = {field: bodies[plural] for field, plural in body.items() if plural in bodies}
    top = [f'"body.{field}" = {{ dictionary = "{name}", probability = 0.7 }}' for field, name in bound.items()]
    path.write_text("\n".join(["[parameters]", *top, "", *lines]))
    return path


def test_every_operation_answers_as_its_schema_says(server, tmp_path, capsys):
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    total, failures = 0, []
    keys = {username: token_for(username) for username in {run[0] for run in RUNS}}
    for username, phases, mode in RUNS:
        key = keys[username]
        config = config_for(get_user_model().objects.get(username=username), tmp_path / f"{username}.toml")
        command = [
            str(SCHEMATHESIS),
            "--config-file",
            str(config),
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
