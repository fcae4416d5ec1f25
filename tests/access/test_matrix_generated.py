"""The access matrix, checked cell by cell: for every role (and a superuser), every object of every
kind in both missions (frameworks in every status), every action:

- `Model.objects.restrict(user, action)` and `can(user, action, obj)` say what the matrix says;
- every API endpoint on the restricted base viewsets (found from the URL resolver) answers
  list/detail/create/update/delete and named actions with 2xx, 403 (with a sentence) or 404
  (invisible, exactly as missing) as the matrix says;
- every page on RestrictedMixin naming an object by pk or a mission by acronym, and the history
  page of every object, answers 200, 403 or 404 likewise.

Objects of the other mission (another country) are invisible to everyone but the superuser.
"""

import pytest
from django.db import transaction
from django.urls import reverse
from rest_framework.test import APIClient

from missions import access_matrix
from missions.access import can
from missions.audit import has_history, history_url
from missions.choices import Role
from missions.restricted import RestrictedMixin
from tests.access.conftest import CASES
from tests.access.discovery import (
    api_routes,
    declared_action,
    lookup_kwarg,
    page_routes,
    viewset_model,
)
from tests.access.world import expected, leaked_update_texts

ROLES = [*access_matrix.ROLE_RULES, "superuser"]
ALLOWED_ANSWERS = {200, 201, 202, 204, 400, 409}  # allowed: done, or refused by validation/workflow


def _describe(role, placed, action):
    mission = "home" if placed.home else "away"
    return f"{role} {action} {placed.kind.key}[{placed.status}] {type(placed.obj).__name__}#{placed.obj.pk} ({mission})"


@pytest.mark.parametrize("role", ROLES)
def test_restrict_and_can_follow_the_matrix(world, role):
    user = world.users[role]
    failures = []
    models = {type(p.obj) for p in world.objects}
    allowed_ids = {
        (model, action): set(model.objects.restrict(user, action).values_list("pk", flat=True))
        for model in models
        for action in access_matrix.ACTIONS
    }
    for placed in world.objects:
        for action in access_matrix.ACTIONS:
            want = expected(world, role, placed, action)
            in_restrict = placed.obj.pk in allowed_ids[(type(placed.obj), action)]
            CASES["restrict"] += 1
            CASES["can"] += 1
            if in_restrict != want or can(user, action, placed.obj) != want:
                failures.append(f"{_describe(role, placed, action)}: expected {want}, restrict {in_restrict}")
    assert not failures, "\n".join(failures)


def _rollback(call):
    """Make a writing request and undo whatever it did, so every case sees the same world."""
    with transaction.atomic():
        response = call()
        transaction.set_rollback(True)
    return response


def _check_answer(failures, label, response, *, visible, allowed):
    if not visible:
        ok = response.status_code == 404
    elif not allowed:
        detail = getattr(response, "data", None) or {}
        ok = response.status_code == 403 and bool(str(detail.get("detail", "")).strip())
    else:
        ok = response.status_code in ALLOWED_ANSWERS
    if not ok:
        want = "404" if not visible else ("403 with a reason" if not allowed else "2xx/400")
        failures.append(f"{label}: expected {want}, got {response.status_code} {getattr(response, 'data', '')}")


@pytest.mark.parametrize("role", ROLES)
def test_every_restricted_api_endpoint_follows_the_matrix(world, role):
    routes = api_routes()
    assert routes, "no API endpoint on the restricted base viewsets was found"
    user = world.users[role]
    client = APIClient()
    client.force_login(user)
    admin = APIClient()
    admin.force_login(world.users["superuser"])
    failures = []
    for route in routes:
        viewset = route.view_class
        model = viewset_model(viewset)
        placed_objects = [p for p in world.objects if type(p.obj) is model]
        kwarg = lookup_kwarg(viewset)
        field = viewset.lookup_field
        is_detail = f"<{kwarg}>" in route.regex or f":{kwarg}>" in route.regex
        for method, action_name in list(route.callback.actions.items()):
            if method in ("head", "options") or method not in viewset.http_method_names:
                continue  # not offered: 405
            if not is_detail:
                _check_collection(failures, client, admin, route, method, action_name, world, role, placed_objects)
                continue
            access = declared_action(viewset, action_name, method)
            for placed in placed_objects:
                url = reverse(route.name, kwargs={kwarg: getattr(placed.obj, field)})
                visible = expected(world, role, placed, "view")
                allowed = expected(world, role, placed, access)
                call = getattr(client, method)
                if method == "get":
                    response = call(url)
                else:
                    response = _rollback(lambda call=call, url=url: call(url, {}, format="json"))
                CASES["api"] += 1
                label = f"{method.upper()} {url} ({action_name}) as {_describe(role, placed, access)}"
                _check_answer(failures, label, response, visible=visible, allowed=allowed)
                _check_no_leak(failures, label, response, world, role)
    assert not failures, "\n".join(failures)


def _check_no_leak(failures, label, response, world, role):
    """No answer carries the narrative or return reason of an update the role may not see."""
    body = response.content.decode(errors="replace") if hasattr(response, "content") else ""
    if leaked := leaked_update_texts(world, role, body):
        failures.append(f"{label}: shows texts of updates it may not see: {', '.join(sorted(leaked))}")


def _ids(response) -> set:
    data = response.data
    rows = data.get("results", data) if isinstance(data, dict) else data
    return {row["id"] for row in rows if isinstance(row, dict) and "id" in row}


def _check_collection(failures, client, admin, route, method, action_name, world, role, placed_objects):
    url = reverse(route.name)
    if method == "get":
        response = client.get(url)
        CASES["api"] += 1
        visible = {p.obj.pk for p in placed_objects if expected(world, role, p, "view")}
        if response.status_code != 200:
            failures.append(f"GET {url} as {role}: expected 200, got {response.status_code}")
        elif not _ids(response) <= visible:
            failures.append(f"GET {url} as {role}: shows {sorted(_ids(response) - visible)} it may not see")
        _check_no_leak(failures, f"GET {url} as {role}", response, world, role)
        return
    if method != "post" or action_name != "create":
        return
    # Create a copy of each object (its data as the superuser reads it): allowed where the matrix
    # allows `add` on the object's parent, never where it does not.
    viewset = route.view_class
    detail_name = route.name[: -len("list")] + "detail"
    for placed in placed_objects:
        source = admin.get(
            reverse(detail_name, kwargs={lookup_kwarg(viewset): getattr(placed.obj, viewset.lookup_field)})
        )
        if source.status_code != 200:
            continue
        payload = {key: value for key, value in source.data.items() if key not in ("id", "pk", "url")}
        response = _rollback(lambda payload=payload: client.post(url, payload, format="json"))
        CASES["api"] += 1
        allowed = expected(world, role, placed, "create")
        label = f"POST {url} copying {_describe(role, placed, 'create')}"
        if allowed and response.status_code not in (201, 400):
            failures.append(f"{label}: expected 201 (or 400), got {response.status_code} {response.data}")
        if not allowed and response.status_code not in (400, 403, 404):
            failures.append(f"{label}: expected a refusal, got {response.status_code}")


@pytest.mark.parametrize("role", ROLES)
def test_every_restricted_page_and_history_follows_the_matrix(world, role):
    from django.test import Client

    client = Client()
    client.force_login(world.users[role])
    failures = []
    for route in page_routes():
        view = route.view_class
        for placed in world.objects:
            if "acronym>" in route.regex:
                if placed.kind.key != "mission":
                    continue
                url = reverse(route.name, kwargs={"acronym": placed.obj.acronym})
            elif type(placed.obj) is view.model:
                url = reverse(route.name, kwargs={"pk": placed.obj.pk})
            else:
                continue
            posts_only = not hasattr(view, "get")
            visible = expected(world, role, placed, "view")
            if hasattr(view, "mission_action") and not issubclass(view, RestrictedMixin):
                # A mission page needing an action: allowed if the user may do it on something of the mission.
                action = view.mission_action
                allowed = action == "view" or any(
                    expected(world, role, other, action)
                    for other in world.objects
                    if other.home == placed.home and action in other.kind.actions
                )
            else:
                action = view.post_action if posts_only else view.action
                allowed = action == "view" or action not in placed.kind.actions or expected(world, role, placed, action)
            response = _rollback(lambda url=url: client.post(url, {})) if posts_only else client.get(url)
            CASES["pages"] += 1
            _check_no_leak(failures, f"GET {url} as {role}", response, world, role)
            want = 404 if not visible else (200 if allowed else 403)
            if posts_only and allowed and visible and response.status_code in (200, 302, 400):
                continue  # done, or refused on its input: either way not an access refusal
            if response.status_code != want:
                failures.append(
                    f"GET {url} as {_describe(role, placed, action)}: expected {want}, got {response.status_code}"
                )
    for placed in world.objects:
        if not has_history(type(placed.obj)):
            continue
        response = client.get(history_url(placed.obj))
        CASES["pages"] += 1
        want = 200 if expected(world, role, placed, "view") else 404
        if response.status_code != want:
            failures.append(
                f"history of {_describe(role, placed, 'view')}: expected {want}, got {response.status_code}"
            )
    assert not failures, "\n".join(failures[:50])


def test_unknown_actions_are_errors_and_actions_a_kind_lacks_are_refused_even_to_superusers(world):
    mission = world.missions["home"]
    with pytest.raises(ValueError, match="Unknown action"):
        type(mission).objects.restrict(world.users["superuser"], "approve")
    assert not can(world.users["superuser"], "delete", mission)


def test_the_world_holds_every_kind_in_every_status_it_is_checked_in(world):
    """The cases above cover each status (framework status, update state, report state) for each
    role only if the world has an object there: in both missions, and for updates under an
    indicator of the agency planner's entity and of another one."""
    for home in (True, False):
        for kind in access_matrix.KINDS:
            held = {p.status for p in world.objects if p.kind is kind and p.home == home}
            assert held == set(kind.statuses), (
                f"{kind.key} ({'home' if home else 'away'}) lacks {set(kind.statuses) - held}"
            )
    own_entity = world.entities[Role.AGENCY_PLANNER]
    for state in access_matrix.UPDATE_STATES:
        responsible = {p.responsible for p in world.of_kind("progress_update") if p.home and p.status == state}
        assert own_entity in responsible and len(responsible) == 2, state
