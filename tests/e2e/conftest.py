"""End-to-end journeys: every test here drives a real Chromium (fixtures in tests/browser_fixtures.py)."""

import pytest

from tests.browser_fixtures import AXE, CHROMIUM, CHROMIUM_ARGS, PASSWORD  # noqa: F401 - for the benches


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
