"""The browser fixtures of the journeys (tests/e2e/conftest.py) for the sign-in pages."""

from tests.e2e.conftest import axe, browser, page  # noqa: F401
