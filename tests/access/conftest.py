"""Fixtures of the access tests, and the count of generated matrix cases printed at the end."""

from collections import Counter

import pytest

CASES: Counter = Counter()


@pytest.fixture
def world(db):
    from tests.access.world import build_world

    return build_world()


def pytest_terminal_summary(terminalreporter):
    if CASES:
        parts = ", ".join(f"{name} {count}" for name, count in sorted(CASES.items()))
        terminalreporter.write_line(f"access matrix: {sum(CASES.values())} cases checked ({parts})", bold=True)
