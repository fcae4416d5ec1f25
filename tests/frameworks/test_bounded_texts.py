"""Free texts have limits the forms, the API and the models share: the longest accepted reason or
comment saves (and its history entry holds the whole reason), one character more is refused with
a message at the field, and nothing answers 500."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from frameworks.choices import FrameworkStatus
from frameworks.models import Comment
from missions.notices import reason_label
from missions.texts import COMMENT_MAX, REASON_MAX
from tests.frameworks.isf_world import make_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


@pytest.fixture
def world():
    return make_world()


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def text(length: int) -> str:
    """A reason of exactly `length` characters (no surrounding spaces, which the services strip)."""
    return ("Targets too low " * (length // 16 + 1))[: length - 1] + "."


def test_text_helper_makes_exact_lengths():
    assert len(text(REASON_MAX)) == REASON_MAX and len(text(7)) == 7


def test_return_to_draft_reason_up_to_the_limit_through_the_api(world):
    framework = world.framework(status=FrameworkStatus.SUBMITTED)
    path = f"/api/frameworks/{framework.pk}/return-to-draft/"
    response = api(world.planner).post(path, {"reason": text(REASON_MAX + 1)}, format="json")
    assert response.status_code == 400
    assert "2000" in response.json()["reason"][0]
    response = api(world.planner).post(path, {"reason": text(REASON_MAX)}, format="json")
    assert response.status_code == 200, response.content
    assert reason_label(framework.history.first().history_change_reason).endswith(text(REASON_MAX))


def test_return_to_draft_reason_up_to_the_limit_through_the_page(client, world):
    framework = world.framework(status=FrameworkStatus.SUBMITTED)
    client.force_login(world.planner)
    path = reverse("frameworks:framework-workflow", args=[framework.pk, "return"])
    response = client.post(path, {"reason": text(REASON_MAX + 1)}, follow=True)
    assert response.status_code == 200
    assert "The reason can be at most 2000 characters long (it has 2001)." in response.content.decode()
    framework.refresh_from_db()
    assert framework.status == FrameworkStatus.SUBMITTED
    client.post(path, {"reason": text(REASON_MAX)})
    framework.refresh_from_db()
    assert framework.status == FrameworkStatus.DRAFT


def test_an_objection_up_to_the_limit(world, client):
    framework = world.framework(status=FrameworkStatus.SUBMITTED)
    path = f"/api/frameworks/{framework.pk}/sign/"
    body = {"entity": world.undp.code, "decision": "objected"}
    response = api(world.undp_planner).post(path, {**body, "reason": text(REASON_MAX + 1)}, format="json")
    assert response.status_code == 400 and "2000" in response.json()["reason"][0]
    client.force_login(world.undp_planner)
    prefix = f"s{world.undp.pk}"
    response = client.post(
        reverse("frameworks:framework-workflow", args=[framework.pk, "sign"]),
        {
            "entity": world.undp.pk,
            f"{prefix}-entity": world.undp.pk,
            f"{prefix}-decision": "objected",
            f"{prefix}-reason": text(REASON_MAX + 1),
        },
        follow=True,
    )
    assert "The reason can be at most 2000 characters long (it has 2001)." in response.content.decode()
    response = api(world.undp_planner).post(path, {**body, "reason": text(REASON_MAX)}, format="json")
    assert response.status_code == 204, response.content
    assert framework.signatures.get().reason == text(REASON_MAX)
    assert reason_label(framework.history.first().history_change_reason).endswith(text(REASON_MAX))


def test_a_comment_up_to_the_limit(world, client):
    framework = world.framework(status=FrameworkStatus.CONSULTATION)
    priority = framework.priorities.first()
    body = {"framework": framework.pk, "priority": priority.pk}
    response = api(world.undp_planner).post("/api/comments/", {**body, "body": text(COMMENT_MAX + 1)}, format="json")
    assert response.status_code == 400 and "5000" in response.json()["body"][0]
    response = api(world.undp_planner).post("/api/comments/", {**body, "body": text(COMMENT_MAX)}, format="json")
    assert response.status_code == 201, response.content
    thread = Comment.objects.get()
    client.force_login(world.undp_planner)
    response = client.post(
        reverse("frameworks:comment-reply", args=[thread.pk]),
        {f"c{thread.pk}-body": text(COMMENT_MAX + 1)},
        follow=True,
    )
    assert "The comment can be at most 5000 characters long (it has 5001)." in response.content.decode()
    assert Comment.objects.count() == 1


def test_the_schema_states_the_limits(world):
    schema = api(world.planner).get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]
    assert schema["Reason"]["properties"]["reason"]["maxLength"] == REASON_MAX
    assert schema["Comment"]["properties"]["body"]["maxLength"] == COMMENT_MAX
