"""What a user of the workbench waits for, at scale (`make bench`).

In one run:

1. On PostgreSQL, databases `wb_perf` (scale 50) and `wb_perf_s1` (scale 1): create if missing,
   migrate, `seed_demo --scale N` (idempotent: existing missions are kept). Then the bench's own
   users and memberships (through `membership_grant`, as `manage.py grant_membership` does): two
   headquarters planners covering every mission, four mission planners, two SRSG office members,
   six agency planners and two observers over the synthetic missions; a draft next version of the
   framework of each synthetic mission (for the ISF editor); then ANALYZE.
2. Query counts of each measured page at scale 1 and at scale 50, cold (cache emptied) and warm
   (Django test client in a subprocess, CaptureQueriesContext): they must be equal.
3. gunicorn (2 workers, CONN_MAX_AGE=60, DEBUG=0) on a free localhost port against `wb_perf`, with
   Redis as cache and session store as deployed (BENCH_REDIS, default database 14). Sign-in through
   the login form. Then rounds over the pages in turns: each page **cold** (a write to SYN001
   through the ISF editor, its draft's vision saved unchanged, then the bench's Redis database
   flushed, just before the request: the first view after a write) and **warm** (the same
   request right after), and
   `/health/` the same way. A table of median and p95 cold and warm, the cold median over
   `/health/`'s, and the query counts; a page whose cold median is above 10x `/health/` is marked.
4. A mixed load: 16 users of all roles, each its own process and keep-alive connection and
   session, over the synthetic missions for 60 s (at most 5,000 requests a user); about one
   request in ten is a write (an agency planner submits an update, a mission planner approves one
   from the queue, a comment, a field save in the ISF editor), made as a browser makes it: the
   form page first (a page read), then the POST with the form's CSRF token and `updated_at`,
   following the redirect. A write counts only when it succeeds (a redirect; for the editor's
   htmx field save, its form answered alone saying "Saved"); any 4xx/5xx or a form answered with
   an error is an error. Prints throughput, p50/p95 per kind and the errors;
   the server's log when it logged anything (warnings and tracebacks).

Options: --rounds N (default 25), --seconds S of mixed load (default 60), --users N (default 16),
--skip-seed, --only NAME (measure one page, by a word of its name, e.g. `--only dashboard`),
--no-load, --no-pages. Environment: BENCH_PG (default postgres://postgres@127.0.0.1:5432),
BENCH_REDIS (default redis://127.0.0.1:6379/14). Only 127.0.0.1 is ever asked.
"""

from __future__ import annotations

import argparse
import html.parser
import http.client
import json
import multiprocessing
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DATABASES = {1: "wb_perf_s1", 50: "wb_perf"}
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/14")
PASSWORD = "bench-password-2026"
MISSION = "SYN001"  # the measured mission: 10 benchmarks, 200 indicators, 20,000 updates
LIMIT_RATIO = 10  # a page's cold median above this many times /health/'s is marked
WRITE_SHARE = 0.1  # of all requests of the mixed load
MAX_REQUESTS_PER_USER = 5000  # a bound on the mixed load besides its time


def env_for(database: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL", "CACHE_URL")}
    # As deployed: Redis holds the cache and the sessions. Jobs (notices after a comment) run
    # in-process after the commit, within the request that caused them; e-mail goes nowhere.
    env.update(
        REDIS_URL=REDIS,
        CELERY_TASK_ALWAYS_EAGER="1",
        EMAIL_URL="dummymail://",
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


def shell_json(database: str, code: str, marker: str):
    out = manage(database, "shell", "--no-imports", "-c", code, capture=True)
    line = next(line for line in out.splitlines() if line.startswith(marker))
    return json.loads(line[len(marker) :])


def flush_redis(client=None) -> None:
    """Empty the bench's Redis database (its own number): the cache, and the cached sessions,
    which are read again from the database."""
    import redis

    (client or redis.Redis.from_url(REDIS)).flushdb()


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


# The bench's users: (username, role, entity code or "" for the first mission of its group, group).
# Groups: "all" (every mission), "syn" (every synthetic one), "mpN" (a quarter of the synthetic
# missions after SYN001, which is measured and never written to; mp1's also holds SYN001).
AGENCY_CODES = ["UNDP", "UNICEF", "WFP", "UNHCR", "WHO", "FAO"]
USERS = (
    [("bench.hq", "hq_planner", "", "all"), ("bench.hq2", "hq_planner", "", "all")]
    + [(f"bench.mp{n}", "mission_planner", "", f"mp{n}") for n in range(1, 5)]
    + [(f"bench.srsg{n}", "srsg_office", "", "syn") for n in range(1, 3)]
    + [(f"bench.agency{n}", "agency_planner", code, "syn") for n, code in enumerate(AGENCY_CODES, start=1)]
    + [(f"bench.observer{n}", "observer", "PBSO", "syn") for n in range(1, 3)]
)

SETUP = """
import json, random
from django.contrib.auth import get_user_model
from django.db import transaction
from benchmarks.models import Indicator
from frameworks.choices import FrameworkStatus
from frameworks.models import IntegratedStrategicFramework
from frameworks.services import framework_create
from missions.access import sync_user_permissions
from missions.choices import Role
from missions.models import Entity, Mission
from missions.services import membership_grant

USERS, PASSWORD, MEASURED = %(users)r, %(password)r, %(mission)r
User = get_user_model()
synthetic = list(Mission.objects.filter(acronym__startswith="SYN").order_by("acronym"))
written = [m for m in synthetic if m.acronym != MEASURED]
groups = {"all": list(Mission.objects.all()), "syn": synthetic}
for n in range(1, 5):
    groups[f"mp{n}"] = written[n - 1 :: 4]
groups["mp1"] = [m for m in synthetic if m.acronym == MEASURED] + groups["mp1"]
for username, role, entity_code, group in USERS:
    with transaction.atomic():
        user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
        if created:
            user.set_password(PASSWORD)
            user.save()
        missions = groups[group]
        if role == Role.HQ_PLANNER:
            for department in Entity.objects.filter(code__in=["DPKO", "DPA"]):
                membership_grant(user=user, entity=department, role=role,
                                 missions=[m for m in missions if m.lead_department_id == department.pk])
        elif missions:
            entity = Entity.objects.get(code=entity_code) if entity_code else missions[0].entity
            membership_grant(user=user, entity=entity, role=role, missions=missions)
    sync_user_permissions(user)

# A draft next version of each synthetic mission's framework: what the ISF editor edits.
hq = User.objects.get(username="bench.hq")
for mission in synthetic:
    if not IntegratedStrategicFramework.objects.filter(mission=mission, status=FrameworkStatus.DRAFT).exists():
        with transaction.atomic():
            framework_create(mission=mission, actor=hq, from_current=True)
frameworks = {}
for framework in IntegratedStrategicFramework.objects.filter(mission__in=synthetic, status__in=["draft", "endorsed"]):
    frameworks.setdefault(framework.mission.acronym, {})[framework.status] = framework.pk
rng = random.Random(1)
indicators = {}
for code in %(agencies)r:
    ids = list(Indicator.objects.filter(responsible_entity__code=code, benchmark__mission__in=written)
               .values_list("pk", flat=True))
    indicators[code] = rng.sample(ids, min(300, len(ids)))
out = {
    "frameworks": frameworks,
    "groups": {name: [m.acronym for m in missions] for name, missions in groups.items()},
    "indicators": indicators,
    "missions": Mission.objects.count(),
}
print("SETUP" + json.dumps(out))
"""


def setup(database: str) -> dict:
    code = SETUP % {"users": USERS, "password": PASSWORD, "mission": MISSION, "agencies": AGENCY_CODES}
    return shell_json(database, code, "SETUP")


def pages(data: dict) -> dict[str, tuple[str, str]]:
    """The measured pages: name -> (user, path), found from the data."""
    fw = data["frameworks"][MISSION]
    return {
        "mission list": ("bench.hq", "/missions/"),
        "mission workspace": ("bench.hq", f"/missions/{MISSION}/"),
        "IAP overview": ("bench.hq", "/iap/"),
        "portfolio": ("bench.hq", "/benchmarks/portfolio/"),
        "mission dashboard": ("bench.hq", f"/benchmarks/missions/{MISSION}/dashboard/"),
        "ISF page": ("bench.hq", f"/frameworks/{fw['endorsed']}/"),
        "ISF editor": ("bench.hq", f"/frameworks/{fw['draft']}/edit/"),
        "ISF comments": ("bench.hq", f"/frameworks/{fw['endorsed']}/comments/"),
        "update queue": ("bench.mp1", f"/benchmarks/missions/{MISSION}/updates/"),
        "report list": ("bench.hq", f"/benchmarks/missions/{MISSION}/reports/"),
        "updates API list": ("bench.hq", "/api/updates/"),
        "indicators API list": ("bench.hq", "/api/indicators/"),
        "search": ("bench.hq", "/search/?q=security"),
        "/health/": ("bench.hq", "/health/"),
    }


QUERY_COUNTS = """
import json
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
clients = {}
counts = {}
for name, (username, url) in %(pages)r.items():
    if username not in clients:
        clients[username] = Client()
        clients[username].force_login(get_user_model().objects.get(username=username))
    client = clients[username]
    client.get(url)
    row = {}
    for state in ("cold", "warm"):
        if state == "cold":
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        row[state] = len(queries.captured_queries)
        row["status"] = status
    counts[name] = row
print("COUNTS" + json.dumps(counts))
"""


def query_counts(database: str, measured: dict) -> dict:
    return shell_json(database, QUERY_COUNTS % {"pages": measured}, "COUNTS")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Forms(html.parser.HTMLParser):
    """The forms of a page as a browser sees them: each one's attributes and its fields (inputs,
    checked boxes, selected options, textareas), and every option of its selects."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = self._select = self._textarea = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v if v is not None else "") for k, v in attrs}
        form = self._form
        if tag == "form":
            self._form = {"attrs": attrs, "fields": {}, "options": {}, "checkboxes": {}}
            self.forms.append(self._form)
        elif form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind == "checkbox":
                form["checkboxes"].setdefault(attrs["name"], []).append(attrs.get("value", "on"))
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                form["fields"][attrs["name"]] = attrs.get("value", "")
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            form["options"][self._select] = []
            form["fields"].setdefault(self._select, "")
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            form["options"][self._select].append(value)
            if "selected" in attrs or len(form["options"][self._select]) == 1:
                form["fields"][self._select] = value
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            form["fields"][self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data

    def find(self, test) -> dict | None:
        return next((form for form in self.forms if test(form)), None)


def field_saved(status: int, content: bytes) -> bool:
    """Whether an htmx save of an editor form was taken: it is answered 200 with the form alone,
    saying "Saved" (a refusal is answered 200 too, as htmx swaps only 2xx, saying "Not saved")."""
    return status == 200 and re.search(rb'class="saving-state"[^>]*>\s*Saved', content) is not None


class Session:
    """A keep-alive HTTP/1.1 connection with its own cookies (session and CSRF), like one browser."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"http://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, content, response

    def get(self, path: str, headers: dict | None = None) -> tuple[int, bytes]:
        status, content, _response = self.request("GET", path, headers=headers)
        return status, content

    def post(self, path: str, fields: dict, referer: str, htmx: bool = False) -> tuple[int, bytes, str]:
        """A form POST as a browser sends it; a redirect is followed (as fetch/XHR does for
        htmx). Returns the POST's status, the final content and the redirect target."""
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.origin,
            "Referer": self.origin + referer,
        }
        if htmx:
            headers.update({"HX-Request": "true", "HX-Current-URL": self.origin + referer})
        body = urllib.parse.urlencode(fields, doseq=True)
        status, content, response = self.request("POST", path, body=body, headers=headers)
        location = response.getheader("Location") or ""
        if status in (301, 302, 303) and location:
            target = urllib.parse.urlsplit(location)
            _status, content = self.get(target.path + (f"?{target.query}" if target.query else ""))
        return status, content, location

    def login(self, username: str, password: str) -> None:
        status, content = self.get("/accounts/login/")
        form = Forms(content.decode()).find(lambda f: "username" in f["fields"])
        fields = {**form["fields"], "username": username, "password": password}
        status, _content, _location = self.post("/accounts/login/", fields, "/accounts/login/")
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"login as {username} failed (HTTP {status})")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summary(values: list[float]) -> dict:
    if not values:
        return {"n": 0, "p50": 0.0, "p95": 0.0}
    return {"n": len(values), "p50": statistics.median(values), "p95": percentile(values, 0.95)}


def timed_get(session: Session, path: str) -> tuple[float, int, bytes]:
    started = time.perf_counter()
    status, content = session.get(path)
    return (time.perf_counter() - started) * 1000, status, content


class Writer:
    """What comes before a cold request: a real write to SYN001, made as the editor makes it (its
    draft framework's vision saved, unchanged, through the htmx form with the form's
    `updated_at`). The write's commit keeps SYN001's IAP standing, as every write does, so the
    next page reads what the first view after a write reads. Its figures stay the same: only
    the draft's `updated_at` and history move."""

    def __init__(self, port: int, draft: int):
        self.session = Session(port)
        self.session.login("bench.hq", PASSWORD)
        self.path = f"/frameworks/{draft}/edit/"
        _status, content = self.session.get(self.path)
        self.form = self.editor_form(content)

    @staticmethod
    def editor_form(content: bytes) -> dict:
        form = Forms(content.decode()).find(lambda f: f["attrs"].get("id") == "framework-fields")
        if not form:
            raise SystemExit("bench write: no editor form on the SYN001 draft")
        return form

    def write(self) -> None:
        status, content, _location = self.session.post(
            self.form["attrs"]["action"], self.form["fields"], self.path, htmx=True
        )
        if not field_saved(status, content):
            raise SystemExit(f"bench write: HTTP {status}, not saved, for the SYN001 draft's vision")
        self.form = self.editor_form(content)


def measure_pages(port: int, measured: dict, rounds: int, limit_seconds: float, draft: int) -> dict:
    """Each page cold (a write to a mission's data, then the cache emptied, just before: the
    first view after a write) then warm (the same request again), the pages taken in turns, so
    that the machine's load at any moment weighs on every page alike."""
    import redis

    client = redis.Redis.from_url(REDIS)
    writer = Writer(port, draft)
    sessions: dict[str, Session] = {}
    for username, _path in measured.values():
        if username not in sessions:
            sessions[username] = Session(port)
            sessions[username].login(username, PASSWORD)
    for name, (username, path) in measured.items():
        for _ in range(3):  # warm-up: both workers, their connections, the code paths
            status, _content = sessions[username].get(path)
            if status != 200:
                raise SystemExit(f"{name} {path}: HTTP {status} for {username}")
    timings = {name: {"cold": [], "warm": [], "bytes": 0} for name in measured}
    deadline = time.monotonic() + limit_seconds
    for _ in range(rounds):
        if time.monotonic() >= deadline:
            break
        for name, (username, path) in measured.items():
            for state in ("cold", "warm"):
                if state == "cold":
                    writer.write()
                    flush_redis(client)
                elapsed, status, content = timed_get(sessions[username], path)
                if status != 200:
                    raise SystemExit(f"{name} {path}: HTTP {status} for {username}")
                timings[name][state].append(elapsed)
                timings[name]["bytes"] = len(content)
    return {
        name: {
            "cold": summary(row["cold"]),
            "warm": summary(row["warm"]),
            "both": summary(row["cold"] + row["warm"]),
            "bytes": row["bytes"],
        }
        for name, row in timings.items()
    }


# The mixed load -----------------------------------------------------------------------------


def reads_for(role: str, missions: list[str], data: dict, agency: str) -> list:
    """What a user of this role reads: (kind, path) choices over the missions of its group."""
    frameworks = data["frameworks"]
    rng = random.Random()

    def mission():
        return rng.choice(missions)

    choices = [
        lambda: "/missions/",
        lambda: f"/missions/{mission()}/",
        lambda: "/iap/",
        lambda: "/benchmarks/portfolio/",
        lambda: f"/benchmarks/missions/{mission()}/dashboard/",
        lambda: f"/frameworks/{frameworks[mission()]['endorsed']}/",
        lambda: f"/frameworks/{frameworks[mission()]['endorsed']}/comments/",
        lambda: f"/benchmarks/missions/{mission()}/reports/",
        lambda: f"/api/updates/?mission={mission()}",
        lambda: f"/api/indicators/?mission={mission()}",
    ]
    if role in ("hq_planner", "mission_planner"):
        choices.append(lambda: f"/frameworks/{frameworks[mission()]['draft']}/edit/")
    if role == "mission_planner":
        choices.append(lambda: f"/benchmarks/missions/{mission()}/updates/")
    if role == "agency_planner":
        choices.append(lambda: f"/benchmarks/indicators/{rng.choice(data['indicators'][agency])}/update/")
    return choices


def writes_for(role: str) -> list[str]:
    return {
        "mission_planner": ["approve", "comment", "field save"],
        "agency_planner": ["submit", "comment"],
    }.get(role, [])


class Load:
    """One user of the mixed load: reads pages of its missions and, with the given share, writes."""

    def __init__(self, session: Session, role: str, missions: list[str], writable: list[str], data, agency: str):
        self.session, self.role, self.data, self.agency = session, role, data, agency
        self.missions, self.writable = missions, writable
        self.rng = random.Random()
        self.reads = reads_for(role, missions, data, agency)
        self.writes = writes_for(role)
        self.timings: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.refused: list[str] = []

    def record(self, kind: str, elapsed: float) -> None:
        self.timings.setdefault(kind, []).append(elapsed)

    def read(self, path: str) -> bytes | None:
        elapsed, status, content = timed_get(self.session, path)
        self.record("API read" if path.startswith("/api/") else "page read", elapsed)
        if status != 200:
            self.errors.append(f"GET {path}: HTTP {status}")
            return None
        return content

    def write(self, kind: str, path: str, fields: dict, htmx: bool = False) -> tuple[int, bytes]:
        started = time.perf_counter()
        status, content, location = self.session.post(path, fields, path, htmx=htmx)
        self.record(kind, (time.perf_counter() - started) * 1000)
        return status, content

    def one_write(self) -> None:
        kind = self.rng.choice(self.writes)
        mission = self.rng.choice(self.writable)
        frameworks = self.data["frameworks"][mission]
        if kind == "submit":
            path = f"/benchmarks/indicators/{self.rng.choice(self.data['indicators'][self.agency])}/update/"
            content = self.read(path)
            form = content and Forms(content.decode()).find(lambda f: "period_start" in f["fields"])
            periods = [value for value in (form["options"].get("period_start", []) if form else []) if value]
            if not periods:
                return  # no open period on this indicator: nothing to submit
            fields = {**form["fields"], "value": str(self.rng.randint(1, 900)), "narrative": "Bench update."}
            fields["period_start"] = self.rng.choice(periods)
            # The status starts empty (the reporter chooses it).
            fields["status"] = self.rng.choice([value for value in form["options"].get("status", []) if value])
            status, content = self.write(kind, path, fields)
            if status != 302 and b"approved and locked" in content:
                self.refused.append(f"submit {path}: the period was approved meanwhile")
                return
        elif kind == "approve":
            path = f"/benchmarks/missions/{mission}/updates/"
            content = self.read(path)
            form = content and Forms(content.decode()).find(lambda f: "updates" in f["checkboxes"])
            if not form:
                return  # nothing waits in this mission's queue
            fields = {**form["fields"], "updates": [self.rng.choice(form["checkboxes"]["updates"])]}
            fields["decision"] = "approve"
            status, content = self.write(kind, path, fields)
        elif kind == "comment":
            path = f"/frameworks/{frameworks['endorsed']}/comments/"
            content = self.read(path)
            form = content and Forms(content.decode()).find(lambda f: "body" in f["fields"] and "on" in f["options"])
            if not form:
                self.errors.append(f"GET {path}: no comment form for {self.role}")
                return
            targets = [value for value in form["options"]["on"] if value]
            fields = {**form["fields"], "on": self.rng.choice(targets), "body": "Bench comment: please review."}
            status, content = self.write(kind, path, fields)
        else:  # field save: the framework's vision, as the editor's htmx form sends it on change
            path = f"/frameworks/{frameworks['draft']}/edit/"
            content = self.read(path)
            form = content and Forms(content.decode()).find(lambda f: f["attrs"].get("id") == "framework-fields")
            if not form:
                self.errors.append(f"GET {path}: no editor form for {self.role}")
                return
            vision = re.sub(r" \(bench \d+\)$", "", form["fields"]["fw-vision"])
            fields = {**form["fields"], "fw-vision": f"{vision} (bench {self.rng.randint(1, 10**6)})"}
            status, content = self.write(kind, form["attrs"]["action"], fields, htmx=True)
            if not field_saved(status, content):
                self.errors.append(f"{kind} POST {path}: HTTP {status}, not saved")
            return
        if status != 302:
            self.errors.append(f"{kind} POST {path}: HTTP {status}")

    def run(self, until: float, write_share: float) -> int:
        requests = 0
        while time.time() < until and requests < MAX_REQUESTS_PER_USER:
            if self.writes and self.writable and self.rng.random() < write_share:
                self.one_write()
            else:
                self.read(self.rng.choice(self.reads)())
            requests += 1
        return requests


def load_user(port, username, role, missions, writable, data, agency, start_at, seconds, write_share, results):
    session = Session(port)
    session.login(username, PASSWORD)
    user = Load(session, role, missions, writable, data, agency)
    late = max(0.0, time.time() - start_at)  # signed in after the load began: it runs shorter
    while time.time() < start_at:
        time.sleep(0.01)
    user.run(start_at + seconds, write_share)  # every user ends at the same moment
    results.put(
        {"user": username, "timings": user.timings, "errors": user.errors, "refused": user.refused, "late": late}
    )


def mixed_load(port: int, data: dict, seconds: float, count: int) -> dict:
    """`count` users of every role, each its own process, connection and session, for `seconds`."""
    groups = data["groups"]
    chosen = [USERS[i] for i in (0, 2, 6, 8, 14, 3, 9, 1, 4, 10, 7, 5, 11, 12, 15, 13)[:count]]
    writers = sum(1 for _u, role, _e, _g in chosen if writes_for(role))
    # Users who may write write a little more often, so that WRITE_SHARE of all requests are
    # writes: each write also reads its form page first.
    share = min(1.0, WRITE_SHARE / (1 - WRITE_SHARE) * len(chosen) / max(1, writers))
    results = multiprocessing.Queue()
    start_at = time.time() + 5 + 1.5 * len(chosen)  # after every user has signed in
    processes = []
    for username, role, entity, group in chosen:
        missions = [m for m in groups[group] if m.startswith("SYN")] if group == "all" else groups[group]
        writable = [m for m in missions if m != MISSION]
        args = (port, username, role, missions, writable, data, entity, start_at, seconds, share, results)
        process = multiprocessing.Process(target=load_user, args=args, daemon=True)
        process.start()
        processes.append(process)
    outcome = [results.get(timeout=seconds + 120 + 2 * len(chosen)) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    timings: dict[str, list[float]] = {}
    errors, refused = [], []
    for row in outcome:
        for kind, values in row["timings"].items():
            timings.setdefault(kind, []).extend(values)
        errors.extend(f"{row['user']}: {e}" for e in row["errors"])
        refused.extend(f"{row['user']}: {e}" for e in row["refused"])
    total = sum(len(values) for values in timings.values())
    kinds = ["page read", "API read", "submit", "approve", "comment", "field save"]
    return {
        "users": len(chosen),
        "seconds": seconds,
        "requests": total,
        "throughput": total / seconds,
        "writes": sum(len(timings.get(kind, [])) for kind in kinds[2:]),
        "kinds": {kind: summary(timings.get(kind, [])) for kind in kinds},
        "errors": errors,
        "refused": refused,
        "late": {row["user"]: round(row["late"], 1) for row in outcome if row["late"]},
    }


def serve(database: str, port: int, log) -> subprocess.Popen:
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
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn exited while starting (log: {log.name})")
            time.sleep(0.3)
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit("gunicorn did not start within 60 s")


def print_pages(results: dict, counts: dict) -> None:
    # The reference: /health/'s median over all its requests (emptying the cache changes nothing
    # it does: SELECT 1, the count of jobs waiting for the broker, a PING of Redis).
    trivial = results["/health/"]["both"]["p50"]
    header = (
        f"{'page':<20} {'n':>4} {'cold p50':>9} {'p95':>7} {'warm p50':>9} {'p95':>7} {'cold/health':>12}"
        f" {'KB':>5} {'queries s1':>11} {'s50':>4}"
    )
    print(header)
    print("-" * len(header))
    for name, row in results.items():
        ratio = row["cold"]["p50"] / trivial
        mark = " <-- over 10x" if ratio > LIMIT_RATIO else ""
        queries = " ".join(
            f"{counts[scale][name]['cold']}/{counts[scale][name]['warm']}".rjust(width)
            for scale, width in ((1, 11), (50, 4))
        )
        print(
            f"{name:<20} {row['cold']['n']:>4} {row['cold']['p50']:>9.1f} {row['cold']['p95']:>7.1f}"
            f" {row['warm']['p50']:>9.1f} {row['warm']['p95']:>7.1f} {ratio:>11.1f}x"
            f" {row['bytes'] / 1024:>5.0f} {queries}{mark}"
        )
    print("(ms; queries cold/warm at scale 1 and scale 50)")
    equal = all(counts[1][name] == counts[50][name] for name in results)
    print(f"query counts equal at scale 1 and 50: {'yes' if equal else 'NO'}")
    over = [name for name, row in results.items() if row["cold"]["p50"] > LIMIT_RATIO * trivial]
    print(f"cold median within {LIMIT_RATIO}x /health/: {'every page' if not over else 'NOT ' + ', '.join(over)}")


def print_load(load: dict) -> None:
    print(
        f"{load['users']} users, {load['seconds']:.0f} s: {load['requests']} requests, "
        f"{load['throughput']:.1f} per second, {load['writes']} writes "
        f"({100 * load['writes'] / max(1, load['requests']):.1f}%)"
    )
    print(f"{'kind':<12} {'n':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for kind, row in load["kinds"].items():
        print(f"{kind:<12} {row['n']:>6} {row['p50']:>8.1f} {row['p95']:>8.1f}")
    print(f"errors: {len(load['errors'])}; expected refusals: {len(load['refused'])}")
    if load["late"]:
        print(f"signed in after the start (seconds late; these users ran shorter): {load['late']}")
    for line in (load["errors"] + load["refused"])[:20]:
        print("  " + line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=25, help="cold+warm rounds over the pages (default 25)")
    parser.add_argument("--page-seconds", type=float, default=420, help="time limit of the page rounds")
    parser.add_argument("--seconds", type=float, default=60, help="length of the mixed load (default 60)")
    parser.add_argument("--users", type=int, default=16, help="users of the mixed load (default 16, at most 16)")
    parser.add_argument("--skip-seed", action="store_true", help="no migrate or seed_demo (databases exist)")
    parser.add_argument("--only", help="measure only the page whose name contains this word (and /health/)")
    parser.add_argument("--no-load", action="store_true", help="skip the mixed load")
    parser.add_argument("--no-pages", action="store_true", help="skip the page rounds")
    options = parser.parse_args()
    started = time.monotonic()

    data = {}
    for scale, database in DATABASES.items():
        if not options.skip_seed:
            print(f"== {database}: migrate and seed_demo --scale {scale}", flush=True)
            ensure_database(database)
            manage(database, "migrate", "--noinput", "-v0")
            manage(database, "seed_demo", "--scale", str(scale), capture=True)
        data[scale] = setup(database)
        print(f"{database}: {data[scale]['missions']} missions, {len(USERS)} bench users", flush=True)
        # Fresh planner statistics, as autovacuum would have them in service.
        analyze(database)
    manage(DATABASES[50], "collectstatic", "--noinput", "-v0")

    measured = pages(data[50])
    if options.only:
        measured = {
            name: row for name, row in measured.items() if options.only.lower() in name.lower() or name == "/health/"
        }
    counts = {}
    if not options.no_pages:
        print("== query counts (scale 1 and scale 50, cold and warm)", flush=True)
        for scale, database in DATABASES.items():
            # The same pages at scale 1: its own ids for SYN001's frameworks.
            counts[scale] = query_counts(database, {name: pages(data[scale])[name] for name in measured})

    port = free_port()
    log = tempfile.NamedTemporaryFile("w", prefix="wb-bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    print(f"== gunicorn, 2 workers, on 127.0.0.1:{port} against {DATABASES[50]}; cache {REDIS}; log {log.name}")
    flush_redis()
    server = serve(DATABASES[50], port, log)
    results = load = None
    try:
        if not options.no_pages:
            print(f"== pages, cold and warm, in turns ({options.rounds} rounds)", flush=True)
            results = measure_pages(
                port, measured, options.rounds, options.page_seconds, data[50]["frameworks"][MISSION]["draft"]
            )
        if not options.no_load:
            print(f"== mixed load: {options.users} users, {options.seconds:.0f} s", flush=True)
            load = mixed_load(port, data[50], options.seconds, min(options.users, len(USERS)))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
        logged = Path(log.name).read_text().splitlines()
        if logged:  # errors and tracebacks of the server (it logs warnings and worse)
            print(f"== gunicorn log ({len(logged)} lines, the last 60):", *logged[-60:], sep="\n")

    print()
    if results:
        print_pages(results, counts)
        print()
    if load:
        print_load(load)
        if load["errors"]:
            print(f"(tracebacks, if any, in {log.name})")
    print(f"\nwhole run: {(time.monotonic() - started) / 60:.1f} min")
    print(
        "JSON "
        + json.dumps({"pages_ms": results, "queries": counts, "load": load and {**load, "errors": load["errors"][:50]}})
    )


if __name__ == "__main__":
    main()
