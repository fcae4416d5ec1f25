"""Ids in paths: a malformed id ("abc", "1e-05", Arabic-Indic digits, 30 digits, negative) is
"not found" on every API route that names an object and on every page, in JSON under /api/, and
is never looked up as it stands. Routes are found from the URL resolver, so new ones are covered."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from benchmarks.models import Benchmark
from missions.access import get_allowed_object, hide, valid_lookup
from tests.access.discovery import all_routes, api_routes, lookup_kwarg

pytestmark = pytest.mark.django_db

MALFORMED = ["abc", "1e-05", "١٢", "1" * 30, "-1", "null,null", " 1", "1.0"]
GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")
CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _api_path(regex: str, kwarg: str, value: str) -> str:
    path = GROUP.sub(lambda m: value if m["name"] == kwarg else "1", regex)
    return "/" + path.replace("^", "").replace("$", "")


def _api_cases():
    for route in api_routes():
        viewset = route.view_class
        kwarg = lookup_kwarg(viewset)
        if f"(?P<{kwarg}>" not in route.regex or viewset.lookup_field not in ("pk", "id"):
            continue
        for method in route.callback.actions:
            if method not in viewset.http_method_names:
                continue  # a 405 whatever the id
            yield pytest.param(route.regex, kwarg, method, id=f"{method} {route.name}")


@pytest.fixture
def planner(world):
    return world.users["mission_planner"]


@pytest.mark.parametrize(("regex", "kwarg", "method"), list(_api_cases()))
def test_malformed_id_is_a_json_404_on_every_api_route(planner, regex, kwarg, method):
    client = APIClient()
    client.force_authenticate(planner)
    for value in MALFORMED:
        path = _api_path(regex, kwarg, value)
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(path, {}, format="json")
        assert response.status_code == 404, (path, response.status_code)
        assert response["Content-Type"] == "application/json", (path, response["Content-Type"])
        assert "detail" in response.json()
        assert not [q["sql"] for q in queries if value.strip() in q["sql"]], path


def test_unmatched_api_path_is_a_json_404(planner):
    client = APIClient()
    client.force_authenticate(planner)
    for path in ["/api/benchmarks/abc/", "/api/frameworks/1e-05/submit/", "/api/no-such-thing/"]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json", path
        assert response.json() == {"detail": "Not found."}


def _page_paths():
    for route in all_routes():
        if route.regex.startswith(("api/", "admin/")):
            continue
        names = [m["name"] for m in CONVERTER.finditer(route.regex) if m["converter"] == "int"]
        if names:
            yield pytest.param(route.regex, names, id=route.name)


@pytest.mark.parametrize(("pattern", "names"), list(_page_paths()))
def test_malformed_id_is_a_404_page(client, planner, pattern, names):
    client.force_login(planner)
    for value in MALFORMED:
        path = "/" + CONVERTER.sub(lambda m: value if m["name"] in names else "UNMIL", pattern)  # noqa: B023
        response = client.get(path)
        if response.status_code == 405:  # a page that only takes a form's POST
            response = client.post(path, {})
        assert response.status_code == 404, path
        assert response["Content-Type"].startswith("text/html"), path


@pytest.mark.parametrize("value", MALFORMED)
def test_a_malformed_lookup_is_hidden_without_a_query(planner, value, django_assert_num_queries):
    assert not valid_lookup(Benchmark, {"pk": value})
    with django_assert_num_queries(0):
        hide(planner, "view", Benchmark, {"pk": value})
    with pytest.raises(Exception) as raised, django_assert_num_queries(0):
        get_allowed_object(Benchmark, planner, "view", pk=value)
    assert raised.type.__name__ == "Http404"


def test_a_well_formed_lookup_is_still_valid():
    assert valid_lookup(Benchmark, {"pk": "12"})
    assert valid_lookup(Benchmark, {"pk": 12})
    assert valid_lookup(Benchmark, {"mission__acronym": "UNMIL"})
    assert valid_lookup(Benchmark, {"pk__in": [1, 2]})  # other lookups are the query's to check
    assert not valid_lookup(Benchmark, {"no_such_field": 1})


def _acronym_pages():
    for route in all_routes():
        if not route.regex.startswith("admin/") and "<code:" in route.regex:
            yield pytest.param(route.regex, id=route.name)


@pytest.mark.parametrize("pattern", list(_acronym_pages()))
def test_a_nul_character_in_a_mission_acronym_is_a_404(client, planner, pattern):
    client.force_login(planner)
    path = "/" + re.sub(r"<int:\w+>", "1", re.sub(r"<code:\w+>", "UN%00MIL", pattern))
    response = client.get(path)
    if response.status_code == 405:
        response = client.post(path, {})
    assert response.status_code == 404, path


@pytest.mark.parametrize(
    "path",
    ["/api/benchmarks/?mission=%00", "/api/updates/?mission=a%00b", "/api/iap/?mission=%00", "/api/updates/?x%00=1"],
)
def test_a_nul_character_in_a_query_parameter_is_a_json_400(planner, path):
    client = APIClient()
    client.force_authenticate(planner)
    response = client.get(path)
    assert response.status_code == 400, path
    assert "Null characters are not allowed." in str(response.json())


def test_a_nul_character_in_an_api_acronym_is_a_json_404(planner):
    client = APIClient()
    client.force_authenticate(planner)
    for path in ["/api/missions/UN%00MIL/", "/api/missions/UN%00MIL/iap/", "/api/dashboards/UN%00MIL/"]:
        response = client.get(path)
        assert response.status_code == 404 and response.json()["detail"], path
