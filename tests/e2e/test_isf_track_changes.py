"""Finishing an ISF revision in a real browser: a planner gives a reason for a change, shows the
changes since the endorsed version inline (an <ins> to see, "inserted" said to screen readers) in
the editor and on the ISF page, both clean for axe-core; then drags a result above another and
finds the new order after a reload."""

import re

import pytest
from playwright.sync_api import expect

from frameworks import services
from frameworks.models import Result
from tests.e2e.screens import screenshot_dir
from tests.e2e.worlds import endorsed_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_celery")]


def revision():
    world, source = endorsed_world(vision="A country at peace.")
    draft = services.framework_create(mission=world.mission, actor=world.planner, from_current=True)
    return world, draft


def test_planner_gives_a_reason_and_sees_the_changes_inline(page, login, axe):
    world, draft = revision()
    result = Result.objects.filter(priority__framework=draft).order_by("priority__order", "order").first()
    login(page, world.planner)
    page.goto(f"/frameworks/{draft.pk}/edit/")
    page.get_by_text("Edit result 1.1: statement, timeline, leads, mandate tasks").click()
    form = page.locator(f"#r{result.pk}-form")
    form.get_by_label("Reason for this change").fill("The ministry asked for every state.")
    form.get_by_label("Outcome statement").fill("Courts reopen in every state")
    form.get_by_role("button", name="Save result").click()
    expect(form.locator(".saving-state")).to_contain_text("Saved")

    page.get_by_role("link", name="Show changes since version 1").click()
    expect(page).to_have_url(f"/frameworks/{draft.pk}/edit/?changes=1#changes")
    row = page.locator(f"#result-{result.pk}")
    inserted = row.locator(".change-text ins").first
    expect(inserted).to_contain_text("Courts reopen in every state")
    expect(inserted.locator(".visually-hidden")).to_have_text("inserted: ")
    expect(row.locator(".change-reason")).to_contain_text("The ministry asked for every state.")
    assert axe(page) == []
    page.screenshot(path=str(screenshot_dir() / "isf-editor-changes.png"), full_page=True)

    page.goto(f"/frameworks/{draft.pk}/?changes=1")
    expect(page.locator(f"#result-{result.pk} ins").first).to_contain_text("Courts reopen in every state")
    assert axe(page) == []
    page.screenshot(path=str(screenshot_dir() / "isf-page-changes.png"), full_page=True)
    page.get_by_role("link", name="Hide the changes since version 1").click()
    expect(page.locator("ins")).to_have_count(0)


def test_planner_drags_a_result_above_another_and_the_order_stays_after_reload(page, login, axe):
    world, draft = revision()
    first = draft.priorities.order_by("order").first()
    top, bottom = first.results.order_by("order")
    login(page, world.planner)
    page.goto(f"/frameworks/{draft.pk}/edit/")
    handle = page.locator(f"#result-{bottom.pk} .drag-handle")
    expect(handle).to_be_visible()  # shown by the script; hidden without it
    page.wait_for_load_state("networkidle")
    with page.expect_response(lambda r: r.url.endswith(f"/priorities/{first.pk}/results/order/")) as answer:
        handle.drag_to(page.locator(f"#result-{top.pk}"), target_position={"x": 40, "y": 4})
    assert answer.value.ok
    status = page.locator("#editor-status")
    expect(status).to_have_text("Moved: now result 1.1.")
    expect(page.locator(f"#result-{bottom.pk} .outline-number")).to_have_text("1.1")
    expect(page.locator(f"#up-frameworksresult-move-{bottom.pk}")).to_be_disabled()
    assert axe(page) == []
    page.screenshot(path=str(screenshot_dir() / "isf-editor-dragged.png"), full_page=False)

    page.reload()
    rows = page.locator(f"#results-{first.pk} li.outline-result")
    expect(rows.first).to_have_id(f"result-{bottom.pk}")
    expect(rows.nth(1)).to_have_id(f"result-{top.pk}")
    assert list(first.results.order_by("order").values_list("pk", flat=True)) == [bottom.pk, top.pk]


def test_planner_comments_on_a_result_from_the_editor(page, login):
    world, draft = revision()
    result = Result.objects.filter(priority__framework=draft).order_by("priority__order", "order").last()
    login(page, world.planner)
    page.goto(f"/frameworks/{draft.pk}/edit/")
    page.get_by_text("Comment on result 2.2", exact=True).click()
    box = page.locator(f"#comment-result-{result.pk}")
    expect(box).to_be_focused()
    box.fill("Which counties come first?")
    page.locator(f"#priority-{result.priority_id}").screenshot(path=str(screenshot_dir() / "isf-editor-comment.png"))
    page.locator(f"#result-{result.pk}").get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Your comment is posted.")).to_be_visible()
    assert result.comments.get().body == "Which counties come first?"
    page.goto(f"/frameworks/{draft.pk}/edit/")
    badge = page.locator(f"#result-{result.pk} a.badge.status-open")
    expect(badge).to_have_text("1 open thread")
    badge.click()
    expect(page).to_have_url(re.compile(rf"/frameworks/{draft.pk}/comments/\?on=result-{result.pk}"))
