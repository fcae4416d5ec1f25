"""Browser fixtures for every test that drives a real headless Chromium (Debian's) with Playwright
against pytest-django's live server: sign-in as a given user, and an axe-core accessibility check.
Registered once for the whole suite (tests/conftest.py), so all browser tests share one Chromium."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "pass-word-123"  # tests.factories.UserFactory's password


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def new_page(browser, live_server):
    """A second, independent browser session (e.g. a second planner)."""
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def login():
    """Sign `user` in through the real login form on `page` (and an administrator's second factor)."""

    def sign_in(page, user, password: str = PASSWORD):
        from tests.second_factor import authenticator, code_now

        # An administrator owes a second factor (missions.twofactor): enter their app's code.
        device = authenticator(user) if user.is_staff or user.is_superuser else None
        page.goto("/accounts/login/")
        page.get_by_label("User name").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state("networkidle")
        if device is not None:
            page.get_by_label("Code").fill(code_now(device))
            page.get_by_role("button", name="Continue").click()
            page.wait_for_load_state("networkidle")

    return sign_in


@pytest.fixture
def axe():
    """Run axe-core on the page; return the serious and critical violations (empty list is good)."""

    def check(page) -> list[dict]:
        if not AXE.exists():
            if os.environ.get("WORKBENCH_REQUIRE_SERVICES") == "1":
                pytest.fail("axe-core is not installed (npm install)")
            pytest.skip("service missing: axe-core is not installed (npm install)")
        # Evaluated through the browser's devtools protocol: a <script> tag with the code inline
        # would be refused by the pages' Content-Security-Policy.
        page.evaluate(AXE.read_text())
        results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in results["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return check
