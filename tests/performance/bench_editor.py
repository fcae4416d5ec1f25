"""What the ISF editor costs a planner on a slow line: times and bytes in a real browser.

    .venv/bin/python tests/performance/bench_editor.py [--loads N] [--saves N]

Debian's Chromium (Playwright, the end-to-end tests' launch arguments) under Chromium's own network
emulation (CDP `Network.emulateNetworkConditions`: 300 ms latency, 400 kbit/s down and up), against
gunicorn as bench.py serves it (2 workers, DEBUG=0, Redis cache and sessions on BENCH_REDIS) on the
database `wb_perf` (the demo data, as `make bench` seeds it; nothing is migrated or seeded here).
Signed in through the login form as the demo planner of UNSMIL (DPA's headquarters planner: the demo
has no UNSMIL mission planner), on version 2 of UNSMIL's framework, which is in consultation:

1. the editor's first load (a fresh browser context, its cache cleared and disabled): time to the
   `load` event, and the bytes Chromium received for the page's requests (and the HTML's alone);
2. a field save: the vision changed (a space and a counter appended) and left with Tab, as the
   editor saves it with htmx on change: from the change to "Saved" in the form's saving state,
   and the bytes of the POST (its body and the answer as received); `--saves` times (default 5);
3. opening result 1.1 in the outline (its forms fetched by htmx): time and bytes;
4. a box of its "Leads" group checked and saved ("Save leads and contributors"), then unchecked
   and saved again: time to "Saved" and bytes, each;
5. the framework's page (`/frameworks/<pk>/`), first load, as in 1.

Loads are `--loads` times each (default 3). The vision and the leads are as before at the end
(also after a failure, as far as the server still answers). Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import REDIS, flush_redis, free_port, manage, serve, shell_json  # noqa: E402

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

DATABASE = "wb_perf"
MISSION, VERSION = "UNSMIL", 2
USERNAME = "dpa.planner"  # seed_demo's planner covering UNSMIL (DPA leads it)
RESULT = "1.1"
LATENCY_MS = 300
THROUGHPUT = 50_000  # bytes per second each way: 400 kbit/s
FIELD_SAVE_TARGET = 10 * 1024  # bytes per field save, sent and received
TIMEOUT_MS = 90_000

FIND = """
import json
from django.contrib.auth import get_user_model
from frameworks.models import IntegratedStrategicFramework
from missions.access import allowed
from planning.demo import DEMO_PASSWORD

user = get_user_model().objects.filter(username=%(user)r, is_active=True).first()
framework = IntegratedStrategicFramework.objects.filter(mission__acronym=%(mission)r, version=%(version)r).first()
out = {"password": DEMO_PASSWORD, "user": bool(user), "framework": None}
if framework:
    out["framework"] = {
        "pk": framework.pk, "status": framework.status, "editable": framework.is_editable,
        "allowed": bool(user) and allowed(user, "change", framework),
    }
print("EDITOR" + json.dumps(out))
"""

# In the page: when the measured step starts (the first `start` event on `trigger`) and ends (the
# saving state of `form` replaced by the answer and saying something other than "Saving…"), or,
# with `appears`, when that element is in the page.
ARM = """([trigger, start, form, appears]) => {
  const status = document.getElementById("editor-status");
  const before = document.querySelector(form + " .saving-state");
  const bench = window.__bench = {start: null, end: null, text: "", saving: status ? status.dataset.saving : ""};
  const began = (event) => {
    if (bench.start === null && event.target.closest(trigger)) {
      bench.start = performance.now();
      document.removeEventListener(start, began, true);
    }
  };
  document.addEventListener(start, began, true);
  const check = () => {
    if (bench.start === null || bench.end !== null) { return; }
    if (appears) {
      if (document.querySelector(appears)) { bench.end = performance.now(); }
    } else {
      const state = document.querySelector(form + " .saving-state");
      const text = state ? state.textContent.trim() : "";
      if (state && state !== before && text && text !== bench.saving) {
        bench.end = performance.now();
        bench.text = text;
      }
    }
    if (bench.end !== null) { observer.disconnect(); }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, {childList: true, subtree: true, characterData: true});
}"""

NAVIGATION = """() => {
  const n = performance.getEntriesByType("navigation")[0];
  return {load: n.loadEventStart, dcl: n.domContentLoadedEventStart};
}"""


class Network:
    """The page's requests as Chromium counts them (CDP Network events): method, URL, status, the
    request body's size, and `encodedDataLength` (all bytes received: headers and body as sent)."""

    def __init__(self, cdp):
        self.cdp = cdp
        self.requests: dict[str, dict] = {}
        self.loaded_at: float | None = None  # the `load` event, on the clock of the requests
        cdp.on("Page.loadEventFired", self._loaded)
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", self._failed)

    def _sent(self, event):
        request = event["request"]
        if "postDataEntries" in request:
            body = sum(len(base64.b64decode(entry.get("bytes", ""))) for entry in request["postDataEntries"])
        else:
            body = len(request.get("postData", "").encode())
        self.requests[event["requestId"]] = {
            "method": request["method"],
            "url": request["url"],
            "type": event.get("type", ""),
            "body": body,
            "at": event["timestamp"],
            "status": None,
            "received": None,
        }

    def _loaded(self, event):
        self.loaded_at = event["timestamp"]

    def _response(self, event):
        if event["requestId"] in self.requests:
            self.requests[event["requestId"]]["status"] = event["response"]["status"]

    def _finished(self, event):
        if event["requestId"] in self.requests:
            self.requests[event["requestId"]]["received"] = event["encodedDataLength"]

    def _failed(self, event):
        if event["requestId"] in self.requests:
            self.requests[event["requestId"]].update(received=0, failed=event.get("errorText", "failed"))

    def clear(self) -> None:
        self.requests.clear()
        self.loaded_at = None

    def settled(self, page, rows: list[dict]) -> list[dict]:
        """`rows` once each has finished (Chromium reports it a moment after the page has it)."""
        deadline = time.monotonic() + 30
        while any(row["received"] is None for row in rows):
            if time.monotonic() > deadline:
                raise SystemExit("the browser never reported the end of: " + ", ".join(r["url"] for r in rows))
            page.wait_for_timeout(20)
        return rows

    def matching(self, method: str, path: str) -> list[dict]:
        return [row for row in self.requests.values() if row["method"] == method and path in row["url"]]


class Browser:
    """Chromium and a signed-in tab per context, throttled through CDP after sign-in."""

    def __init__(self, playwright, origin: str, password: str):
        self.origin, self.password = origin, password
        self.browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    def tab(self, throttled: bool = True):
        context = self.browser.new_context(base_url=self.origin, viewport={"width": 1280, "height": 900}, locale="en")
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("User name").fill(USERNAME)
        page.get_by_label("Password").fill(self.password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state("load")
        if "/accounts/login/" in page.url:
            raise SystemExit(f"sign-in as {USERNAME} through the login form failed (still on {page.url})")
        cdp = context.new_cdp_session(page)
        network = Network(cdp)
        cdp.send("Network.enable")
        cdp.send("Page.enable")
        cdp.send("Network.clearBrowserCache")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        if throttled:
            cdp.send(
                "Network.emulateNetworkConditions",
                {
                    "offline": False,
                    "latency": LATENCY_MS,
                    "downloadThroughput": THROUGHPUT,
                    "uploadThroughput": THROUGHPUT,
                },
            )
        return context, page, network

    def close(self) -> None:
        self.browser.close()


def first_load(page, network: Network, path: str) -> dict:
    """A navigation with an empty cache: time to `load` and the bytes of the requests made before
    it (the document and what it loads; not the editor's presence reports that may follow)."""
    network.clear()
    response = page.goto(path, wait_until="load")
    if response is None or response.status != 200 or urlpath(page.url) != path:
        raise SystemExit(f"GET {path}: HTTP {response and response.status}, ended at {page.url}")
    timing = page.evaluate(NAVIGATION)
    deadline = time.monotonic() + 30
    while network.loaded_at is None:
        if time.monotonic() > deadline:
            raise SystemExit(f"GET {path}: the browser never reported the load event")
        page.wait_for_timeout(20)
    rows = network.settled(page, [row for row in network.requests.values() if row["at"] <= network.loaded_at])
    documents = [row for row in rows if row["type"] == "Document"]
    return {
        "ms": timing["load"],
        "dcl_ms": timing["dcl"],
        "bytes": sum(row["received"] for row in rows),
        "html_bytes": sum(row["received"] for row in documents),
        "requests": len(rows),
    }


def urlpath(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).path


def measured(page, network: Network, act, *, trigger, start, form, method, path, appears="") -> dict:
    """One step in the page: armed, `act()` done, waited for its end; its time (in the page) and
    the bytes of its request (`method` to a URL containing `path`): body sent plus all received."""
    network.clear()
    page.evaluate(ARM, [trigger, start, form, appears])
    act()
    page.wait_for_function("() => window.__bench.end !== null", timeout=TIMEOUT_MS)
    bench = page.evaluate("() => window.__bench")
    rows = network.settled(page, network.matching(method, path))
    if len(rows) != 1:
        raise SystemExit(f"expected one {method} to {path}, the browser made {len(rows)}")
    row = rows[0]
    return {
        "ms": bench["end"] - bench["start"],
        "bytes": row["body"] + row["received"],
        "sent": row["body"],
        "received": row["received"],
        "status": row["status"],
        "said": bench["text"],
    }


def saved_or_exit(step: dict, what: str) -> dict:
    if step["status"] != 200 or not step["said"].startswith("Saved"):
        raise SystemExit(f"{what}: HTTP {step['status']}, the form says {step['said']!r}")
    return step


class Editor:
    """The editor's steps on one page, and putting back what they changed."""

    def __init__(self, page, network: Network, framework: int):
        self.page, self.network, self.framework = page, network, framework
        self.vision = page.locator("#id_fw-vision")
        self.original_vision: str | None = None
        self.result_pk: int | None = None
        self.lead: tuple[str, bool] | None = None  # (entity pk, checked before) while changed

    def save_vision(self, text: str) -> dict:
        def act():
            self.vision.fill(text)
            self.vision.press("Tab")

        step = measured(
            self.page,
            self.network,
            act,
            trigger="#framework-fields",
            start="change",
            form="#framework-fields",
            method="POST",
            path=f"/frameworks/{self.framework}/edit/",
        )
        return saved_or_exit(step, "field save")

    def result_row(self):
        summary = self.page.locator("summary", has_text=f"Edit result {RESULT}:")
        if summary.count() != 1:
            raise SystemExit(f"the outline has {summary.count()} results numbered {RESULT}")
        row = self.page.locator(".outline-result", has=summary)
        self.result_pk = int(row.get_attribute("id").removeprefix("result-"))
        return summary

    def open_result(self) -> dict:
        summary = self.result_row()
        pk = self.result_pk
        step = measured(
            self.page,
            self.network,
            summary.click,
            trigger="summary",
            start="click",
            form=f"#result-{pk}",
            method="GET",
            path=f"/frameworks/results/{pk}/panel/",
            appears=f"#rr{pk}-form",
        )
        if step["status"] != 200:
            raise SystemExit(f"opening result {RESULT}: HTTP {step['status']}")
        return step

    def lead_box(self):
        """A box of the Leads group whose entity does not contribute (it may change either way)."""
        pk = self.result_pk
        form = self.page.locator(f"#rr{pk}-form")
        contributing = set(
            form.locator(f"input[name='rr{pk}-contributors']:checked").evaluate_all("els => els.map(e => e.value)")
        )
        leads = form.get_by_role("group", name="Leads").locator("input[type=checkbox]")
        choices = [(box.get_attribute("value"), box.is_checked()) for box in leads.all()]
        free = [c for c in choices if c[0] not in contributing]
        if not free:
            raise SystemExit(f"result {RESULT}: every entity contributes, no Leads box can change")
        return next((c for c in free if not c[1]), free[0])

    def set_lead(self, value: str, checked: bool) -> dict:
        pk = self.result_pk
        form = self.page.locator(f"#rr{pk}-form")

        def act():
            form.locator(f"input[name='rr{pk}-leads'][value='{value}']").set_checked(checked)
            form.get_by_role("button", name="Save leads and contributors").click()

        step = measured(
            self.page,
            self.network,
            act,
            trigger=f"#rr{pk}-form button[type=submit]",
            start="click",
            form=f"#rr{pk}-form",
            method="POST",
            path=f"/frameworks/results/{pk}/roles/",
        )
        return saved_or_exit(step, "leads and contributors")


def restore(browser: Browser, framework: int, vision: str | None, result_pk: int | None, lead) -> None:
    """After a failure: the vision and the leads box as they were, on a fresh, unthrottled page."""
    _context, page, network = browser.tab(throttled=False)
    page.goto(f"/frameworks/{framework}/edit/")
    editor = Editor(page, network, framework)
    if vision is not None and editor.vision.input_value() != vision:
        editor.save_vision(vision)
    if result_pk is not None and lead is not None:
        editor.open_result()
        value, checked = lead
        if page.locator(f"input[name='rr{result_pk}-leads'][value='{value}']").is_checked() != checked:
            editor.set_lead(value, checked)


def summary_row(steps: list[dict]) -> dict:
    return {
        "n": len(steps),
        "median_ms": statistics.median(s["ms"] for s in steps),
        "bytes": statistics.median(s["bytes"] for s in steps),
        "each_ms": [round(s["ms"], 1) for s in steps],
        "each_bytes": [s["bytes"] for s in steps],
    }


def find_framework() -> tuple[int, str]:
    try:
        found = shell_json(DATABASE, FIND % {"user": USERNAME, "mission": MISSION, "version": VERSION}, "EDITOR")
    except (subprocess.CalledProcessError, StopIteration):
        raise SystemExit(f"could not read the demo data in {DATABASE} (is it migrated and seeded? `make bench`)")
    framework = found["framework"]
    if not found["user"]:
        raise SystemExit(f"no demo user {USERNAME} in {DATABASE}: run `manage.py seed_demo` on it")
    if not framework:
        raise SystemExit(f"{MISSION} has no framework version {VERSION} in {DATABASE}: run `manage.py seed_demo`")
    if not framework["editable"]:
        raise SystemExit(
            f"{MISSION}'s framework v{VERSION} (pk {framework['pk']}) is {framework['status']}, not editable "
            "(only a draft or a version in consultation is): the bench needs it as seed_demo leaves it"
        )
    if not framework["allowed"]:
        raise SystemExit(f"{USERNAME} may not edit {MISSION}'s framework v{VERSION} (pk {framework['pk']})")
    return framework["pk"], found["password"]


def run(origin: str, framework: int, password: str, loads: int, saves: int) -> dict:
    from playwright.sync_api import sync_playwright

    edit_path, page_path = f"/frameworks/{framework}/edit/", f"/frameworks/{framework}/"
    out: dict[str, list[dict]] = {"editor": [], "field save": [], "open result": [], "leads": [], "ISF page": []}
    with sync_playwright() as playwright:
        browser = Browser(playwright, origin, password)
        editor = None
        original = result_pk = lead = None
        try:
            for n in range(loads):
                context, page, network = browser.tab()
                out["editor"].append(first_load(page, network, edit_path))
                editor = Editor(page, network, framework)
                out["open result"].append(editor.open_result())
                result_pk = editor.result_pk
                if n < loads - 1:
                    context.close()
            original = editor.vision.input_value()
            for n in range(1, saves + 1):
                out["field save"].append(editor.save_vision(f"{original} {n}"))
            editor.save_vision(original)
            original = None  # as it was
            value, checked = editor.lead_box()
            lead = (value, checked)
            out["leads"].append(editor.set_lead(value, not checked))
            out["leads"].append(editor.set_lead(value, checked))
            lead = None  # as it was
            context.close()
            for _ in range(loads):
                context, page, network = browser.tab()
                out["ISF page"].append(first_load(page, network, page_path))
                context.close()
        finally:
            if original is not None or lead is not None:
                print("== putting the vision and the leads back as they were", flush=True)
                try:
                    restore(browser, framework, original, result_pk, lead)
                except (Exception, SystemExit) as error:  # the first failure is the one to see
                    print(f"could not put them back ({error}): vision {original!r}, lead {lead}", flush=True)
            browser.close()
    return out


def print_results(out: dict, framework: int) -> dict:
    rows = {
        "editor first load": summary_row(out["editor"]),
        "field save": summary_row(out["field save"]),
        f"open result {RESULT}": summary_row(out["open result"]),
        "save leads and contributors": summary_row(out["leads"]),
        "ISF page first load": summary_row(out["ISF page"]),
    }
    for name, key in (("editor first load", "editor"), ("ISF page first load", "ISF page")):
        rows[name]["html_bytes"] = statistics.median(s["html_bytes"] for s in out[key])
        rows[name]["requests"] = out[key][0]["requests"]
    header = f"{'what':<30} {'n':>3} {'median ms':>10} {'bytes':>9}"
    print(header)
    print("-" * len(header))
    for name, row in rows.items():
        extra = f"  (HTML {row['html_bytes']:,.0f}; {row['requests']} requests)" if "html_bytes" in row else ""
        print(f"{name:<30} {row['n']:>3} {row['median_ms']:>10.0f} {row['bytes']:>9,.0f}{extra}")
    print(
        f"(framework {framework}; {LATENCY_MS} ms latency, {THROUGHPUT * 8 // 1000} kbit/s each way; "
        "first loads to the load event, cache cleared; a save's bytes: its body sent and all received)"
    )
    saves = out["field save"]
    print("field saves, ms:", ", ".join(f"{s['ms']:.0f}" for s in saves))
    print("field saves, bytes (sent + received):", ", ".join(f"{s['sent']}+{s['received']}" for s in saves))
    print("leads saves (checked, unchecked), ms:", ", ".join(f"{s['ms']:.0f}" for s in out["leads"]))
    largest = max(s["bytes"] for s in saves)
    met = largest <= FIELD_SAVE_TARGET
    print(
        f"target <= 10 KB ({FIELD_SAVE_TARGET:,} bytes) per field save: {'met' if met else 'NOT met'}"
        f" (largest {largest:,})"
    )
    return {"rows": rows, "field_save_target_met": met}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--loads", type=int, default=3, help="first loads of each page, and result openings")
    parser.add_argument("--saves", type=int, default=5, help="field saves (default 5)")
    options = parser.parse_args()
    if options.loads < 1 or options.saves < 1:
        parser.error("--loads and --saves must be 1 or more")
    if not os.access(CHROMIUM, os.X_OK):
        raise SystemExit(f"no Chromium at {CHROMIUM}")
    started = time.monotonic()

    framework, password = find_framework()
    manage(DATABASE, "collectstatic", "--noinput", "-v0")
    port = free_port()
    log = tempfile.NamedTemporaryFile("w", prefix="wb-bench-editor-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    print(f"== gunicorn, 2 workers, on 127.0.0.1:{port} against {DATABASE}; cache {REDIS}; log {log.name}", flush=True)
    flush_redis()
    try:
        server = serve(DATABASE, port, log)
    except SystemExit as error:
        log.close()
        print(*Path(log.name).read_text().splitlines()[-30:], sep="\n")
        raise SystemExit(f"the server did not start: {error}")
    try:
        print(f"== ISF editor of {MISSION} v{VERSION} (framework {framework}) as {USERNAME}, in Chromium", flush=True)
        out = run(f"http://127.0.0.1:{port}", framework, password, options.loads, options.saves)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
        logged = Path(log.name).read_text().splitlines()
        if logged:
            print(f"== gunicorn log ({len(logged)} lines, the last 40):", *logged[-40:], sep="\n")

    print()
    summary = print_results(out, framework)
    print(f"\nwhole run: {(time.monotonic() - started) / 60:.1f} min")
    print("JSON " + json.dumps({"framework": framework, **summary, "steps": out}))


if __name__ == "__main__":
    main()
