"""Fixtures of the access tests; printed at the end: how many of the pages that name an object the
generated tests cover, and the count of generated matrix cases (without xdist)."""

from collections import Counter

import pytest

CASES: Counter = Counter()


@pytest.fixture
def world(db, settings, tmp_path):
    from tests.access.world import build_world

    settings.MEDIA_ROOT = tmp_path / "media"  # the done reports' files
    return build_world()


def pytest_terminal_summary(terminalreporter):
    ran = {
        report.nodeid.split("::")[0]
        for reports in terminalreporter.stats.values()
        for report in reports
        if hasattr(report, "nodeid")
    }
    if any(path.endswith(("test_matrix_generated.py", "test_generic_pages.py")) for path in ran):
        from tests.access.discovery import names_object, page_routes, site_routes

        naming = sum(names_object(route) for route in site_routes())
        covered = sum(names_object(page.route) for page in page_routes())
        terminalreporter.write_line(
            f"access pages: {covered} of the {naming} pages that name an object are under the generated tests",
            bold=True,
        )
    if CASES:
        parts = ", ".join(f"{name} {count}" for name, count in sorted(CASES.items()))
        terminalreporter.write_line(f"access matrix: {sum(CASES.values())} cases checked ({parts})", bold=True)
