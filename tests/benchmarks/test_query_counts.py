"""The dashboards, lists and the updates API cost the same number of queries at two data sizes,
computed from the data on every request (nothing cached): figures come from the kept standings."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from missions.models import Mission
from tests.benchmarks.conftest import build_progress
from tests.caches import empty_cache
from tests.factories import MissionFactory

pytestmark = pytest.mark.django_db(transaction=True)

SMALL = {"benchmarks": 2, "indicators": 1, "periods": 1}
LARGE = {"benchmarks": 6, "indicators": 4, "periods": 10}
# Session, user, the user's mission permissions (read once per request), the mission with the
# rights its tabs and buttons ask for (one query), then the page's own reads (see
# benchmarks.selectors). The navigation bar adds one query to every page.
PINNED = {
    "mission-dashboard": 14,  # found by acronym with the user's rights on it; kept readiness
    "portfolio": 6,  # the visible missions, then their kept roll-ups
    "benchmark-list": 7,  # was 10: the rights come with the mission
    "update-queue": 6,  # was 10: the rights come with the mission
    "api-updates": 4,
    "api-dashboard": 13,
}


def count(client, url) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries), [q["sql"] for q in queries.captured_queries]


def urls():
    return {
        "mission-dashboard": reverse("benchmarks:mission-dashboard", args=["UNMIL"]),
        "portfolio": reverse("benchmarks:portfolio"),
        "benchmark-list": reverse("benchmarks:benchmark-list", args=["UNMIL"]),
        "update-queue": reverse("benchmarks:update-queue", args=["UNMIL"]),
        "api-updates": "/api/updates/",
        "api-dashboard": "/api/dashboards/UNMIL/",
    }


def grow(world, size, *, own_mission=True):
    if own_mission:
        build_progress(world.mission, agency=world.agency, approver=world.mission_planner, **size)
    for _ in range(size["benchmarks"] // 2):
        mission = MissionFactory()
        build_progress(mission, agency=world.agency, approver=world.mission_planner, **size)
        world.hq.memberships.get().missions.add(mission)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["small", "large"])
def test_query_counts_are_pinned_at_two_sizes(world, client, settings, size):
    settings.WORKBENCH_PORTFOLIO_COLUMNS = []
    grow(world, size)
    client.force_login(world.mission_planner)
    failures = []
    for name, url in urls().items():
        user = world.hq if name == "portfolio" else world.mission_planner
        client = Client()
        client.force_login(user)
        empty_cache()
        got, sql = count(client, url)
        if got != PINNED[name]:
            failures.append(f"{name}: {got} queries, pinned {PINNED[name]}\n  " + "\n  ".join(sql))
        again, _sql = count(client, url)
        if again != got:
            failures.append(f"{name}: {got} queries, then {again} asked again")
    assert not failures, "\n".join(failures)


def test_portfolio_with_iap_column_costs_the_same_at_two_sizes(world, client):
    client.force_login(world.hq)
    grow(world, SMALL)
    small, _ = count(client, reverse("benchmarks:portfolio"))
    visible_before = Mission.objects.restrict(world.hq, "view").count()
    grow(world, LARGE, own_mission=False)
    assert Mission.objects.restrict(world.hq, "view").count() > visible_before
    large, _ = count(client, reverse("benchmarks:portfolio"))
    assert small == large
