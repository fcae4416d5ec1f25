"""Content-Security-Policy: every response carries the policy, and the workbench's own pages hold
nothing it refuses (inline script or style, event-handler attributes, hx-on, javascript: links).
The pages are found from the URL resolver and filled with the access world's objects, so pages
added later are checked without anyone listing them. The browser check is tests/e2e/test_csp.py."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from missions.audit import history_url
from planning.csp import STYLE_ATTRIBUTE_HASHES
from tests.access.discovery import all_routes
from tests.factories import UserFactory
from tests.second_factor import force_login_verified

POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "connect-src": {"'self'"},
    "font-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}
REFUSED = {
    "inline script": re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle=", re.I),
    "event-handler attribute": re.compile(r"\son[a-z]+=", re.I),
    "hx-on attribute": re.compile(r"\shx-on", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def policy_of(response) -> dict[str, set[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: set(values) for name, *values in directives}


def refused_in(html: str) -> list[str]:
    return [
        f"{what}: {html[match.start() : match.start() + 100]}"
        for what, pattern in REFUSED.items()
        for match in pattern.finditer(html)
    ]


def _model_of(route):
    """The model a page names by pk: the view's, or for the framework pages by their name."""
    from frameworks.models import IntegratedStrategicFramework

    model = getattr(route.view_class, "model", None)
    by_name = {"framework": IntegratedStrategicFramework}
    return model or by_name.get(route.name.split(":")[-1].split("-")[0])


def _pages(world) -> list[str]:
    """Every route without parameters, and every page of one mission or object, for each status of
    the home mission's objects (a running report shows its progress bar, a draft its editor)."""
    urls = [reverse(route.name) for route in all_routes() if not re.search(r"[<(]", route.regex)]
    home = [placed for placed in world.objects if placed.home]
    for route in all_routes():
        view = route.view_class
        if route.regex.startswith(("api/", "admin/")) or not (isinstance(view, type) and hasattr(view, "get")):
            continue
        parameters = set(re.findall(r"<(?:\w+:)?(\w+)>", route.regex))
        if parameters == {"acronym"}:
            urls.append(reverse(route.name, kwargs={"acronym": world.missions["home"].acronym}))
        elif parameters == {"pk"} and (model := _model_of(route)):
            statuses = {}
            for placed in home:
                if type(placed.obj) is model:
                    statuses.setdefault(placed.status, placed.obj.pk)
            urls += [reverse(route.name, kwargs={"pk": pk}) for pk in statuses.values()]
    framework = next(p.obj for p in home if p.kind.key == "framework")
    return [*urls, history_url(framework)]


def test_every_page_carries_the_policy_and_holds_nothing_it_refuses(world):
    client = Client()
    force_login_verified(client, world.users["superuser"])
    failures, checked = [], 0
    for url in _pages(world):
        response = client.get(url)
        if response.headers.get("Content-Disposition", "").startswith("attachment"):
            continue  # a download, not a page
        checked += 1
        if url.startswith(("/api/", "/admin/")):
            if "default-src 'self'" not in response.headers.get("Content-Security-Policy", ""):
                failures.append(f"{url}: no policy")
            continue
        if policy_of(response) != POLICY:
            failures.append(f"{url}: policy {response.headers.get('Content-Security-Policy')!r}")
        if "text/html" in response.headers.get("Content-Type", ""):
            failures += [f"{url}: {problem}" for problem in refused_in(response.content.decode())]
    assert checked > 100
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_answers_other_than_pages_carry_the_policy_too(client):
    assert policy_of(client.get(reverse("login"))) == POLICY
    assert policy_of(client.get("/no/such/page/")) == POLICY
    assert policy_of(client.get("/static/css/workbench.css")) == POLICY
    client.force_login(UserFactory())
    assert policy_of(client.get(reverse("api-mission-list"), HTTP_ACCEPT="application/json")) == POLICY
    # The browsable API allows its own fixed style attributes (planning/csp.py), nothing more.
    browsable = policy_of(client.get(reverse("api-mission-list"), HTTP_ACCEPT="text/html"))
    assert browsable.pop("style-src-attr") == {"'unsafe-hashes'", *STYLE_ATTRIBUTE_HASHES["/api/"]}
    assert browsable == POLICY
    for _ in range(5):
        locked = Client().post(reverse("login"), {"username": "nobody", "password": "wrong"})
    assert locked.status_code == 429 and policy_of(locked) == POLICY


def test_the_refused_patterns_find_what_they_should():
    html = (
        '<script>alert(1)</script><div style="color:red" onclick="x()" hx-on::load="y()">'
        '<a href="javascript:void(0)">x</a><style>p{}</style>'
    )
    assert len(refused_in(html)) == 6
    clean = '<script src="/static/a.js" defer></script><script id="d" type="application/json">{}</script>'
    assert refused_in(clean) == []


def test_the_allowed_style_attributes_are_those_of_the_third_party_templates():
    """A new release of DRF or django-simple-history that changes them shows here, not as an
    unstyled button in production."""
    import base64
    import hashlib
    from pathlib import Path

    import rest_framework
    import simple_history

    templates = {
        "/api/": Path(rest_framework.__file__).parent / "templates/rest_framework/base.html",
        "/admin/": Path(simple_history.__file__).parent / "templates/simple_history/object_history_list.html",
    }
    for prefix, template in templates.items():
        values = re.findall(r'\sstyle="([^"]*)"', template.read_text())
        digests = {f"'sha256-{base64.b64encode(hashlib.sha256(v.encode()).digest()).decode()}'" for v in values}
        assert digests == set(STYLE_ATTRIBUTE_HASHES[prefix]), (prefix, values)
