"""Framework API: visibility, writes through the services (same refusals as the pages), workflow
actions with their own permission, stale edits answered 409, filters, pagination, query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from frameworks.choices import FrameworkStatus
from frameworks.models import Comment, IntegratedStrategicFramework, Priority, Result
from tests.frameworks.isf_world import make_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


@pytest.fixture
def world():
    return make_world()


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_agency_sees_frameworks_from_consultation_on_and_filters_work(world):
    draft = world.framework()
    draft.status = FrameworkStatus.SUPERSEDED
    draft.endorsed_on = dt.date(2024, 1, 1)
    draft.save()
    shared = world.framework(status=FrameworkStatus.CONSULTATION)
    hidden = world.framework()
    body = api(world.undp_planner).get("/api/frameworks/").json()
    assert {row["id"] for row in body["results"]} == {draft.pk, shared.pk}
    assert "count" in body and "next" in body
    assert api(world.undp_planner).get(f"/api/frameworks/{hidden.pk}/").status_code == 404
    assert api(world.outsider).get("/api/frameworks/").json()["count"] == 0
    body = api(world.planner).get("/api/frameworks/", {"mission": world.mission.acronym, "status": "draft"}).json()
    assert [row["id"] for row in body["results"]] == [hidden.pk]
    rows = api(world.undp_planner).get("/api/priorities/", {"framework": hidden.pk}).json()["results"]
    assert rows == []


def test_create_edit_and_stale_edit(world):
    client = api(world.planner)
    response = client.post(
        "/api/frameworks/",
        {
            "mission": world.mission.acronym,
            "label": "Joint Vision",
            "period_start": "2025-01-01",
            "period_end": "2024-01-01",
        },
        format="json",
    )
    assert response.status_code == 400 and "period_end" in response.json()
    response = client.post(
        "/api/frameworks/",
        {
            "mission": world.mission.acronym,
            "label": "Joint Vision",
            "period_start": "2025-01-01",
            "period_end": "2027-01-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    framework = response.json()
    assert framework["version"] == 1 and framework["status"] == "draft"
    response = client.post("/api/priorities/", {"framework": framework["id"], "title": "Youth"}, format="json")
    assert response.status_code == 201
    priority = response.json()
    first = client.patch(
        f"/api/priorities/{priority['id']}/",
        {"title": "Youth employment", "updated_at": priority["updated_at"]},
        format="json",
    )
    assert first.status_code == 200
    stale = client.patch(
        f"/api/priorities/{priority['id']}/",
        {"title": "Youth jobs", "updated_at": priority["updated_at"]},
        format="json",
    )
    assert stale.status_code == 409
    assert stale.json()["changed"]["title"] == {"theirs": "Youth employment", "yours": "Youth jobs"}
    assert Priority.objects.get().title == "Youth employment"
    result = client.post(
        "/api/results/", {"priority": priority["id"], "statement": "Jobs for 10,000 youth"}, format="json"
    )
    assert result.status_code == 201
    row = client.post(
        "/api/responsibilities/",
        {"result": result.json()["id"], "entity": world.undp.code, "role": "lead"},
        format="json",
    )
    assert row.status_code == 201
    again = client.post(
        "/api/responsibilities/",
        {"result": result.json()["id"], "entity": world.undp.code, "role": "contributing"},
        format="json",
    )
    assert again.status_code == 201 and again.json()["role"] == "contributing"
    tasks = client.post(
        f"/api/results/{result.json()['id']}/mandate-tasks/", {"mandate_tasks": [world.tasks[0].pk]}, format="json"
    )
    assert tasks.json()["mandate_tasks"] == [world.tasks[0].pk]
    area = client.post(
        "/api/integration-areas/", {"framework": framework["id"], "area": "ssr", "depth": "coordinated"}, format="json"
    )
    assert area.status_code == 201
    line = client.post(
        "/api/funding-lines/",
        {"priority": priority["id"], "source": "pbf", "amount": "100.00", "gap": "5.00"},
        format="json",
    )
    assert line.status_code == 201 and line.json()["gap"] == "5.00"


def test_agency_cannot_take_a_workflow_step_and_gets_403_with_reason(world):
    # Creating and editing as the agency: tests/api/test_endpoints.py.
    framework = world.framework(status=FrameworkStatus.CONSULTATION)
    response = api(world.undp_planner).post(f"/api/frameworks/{framework.pk}/submit/")
    assert response.status_code == 403 and "does not allow" in response.json()["detail"]


def test_workflow_through_the_api_to_endorsement_and_immutability(world):
    framework = world.framework()
    planner = api(world.planner)
    assert planner.post(f"/api/frameworks/{framework.pk}/submit/").status_code == 400
    assert planner.post(f"/api/frameworks/{framework.pk}/consultation/").json()["status"] == "consultation"
    response = planner.post(f"/api/frameworks/{framework.pk}/return-to-draft/", {"reason": ""}, format="json")
    assert response.status_code == 400
    planner.post(f"/api/frameworks/{framework.pk}/submit/")
    response = api(world.srsg).post(
        f"/api/frameworks/{framework.pk}/sign/",
        {"entity": world.mission.entity.code, "decision": "signed"},
        format="json",
    )
    assert response.status_code == 200
    response = api(world.undp_planner).post(
        f"/api/frameworks/{framework.pk}/sign/", {"entity": world.undp.code, "decision": "signed"}, format="json"
    )
    assert response.json()["status"] == "endorsed"
    signatures = api(world.undp_planner).get("/api/signatures/", {"framework": framework.pk}).json()["results"]
    assert {s["entity"] for s in signatures} == {world.mission.entity.code, world.undp.code}
    based_on = planner.get(f"/api/frameworks/{framework.pk}/").json()["updated_at"]
    response = planner.patch(
        f"/api/frameworks/{framework.pk}/", {"vision": "Changed", "updated_at": based_on}, format="json"
    )
    assert response.status_code == 400 and "never changes" in str(response.json())
    response = planner.post("/api/frameworks/", {"mission": world.mission.acronym, "from_current": True}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["parent"] == framework.pk


def test_comments_through_the_api(world):
    framework = world.framework(status=FrameworkStatus.CONSULTATION)
    result = Result.objects.get(priority__framework=framework)
    client = api(world.undp_planner)
    response = client.post(
        "/api/comments/", {"framework": framework.pk, "result": result.pk, "body": "@UNICEF ok?"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["mentioned_entities"] == [world.unicef.code] and body["text_changed_since"] is False
    reply = api(world.planner).post(
        "/api/comments/", {"framework": framework.pk, "parent": body["id"], "body": "Yes"}, format="json"
    )
    assert reply.status_code == 201 and reply.json()["result"] == result.pk
    assert (
        client.post(f"/api/comments/{body['id']}/status/", {"status": "resolved"}, format="json").json()["status"]
        == "resolved"
    )
    assert (
        api(world.srsg).post(f"/api/comments/{body['id']}/status/", {"status": "open"}, format="json").status_code
        == 403
    )
    assert Comment.objects.count() == 2


# Frameworks, priorities and results: tests/api/test_endpoints.py.
@pytest.mark.parametrize("endpoint", ["responsibilities", "comments"])
def test_list_query_count_does_not_grow(world, endpoint):
    client = api(world.undp_planner)
    counts = []
    for size in (1, 5):
        framework = world.framework(status=FrameworkStatus.CONSULTATION, priorities=size, results=size)
        IntegratedStrategicFramework.objects.filter(pk=framework.pk).update(
            status=FrameworkStatus.SUPERSEDED, endorsed_on=dt.date(2024, 1, 1)
        )
        for result in Result.objects.filter(priority__framework=framework):
            Comment.objects.create(
                framework=framework,
                result=result,
                author=world.undp_planner,
                author_entity=world.undp,
                body="x",
                framework_version=framework.version,
                quoted_text=result.statement,
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/{endpoint}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] == LIST_QUERIES[endpoint], counts


# count and rows, plus prefetches: mentioned entities and users of comments
# The user's mission permissions (read once per request), then the list's own reads.
LIST_QUERIES = {"responsibilities": 3, "comments": 5}


def test_api_docs_list_the_framework_endpoints(world):
    schema = api(world.planner).get("/api/schema/").content.decode()
    for path in ("/api/frameworks/{id}/sign/", "/api/comments/{id}/status/", "/api/funding-lines/"):
        assert path in schema


def test_an_agency_objection_answers_204_once_the_draft_is_hidden_from_them(world):
    framework = world.framework()
    planner = api(world.planner)
    planner.post(f"/api/frameworks/{framework.pk}/consultation/")
    planner.post(f"/api/frameworks/{framework.pk}/submit/")
    response = api(world.undp_planner).post(
        f"/api/frameworks/{framework.pk}/sign/",
        {"entity": world.undp.code, "decision": "objected", "reason": "Our result is missing."},
        format="json",
    )
    assert response.status_code == 204, response.content
    assert response.content == b""
    framework.refresh_from_db()
    assert framework.status == FrameworkStatus.DRAFT
    assert framework.signatures.get().reason == "Our result is missing."
    # The mission planner, who still sees the draft, gets the object after a step.
    response = planner.post(f"/api/frameworks/{framework.pk}/consultation/")
    assert response.status_code == 200 and response.json()["status"] == "consultation"


def test_named_actions_document_the_204_answer(world):
    schema = api(world.planner).get("/api/schema/", {"format": "json"}).json()
    sign = schema["paths"]["/api/frameworks/{id}/sign/"]["post"]["responses"]
    assert set(sign) >= {"200", "204"}
    assert "content" not in sign["204"]


def test_a_change_without_the_version_it_is_based_on_is_refused(world):
    framework = world.framework()
    priority = framework.priorities.first()
    result = Result.objects.get(priority=priority)
    client = api(world.planner)
    for path, data in (
        (f"/api/frameworks/{framework.pk}/", {"vision": "Mine"}),
        (f"/api/priorities/{priority.pk}/", {"title": "Mine"}),
        (f"/api/results/{result.pk}/", {"statement": "Mine"}),
    ):
        for method in (client.patch, client.put):
            response = method(path, data, format="json")
            assert response.status_code in (400, 405), (path, response.status_code)
            if response.status_code == 400:
                assert "does not say which version" in response.json()["updated_at"][0]
        current = client.get(path).json()
        response = client.patch(path, {**data, "updated_at": current["updated_at"]}, format="json")
        assert response.status_code == 200, (path, response.json())
    priority.refresh_from_db()
    assert priority.title == "Mine"
