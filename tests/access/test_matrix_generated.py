"""The access matrix, checked cell by cell: for every role (and a superuser), every object of every
kind in both missions (frameworks in every status), every action:

- `Model.objects.restrict(user, action)` and `can(user, action, obj)` say what the matrix says;
- every API endpoint on the restricted base viewsets (found from the URL resolver) answers
  list/detail/create/update/delete and named actions with 2xx, 403 (with a sentence) or 404
  (invisible, exactly as missing) as the matrix says;
- every page naming an object (all are on the generic ObjectPage), found from the URL resolver,
  answers GET and POST as the matrix says for the action the page declares: allowed (200; a POST done or refused on its
  input), 403 with a sentence, or 404 logged as a refusal.

Objects of the other mission (another country) are invisible to everyone but the superuser.
"""

import logging
import re

import pytest
from django.db import transaction
from django.urls import reverse
from rest_framework.test import APIClient

from benchmarks.choices import ReportState
from missions import access_matrix
from missions.access import MISSION_WIDE, can
from missions.audit import has_history, history_url
from missions.choices import Role
from tests.access.conftest import CASES
from tests.access.discovery import (
    api_routes,
    declared_action,
    lookup_kwarg,
    page_routes,
    viewset_model,
)
from tests.access.world import expected, leaked_update_texts
from tests.second_factor import force_login_verified

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
    force_login_verified(client, user)
    admin = APIClient()
    force_login_verified(admin, world.users["superuser"])
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


# Sample values of the path arguments a page takes besides its object, by argument name, as
# functions of the object. A page with an argument missing here fails with the argument's name.
PATH_SAMPLES = {
    "step": lambda obj: "submit",  # frameworks:framework-workflow
    "format": lambda obj: "pdf",  # frameworks:framework-export, benchmarks:report-download
    "model": lambda obj: obj._meta.label_lower,  # missions:history
}
# Answers a page gives an allowed user for the object's state, not for access (the services say
# when): a report that is not done has nothing to download yet.
STATE_ANSWERS = {
    "benchmarks:report-download": lambda placed: 404 if placed.status != ReportState.DONE else None,
}
POST_ALLOWED_ANSWERS = {200, 201, 204, 302, 303, 400, 409, 422}  # done, or refused on its input/state
DEFAULT_REFUSAL = "You are not allowed to do this."
REFUSAL_SENTENCE = re.compile(r'<p class="alert error">\s*(.*?)\s*</p>', re.S)


def _page_kwargs(page, obj) -> dict:
    missing = [name for name in page.extra_arguments if name not in PATH_SAMPLES]
    assert not missing, (
        f"{page.route.name} ({page.route.regex}) takes {missing}: add a sample value for each to "
        "PATH_SAMPLES in tests/access/test_matrix_generated.py"
    )
    kwargs = {name: PATH_SAMPLES[name](obj) for name in page.extra_arguments}
    return {**kwargs, page.lookup_url_kwarg: getattr(obj, page.lookup_field)}


def _expected_on(world, role, placed, action) -> bool:
    """The matrix's answer; a mission-wide action on a mission (approve or submit updates) is
    allowed where it is allowed on an indicator of the mission (missions.access.MISSION_WIDE)."""
    if placed.kind.key == "mission" and action in MISSION_WIDE:
        return any(
            expected(world, role, other, action) for other in world.of_kind("indicator") if other.home == placed.home
        )
    return expected(world, role, placed, action)


def _refusal_sentence(response) -> str:
    match = REFUSAL_SENTENCE.search(response.content.decode(errors="replace"))
    sentence = match.group(1).strip() if match else ""
    return "" if sentence == DEFAULT_REFUSAL else sentence


def _redirect_in_the_workbench(response) -> bool:
    """A redirect for the object's state (an endorsed version's editor goes to the version), not
    to signing in."""
    return response.status_code in (302, 303) and not response["Location"].startswith(reverse("login"))


def _check_page_answer(failures, label, response, refusals, *, visible, allowed, method, state_answer):
    status = response.status_code
    if not visible:
        if status != 404:
            failures.append(f"{label}: expected 404 (not visible), got {status}")
        elif not any("not visible" in message for message in refusals):
            failures.append(f"{label}: 404 without a refusal on the workbench.access logger")
    elif not allowed:
        if status != 403:
            failures.append(f"{label}: expected 403, got {status}")
        elif not _refusal_sentence(response):
            failures.append(f"{label}: 403 without a sentence saying why")
    elif state_answer is not None:
        if status != state_answer:
            failures.append(f"{label}: expected {state_answer} for the object's state, got {status}")
    elif method == "get" and not (status == 200 or _redirect_in_the_workbench(response)):
        failures.append(f"{label}: expected 200 (or a redirect for the object's state), got {status}")
    elif method == "post" and status not in POST_ALLOWED_ANSWERS:
        failures.append(f"{label}: expected it done or refused on its input, got {status}")


@pytest.mark.parametrize("role", ROLES)
def test_every_page_naming_an_object_follows_the_matrix(world, role, caplog):
    """Every discovered page (tests.access.discovery.page_routes), for every object it can name:
    GET needs the page's `action`, POST its `post_action` (as the page itself answers
    `required_action()`, which may depend on the path); invisible is a logged 404, refused a 403
    with a sentence. The history page of every object too, until it is discovered."""
    from django.test import Client

    user = world.users[role]
    client = Client(raise_request_exception=False)  # a server error is an answer to list
    force_login_verified(client, user)
    failures = []
    pages = page_routes()
    for page in pages:
        for placed in world.objects:
            if page.model not in (None, type(placed.obj)):
                continue
            kwargs = _page_kwargs(page, placed.obj)
            if not page.names(user, placed.obj, kwargs):
                continue
            url = reverse(page.route.name, kwargs=kwargs)
            visible = expected(world, role, placed, "view")
            state = STATE_ANSWERS.get(page.route.name)
            for method in page.methods:
                action = page.required_action(user, method, kwargs)
                allowed = _expected_on(world, role, placed, action)
                caplog.clear()
                with caplog.at_level(logging.WARNING, logger="workbench.access"):
                    post = lambda url=url: client.post(url, {})  # noqa: E731
                    response = client.get(url) if method == "get" else _rollback(post)
                CASES["pages"] += 1
                label = f"{method.upper()} {url} as {_describe(role, placed, action)}"
                _check_no_leak(failures, label, response, world, role)
                _check_page_answer(
                    failures,
                    label,
                    response,
                    [r.getMessage() for r in caplog.records if r.name == "workbench.access"],
                    visible=visible,
                    allowed=allowed,
                    method=method,
                    state_answer=state(placed) if state else None,
                )
    if "missions:history" not in {page.route.name for page in pages}:
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
    assert not failures, f"{len(failures)} answers differ from the matrix:\n" + "\n".join(failures[:60])


def test_the_world_holds_an_object_of_every_model_a_page_names(world):
    """Otherwise the page would be discovered and never requested."""
    missing = [
        f"{page.route.name}: {page.model.__name__} ({where})"
        for page in page_routes()
        if page.model is not None
        for where, home in (("home", True), ("away", False))
        if not any(type(p.obj) is page.model and p.home == home for p in world.objects)
    ]
    assert not missing, "add an object of each to tests/access/world.py:\n" + "\n".join(missing)


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
