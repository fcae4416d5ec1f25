"""What a restricted list costs: pinned for the missions API, and the same for an agency planner as
for a superuser on every restricted list endpoint (found from the URL resolver)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from missions.choices import EntityKind, Role
from tests.access.conftest import CASES
from tests.access.discovery import api_routes
from tests.factories import (
    EntityFactory,
    MandateFactory,
    MandateTaskFactory,
    MembershipFactory,
    MissionFactory,
    UserFactory,
)
from tests.second_factor import SECOND_FACTOR_QUERIES, force_login_verified

# Session, user, the user's mission permissions (read once per request), page count, rows: the
# same for 1 or 25 rows, for any user.
LIST_QUERIES = {"api-mission-list": 5, "api-mandate-list": 5, "api-mandate-task-list": 5}


@pytest.fixture
def missions_data(db):
    missions = [MissionFactory() for _ in range(6)]
    for mission in missions:
        for _ in range(4):
            mandate = MandateFactory(mission=mission)
            MandateTaskFactory(mandate=mandate, lead_entity=mission.entity)
    agency = EntityFactory(kind=EntityKind.AFP)
    membership = MembershipFactory(role=Role.AGENCY_PLANNER, entity=agency, missions=missions[:3])
    from missions.access import sync_user_permissions

    sync_user_permissions(membership.user)
    return {
        "agency": membership.user,
        "superuser": UserFactory(username="root", is_superuser=True),
        "missions": missions,
    }


def _client(user):
    """Signed in; an administrator (who owes a second factor) as after entering it."""
    client = APIClient()
    if user.is_staff or user.is_superuser:
        force_login_verified(client, user)
    else:
        client.force_login(user)
    return client


@pytest.mark.parametrize("name", sorted(LIST_QUERIES))
@pytest.mark.parametrize("who", ["agency", "superuser"])
def test_missions_api_lists_cost_a_pinned_number_of_queries(missions_data, name, who, django_assert_num_queries):
    client = _client(missions_data[who])
    with django_assert_num_queries(LIST_QUERIES[name] + (SECOND_FACTOR_QUERIES if who == "superuser" else 0)):
        response = client.get(reverse(name))
    assert response.status_code == 200
    expected_rows = {"api-mission-list": 6, "api-mandate-list": 24, "api-mandate-task-list": 24}[name]
    assert response.data["count"] == (expected_rows if who == "superuser" else expected_rows // 2)


def test_own_memberships_cost_a_pinned_number_of_queries(missions_data, django_assert_num_queries):
    client = _client(missions_data["agency"])
    with django_assert_num_queries(5):  # session, user, count, rows, missions of the rows
        response = client.get(reverse("api-membership-list"))
    [row] = response.data["results"]
    assert row["role"] == Role.AGENCY_PLANNER
    assert len(row["missions"]) == 3


def _count(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries), response


def test_every_restricted_list_costs_an_agency_planner_what_it_costs_a_superuser(world):
    agency, superuser = _client(world.users[Role.AGENCY_PLANNER]), _client(world.users["superuser"])
    compared = []
    for route in api_routes():
        if route.callback.actions.get("get") != "list":
            continue
        url = reverse(route.name)
        agency_queries, agency_response = _count(agency, url)
        superuser_queries, superuser_response = _count(superuser, url)
        assert agency_response.status_code == superuser_response.status_code == 200, url
        rows = [
            r.data.get("count", 1) if isinstance(r.data, dict) else len(r.data)
            for r in (agency_response, superuser_response)
        ]
        if 0 in rows:
            continue  # prefetches are skipped on an empty page: nothing to compare
        CASES["query counts"] += 1
        compared.append((url, agency_queries, superuser_queries))
        assert agency_queries + SECOND_FACTOR_QUERIES == superuser_queries, (
            f"{url}: {agency_queries} queries for an agency planner, {superuser_queries} for a superuser"
        )
    assert compared
    print("\n".join(f"{url}: agency {a}, superuser {s} queries" for url, a, s in compared))
