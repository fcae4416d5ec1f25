"""Comparing versions: a copy's priorities and results are matched with what they were copied
from, wherever they moved; funding, mandate links and integration areas are compared too."""

import datetime as dt

import pytest

from frameworks import services
from frameworks.choices import FrameworkStatus
from frameworks.diff import changed_rows, framework_difference
from tests.frameworks.isf_world import make_world

pytestmark = pytest.mark.django_db


def rows(sections):
    return {(section["title"], row["label"]): row for section in sections for row in section["rows"]}


def test_a_moved_priority_is_compared_with_itself_and_said_to_have_moved():
    world = make_world()
    endorsed = world.framework(
        status=FrameworkStatus.ENDORSED, priorities=2, results=1, endorsed_on=dt.date(2024, 1, 1)
    )
    first, second = endorsed.priorities.order_by("order")
    first.title, second.title = "Security", "Justice"
    first.save(), second.save()
    copy = services.framework_create(mission=world.mission, actor=world.planner, from_current=True)
    assert {p.copied_from_id for p in copy.priorities.all()} == {first.pk, second.pk}
    justice = copy.priorities.get(title="Justice")
    services.priority_move(priority=justice, actor=world.planner, direction="up")
    result = justice.results.get()
    linked = set(result.mandate_tasks.values_list("pk", flat=True))
    others = [task.pk for task in world.tasks if task.pk not in linked]
    services.result_link_tasks(result=result, actor=world.planner, task_ids=others)

    sections = framework_difference(endorsed, copy)
    by_title = {section["title"]: section for section in sections}
    # Position 1 is now Justice: compared with Justice, not with Security.
    assert by_title["Priority 1"]["note"] == "Priority moved from 2 to 1"
    assert rows(sections)[("Priority 1", "Title")]["changed"] is False
    tasks = next(row for key, row in rows(sections).items() if key[0] == "Priority 1" and "mandate tasks" in key[1])
    assert tasks["changed"] and "op." in tasks["new"]
    assert changed_rows(sections) >= 2


def test_an_added_and_a_removed_result_are_named():
    world = make_world()
    endorsed = world.framework(
        status=FrameworkStatus.ENDORSED, priorities=1, results=2, endorsed_on=dt.date(2024, 1, 1)
    )
    copy = services.framework_create(mission=world.mission, actor=world.planner, from_current=True)
    priority = copy.priorities.get()
    services.result_delete(result=priority.results.order_by("order").first(), actor=world.planner)
    services.result_add(priority=priority, actor=world.planner, statement="Clinics open")
    labels = [row["label"] for section in framework_difference(endorsed, copy) for row in section["rows"]]
    assert any("Result added" in label for label in labels)
    assert any("Result removed (was 1.1)" in label for label in labels)
