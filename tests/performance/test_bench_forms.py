"""The bench fills in forms as a browser would: what it reads from a page must be what a browser
would send (CSRF token, selected option, checked boxes only, textarea text)."""

import pytest
from django.urls import reverse

from tests.frameworks.isf_world import make_world
from tests.performance.bench import Forms, field_saved, percentile

PAGE = """
<form id="other" method="get"><input name="q" value="x"></form>
<form id="queue" method="post" action="/queue/">
  <input type="hidden" name="csrfmiddlewaretoken" value="tok&amp;en">
  <input type="checkbox" name="updates" value="11">
  <input type="checkbox" name="updates" value="12" checked>
  <select name="period"><option value="2026-10-01">Oct</option><option value="2026-11-01" selected>Nov</option></select>
  <select name="status"><option value="on_track">On track</option><option value="off_track">Off</option></select>
  <textarea name="narrative">Line one &lt;b&gt;</textarea>
  <input type="submit" name="decision" value="approve">
  <input type="radio" name="kind" value="a"><input type="radio" name="kind" value="b" checked>
</form>
"""


def test_forms_read_what_a_browser_sends():
    form = Forms(PAGE).find(lambda f: f["attrs"].get("id") == "queue")
    assert form["attrs"]["action"] == "/queue/"
    assert form["fields"] == {
        "csrfmiddlewaretoken": "tok&en",
        "updates": "12",
        "period": "2026-11-01",
        "status": "on_track",
        "narrative": "Line one <b>",
        "kind": "b",
    }
    assert form["checkboxes"] == {"updates": ["11", "12"]}
    assert form["options"]["period"] == ["2026-10-01", "2026-11-01"]


@pytest.mark.django_db
def test_the_login_form_carries_its_csrf_token(client):
    content = client.get("/accounts/login/").content.decode()
    form = Forms(content).find(lambda f: "username" in f["fields"])
    assert form is not None
    assert len(form["fields"]["csrfmiddlewaretoken"]) >= 32
    assert "password" in form["fields"]


@pytest.mark.django_db
def test_an_editor_field_save_counts_when_its_form_says_saved(client, eager_celery):
    """With htmx both a save and a refusal are answered 200 with the form alone: what it says tells."""
    world = make_world()
    framework = world.framework()
    client.force_login(world.planner)
    path = reverse("frameworks:framework-edit", args=[framework.pk])
    fields = Forms(client.get(path).content.decode()).find(lambda f: f["attrs"].get("id") == "framework-fields")[
        "fields"
    ]
    saved = client.post(path, {**fields, "fw-vision": "Peace."}, HTTP_HX_REQUEST="true")
    assert field_saved(saved.status_code, saved.content)
    stale = client.post(path, {**fields, "fw-vision": "Peace, again."}, HTTP_HX_REQUEST="true")
    assert stale.status_code == 200 and not field_saved(stale.status_code, stale.content)
    assert not field_saved(302, b"")


def test_percentile():
    values = list(range(1, 101))
    assert percentile(values, 0.95) == 95
    assert percentile(values, 0.5) == 50
    assert percentile([7.0], 0.95) == 7.0
