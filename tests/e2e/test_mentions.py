"""An agency planner mentions an entity in a comment by choosing it from the suggestions that
appear after "@", by keyboard; the entity's planners are told they were mentioned."""

import pytest
from playwright.sync_api import expect

from frameworks.choices import FrameworkStatus
from frameworks.models import Comment, IntegratedStrategicFramework
from missions.models import Notification
from tests.frameworks.isf_world import make_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_celery")]


def test_an_agency_mentions_an_entity_chosen_from_the_suggestions(page, login, axe):
    world = make_world()
    framework = IntegratedStrategicFramework.objects.get(pk=world.framework(status=FrameworkStatus.CONSULTATION).pk)
    login(page, world.undp_planner)
    page.goto(f"/frameworks/{framework.pk}/comments/")
    page.get_by_label("On", exact=True).select_option(label="Priority 1: Priority 1")
    box = page.get_by_label("Comment")
    box.press_sequentially("Please add the child protection angle, @" + world.unicef.code[:-2].lower())
    suggestions = page.get_by_role("listbox", name="People and entities to mention")
    expect(suggestions.get_by_role("option").first).to_contain_text(world.unicef.code)
    assert axe(page) == []
    box.press("Enter")  # takes the highlighted suggestion, does not send the form
    expect(box).to_have_value(f"Please add the child protection angle, @{world.unicef.code} ")
    expect(suggestions).to_be_hidden()
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Your comment is posted.")).to_be_visible()
    comment = Comment.objects.get()
    assert list(comment.mentioned_entities.all()) == [world.unicef]
    notice = Notification.objects.get(user=world.unicef_planner)
    assert "mentioned you in a comment on “Priority 1”" in notice.text


def test_an_agency_comments_on_a_result_from_the_isf_page(page, login, axe):
    world = make_world()
    framework = IntegratedStrategicFramework.objects.get(pk=world.framework(status=FrameworkStatus.CONSULTATION).pk)
    result = framework.priorities.get().results.first()
    login(page, world.undp_planner)
    page.goto(f"/frameworks/{framework.pk}/")
    page.get_by_text("Comment on result 1.1", exact=True).click()
    box = page.locator(f"#comment-result-{result.pk}")
    box.press_sequentially(f"Timeline too short for the courts, @{world.planner.username[:4]}")
    suggestions = page.get_by_role("listbox", name="People and entities to mention")
    expect(suggestions.get_by_role("option").first).to_contain_text(world.planner.username)
    box.press("Enter")
    expect(box).to_have_value(f"Timeline too short for the courts, @{world.planner.username} ")
    assert axe(page) == []
    page.locator(f"#comment-result-{result.pk}").locator("xpath=ancestor::form").get_by_role(
        "button", name="Post comment"
    ).click()
    expect(page.get_by_text("Your comment is posted.")).to_be_visible()
    comment = Comment.objects.get()
    assert comment.result == result and list(comment.mentioned_users.all()) == [world.planner]
