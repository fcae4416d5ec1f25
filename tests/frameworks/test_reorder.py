"""Reordering the outline by drag and drop: the services take the full new order, check it lists
every row once (and, for results, only the priority's own), refuse an order based on one that has
changed since; the views answer with the outline alone, in a fixed number of queries."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frameworks import services
from frameworks.choices import FrameworkStatus
from frameworks.models import Priority, Result
from missions.notices import reason_label
from tests.frameworks.isf_world import make_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world():
    return make_world()


def priority_ids(framework):
    return list(framework.priorities.order_by("order", "id").values_list("pk", flat=True))


def result_ids(priority):
    return list(priority.results.order_by("order", "id").values_list("pk", flat=True))


# ---------- services ----------


def test_priorities_take_the_new_order_and_the_history_says_so(world):
    framework = world.framework(priorities=3)
    a, b, c = priority_ids(framework)
    services.priority_reorder(framework=framework, actor=world.planner, order=[c, a, b], based_on=[a, b, c])
    assert priority_ids(framework) == [c, a, b]
    assert list(framework.priorities.order_by("order").values_list("order", flat=True)) == [1, 2, 3]
    framework.refresh_from_db()
    assert (
        reason_label(framework.history.order_by("-history_date").first().history_change_reason)
        == "Priorities reordered"
    )


def test_results_take_the_new_order_within_their_priority(world):
    framework = world.framework(priorities=2, results=3)
    first = framework.priorities.order_by("order").first()
    a, b, c = result_ids(first)
    services.result_reorder(priority=first, actor=world.planner, order=[b, c, a], based_on=[a, b, c])
    assert result_ids(first) == [b, c, a]


@pytest.mark.parametrize(
    "make_order,message",
    [
        (lambda ids: ids[:2], "The new order must list each of the priorities of this framework once, and no other."),
        (lambda ids: [*ids, ids[0]], "The new order must list each of the priorities of this framework once"),
        (lambda ids: [ids[0], ids[0], ids[2]], "once, and no other"),
        (lambda ids: [*ids[:2], 10**9], "once, and no other"),
    ],
)
def test_an_order_that_is_not_a_permutation_is_refused_and_nothing_moves(world, make_order, message):
    framework = world.framework(priorities=3)
    ids = priority_ids(framework)
    with pytest.raises(ValidationError) as refused:
        services.priority_reorder(framework=framework, actor=world.planner, order=make_order(ids), based_on=ids)
    assert message in refused.value.message_dict["order"][0]
    assert priority_ids(framework) == ids


def test_a_stale_order_is_refused_with_a_clear_message(world):
    framework = world.framework(priorities=3)
    a, b, c = priority_ids(framework)
    # Someone else moved the last priority up meanwhile.
    services.priority_move(priority=Priority.objects.get(pk=c), actor=world.hq, direction="up")
    with pytest.raises(ValidationError) as refused:
        services.priority_reorder(framework=framework, actor=world.planner, order=[b, a, c], based_on=[a, b, c])
    assert refused.value.message_dict["order"] == [
        "The priorities of this framework were changed meanwhile, so this order was not saved. "
        "The outline now shows the current order: move the item again."
    ]
    assert priority_ids(framework) == [a, c, b]


def test_a_result_added_meanwhile_makes_the_order_stale(world):
    framework = world.framework(results=2)
    priority = framework.priorities.get()
    a, b = result_ids(priority)
    services.result_add(priority=priority, actor=world.hq, statement="Added meanwhile")
    with pytest.raises(ValidationError, match="changed meanwhile"):
        services.result_reorder(priority=priority, actor=world.planner, order=[b, a], based_on=[a, b])


def test_a_result_cannot_be_moved_to_another_priority(world):
    framework = world.framework(priorities=2, results=2)
    first, second = framework.priorities.order_by("order")
    a, b = result_ids(first)
    stranger = result_ids(second)[0]
    with pytest.raises(ValidationError) as refused:
        services.result_reorder(priority=first, actor=world.planner, order=[a, stranger, b], based_on=[a, b])
    assert refused.value.message_dict["order"] == ["A result can be moved only within its priority."]
    assert Result.objects.get(pk=stranger).priority_id == second.pk


def test_reordering_needs_the_right_and_an_editable_version(world):
    framework = world.framework(priorities=2)
    ids = priority_ids(framework)
    with pytest.raises(Exception) as refused:
        services.priority_reorder(framework=framework, actor=world.undp_planner, order=ids[::-1], based_on=ids)
    assert refused.type.__name__ in ("PermissionDenied", "Http404")
    framework.status = FrameworkStatus.SUBMITTED
    framework.save()
    with pytest.raises(ValidationError, match="submitted for endorsement"):
        services.priority_reorder(framework=framework, actor=world.planner, order=ids[::-1], based_on=ids)
    assert priority_ids(framework) == ids


# ---------- views ----------


def post(client, name, pk, order, based_on, **extra):
    data = {"order": ",".join(map(str, order)), "based_on": ",".join(map(str, based_on))}
    return client.post(reverse(f"frameworks:{name}", args=[pk]), data, **extra)


def test_a_result_drop_answers_with_what_changed_for_the_rows_that_moved(client, world):
    framework = world.framework(priorities=4, results=4)
    priority = framework.priorities.order_by("order").first()
    a, b, c, d = result_ids(priority)
    client.force_login(world.planner)
    response = post(client, "result-reorder", priority.pk, [a, d, b, c], [a, b, c, d], **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and response["HX-Reswap"] == "none"
    assert len(response.content) < 10_000, len(response.content)
    assert "<html" not in html and 'id="outline"' not in html
    # d, b, c changed place: their numbers and Up/Down buttons come, swapped out of band; a's do not.
    assert f'id="result-{a}-summary"' not in html
    for pk, number in ((d, "1.2"), (b, "1.3"), (c, "1.4")):
        assert f'<div class="outline-text" id="result-{pk}-summary" hx-swap-oob="true">' in html
        assert f'id="move-frameworksresult-move-{pk}" hx-swap-oob="true"' in html
        assert f"Edit result {number}: statement" in html
    assert f'id="down-frameworksresult-move-{c}" disabled' in html  # c is last now
    assert '<span class="outline-number">1.2</span>\n      <span class="outline-statement">Result 1.4' in html
    assert result_ids(priority) == [a, d, b, c]


def test_a_priority_drop_answers_with_the_numbers_of_the_priorities_and_results_that_moved(client, world):
    framework = world.framework(priorities=5, results=4)
    a, b, c, d, e = priority_ids(framework)
    client.force_login(world.planner)
    response = post(client, "priority-reorder", framework.pk, [b, a, c, d, e], [a, b, c, d, e], **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and response["HX-Reswap"] == "none"
    assert len(response.content) < 10_000, len(response.content)
    assert f'<h3 id="h-p{b}" hx-swap-oob="true">Priority 1: <bdi>Priority 2</bdi></h3>' in html
    assert f'<h3 id="h-p{a}" hx-swap-oob="true">Priority 2: <bdi>Priority 1</bdi></h3>' in html
    assert f'id="h-p{c}"' not in html
    assert html.count('class="outline-text"') == 8  # the results of the two priorities that moved
    assert 'id="funding-table" hx-swap-oob="true"' in html  # its rows follow the priorities' order
    assert priority_ids(framework) == [b, a, c, d, e]


def test_a_refused_drop_answers_with_the_current_outline_and_the_reason(client, world):
    framework = world.framework(priorities=3)
    a, b, c = priority_ids(framework)
    client.force_login(world.planner)
    response = post(client, "priority-reorder", framework.pk, [b, a, c], [c, b, a], **HTMX)
    html = response.content.decode()
    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("#outline", "outerHTML")
    assert 'role="alert"' in html and "changed meanwhile" in html
    assert html.index(f'id="priority-{a}"') < html.index(f'id="priority-{b}"')
    priority = framework.priorities.order_by("order").first()
    response = post(client, "result-reorder", priority.pk, [10**6], [10**6], **HTMX)
    html = response.content.decode()
    assert "changed meanwhile" in html and html.lstrip().startswith(f'<div id="results-{priority.pk}">')
    assert response["HX-Retarget"] == f"#results-{priority.pk}"
    response = post(client, "priority-reorder", framework.pk, ["x"], [a, b, c], **HTMX)
    assert "the order sent is not a list of items" in response.content.decode()
    # Without htmx: back to the editor with the message.
    response = post(client, "priority-reorder", framework.pk, [b, a, c], [c, b, a])
    assert response.status_code == 302 and response.url.endswith("#structure")


def test_a_drop_is_refused_to_who_may_not_edit(client, world):
    framework = world.framework(status=FrameworkStatus.CONSULTATION, priorities=2)
    ids = priority_ids(framework)
    client.force_login(world.undp_planner)
    assert post(client, "priority-reorder", framework.pk, ids[::-1], ids, **HTMX).status_code == 403
    client.force_login(world.outsider)
    assert post(client, "priority-reorder", framework.pk, ids[::-1], ids, **HTMX).status_code == 404
    assert priority_ids(framework) == ids


def test_the_editor_offers_drag_handles_for_the_script_to_show(client, world):
    framework = world.framework(priorities=2, results=2)
    client.force_login(world.planner)
    html = client.get(reverse("frameworks:framework-edit", args=[framework.pk])).content.decode()
    assert html.count('class="drag-handle" draggable="true" hidden aria-hidden="true"') == 2 + 4
    assert reverse("frameworks:priority-reorder", args=[framework.pk]) in html
    assert "js/outline-drag.js" in html


# The session, the user and their rights; the priority or framework read and the access asked of
# the framework (twice: the page and the service); the framework and the rows locked, the new
# order, the framework touched, its history and the IAP standing marked; then the editor's tree
# (priorities, results, responsibilities, mandate tasks, funding), its entities, mandate tasks,
# indicator counts, integration areas and national frameworks.
EXPECTED_QUERIES = {"priority": 24, "result": 24}


@pytest.mark.parametrize("kind", ["priority", "result"])
def test_query_count_of_a_drop_is_fixed_whatever_the_size(client, world, django_assert_num_queries, kind):
    framework = world.framework(priorities=2, results=2)
    first = framework.priorities.order_by("order").first()
    client.force_login(world.planner)

    def drop(ids):
        if kind == "priority":
            return post(client, "priority-reorder", framework.pk, ids[::-1], ids, **HTMX)
        return post(client, "result-reorder", first.pk, ids[::-1], ids, **HTMX)

    def ids():
        return priority_ids(framework) if kind == "priority" else result_ids(first)

    drop(ids())
    counts = []
    for size in (1, 3):
        for p in range(size):
            priority = services.priority_add(framework=framework, actor=world.planner, title=f"Extra {p}")
            for r in range(size):
                services.result_add(priority=priority, actor=world.planner, statement=f"Extra {p}.{r}")
            services.result_add(priority=first, actor=world.planner, statement=f"More {p}")
        before = ids()
        with CaptureQueriesContext(connection) as queries:
            assert drop(before).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    before = ids()
    with django_assert_num_queries(EXPECTED_QUERIES[kind]):
        drop(before)
