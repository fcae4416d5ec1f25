"""No link leads to a dead end: as every demo user, sign in, start at `/` and follow every same-site
link breadth-first; none may answer 403, 404 or a server error to the user it was shown to. And
nothing comes from the internet: no page the crawl reaches (nor the API docs) loads a script,
style, font, image or frame from another site, so the workbench works on a network without one.

The demo data is loaded once per test process (one transaction, rolled back after the module), so
xdist spreads the roles over its workers. The crawl is bounded: at most `PAGES_PER_ROLE` pages a
role, `PER_SHAPE` pages of one path shape (ids replaced: ten indicator pages tell no more than six),
two of a download's, and `QUERIES_PER_PATH` query-string variants of one path. Downloads are
fetched and counted, not parsed.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse

from planning.demo import DEMO_PASSWORD, DEMO_USERS, seed
from tests.second_factor import authenticator, code_now

ROLES = [user[0] for user in DEMO_USERS]
PAGES_PER_ROLE = 300
PER_SHAPE = 6
PER_DOWNLOAD_SHAPE = 2  # an export is rendered whole (a PDF: about a second); two show the link works
QUERIES_PER_PATH = 3
# Not pages of the workbench a link can dead-end on: the admin and the API (their own UIs),
# signing out (it ends the crawl), static files.
SKIPPED = ("/admin/", "/api/", "/accounts/logout/", "/static/")
DEAD = {403, 404}

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    page: str  # the page the link was shown on


class _Links(HTMLParser):
    """The `<a href>` of a page with their text."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._open: list[list] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open.append([dict(attrs).get("href"), []])

    def handle_data(self, data):
        for _href, text in self._open:
            text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            href, text = self._open.pop()
            if href:
                self.links.append((href, " ".join("".join(text).split())))


class _Resources(HTMLParser):
    """What a page loads: script, style sheet, icon, image, frame and media addresses, and
    url()/@import inside style attributes and blocks."""

    LOADS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src", "audio": "src"}

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.LOADS and attrs.get(self.LOADS[tag]):
            self.urls.append(attrs[self.LOADS[tag]])
        if tag == "link" and attrs.get("href") and attrs.get("rel", "") not in ("alternate", "canonical"):
            self.urls.append(attrs["href"])
        if attrs.get("style"):
            self.urls.extend(CSS_URL.findall(attrs["style"]))
        self._in_style = tag == "style"

    def handle_data(self, data):
        if self._in_style:
            self.urls.extend(CSS_URL.findall(data))

    def handle_endtag(self, tag):
        self._in_style = False


CSS_URL = re.compile(r"""(?:url\(|@import\s+)\s*['"]?([^'")\s;]+)""")


def offsite_resources(html: str, page: str) -> list[str]:
    """The addresses `html` loads from another site (https://…, //host/…)."""
    parser = _Resources()
    parser.feed(html)
    return [
        f"{page} loads {url}"
        for url in parser.urls
        if urlsplit(urljoin(f"http://testserver{page}", url)).netloc not in ("", "testserver")
    ]


def links_on(html: str, page: str) -> list[Link]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href, text in parser.links:
        url = urljoin(page, href)
        parts = urlsplit(url)
        if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
            continue  # another site, mailto:, javascript:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        found.append(Link(path, text or "(no text)", page))
    return found


def shape(path: str) -> str:
    return re.sub(r"/\d+(?=/|\.|$)", "/<id>", path)


def _download(path: str) -> bool:
    return "/download/" in path or bool(re.search(r"\.\w+$", path))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once per process and rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed()
        yield
        transaction.set_rollback(True)


def signed_in(username: str) -> Client:
    client = Client(raise_request_exception=False)  # a server error is a dead end to list
    response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, f"{username} could not sign in ({response.status_code})"
    user = get_user_model().objects.get(username=username)
    if user.is_staff or user.is_superuser:  # an administrator owes a second factor first
        response = client.post(reverse("two-factor-verify"), {"code": code_now(authenticator(user))})
        assert response.status_code == 302, f"{username}'s second factor was refused ({response.status_code})"
    return client


def crawl(client: Client, role: str) -> tuple[list[str], int]:
    """Dead ends met (one line each; and off-site resources, each as a line) and the number of
    pages fetched."""
    queue = deque([Link("/", "(start)", "(sign-in)")])
    seen: set[str] = set()
    shapes: Counter = Counter()
    queries: Counter = Counter()
    dead_ends, fetched = [], 0
    while queue and fetched < PAGES_PER_ROLE:
        link = queue.popleft()
        path, _, query = link.url.partition("?")
        if link.url in seen or path.startswith(SKIPPED):
            continue
        seen.add(link.url)
        if query and queries[path] >= QUERIES_PER_PATH:
            continue
        if not query and shapes[shape(path)] >= (PER_DOWNLOAD_SHAPE if _download(path) else PER_SHAPE):
            continue
        queries[path] += bool(query)
        shapes[shape(path)] += not query
        response = client.get(link.url)
        fetched += 1
        status = response.status_code
        if status in DEAD or status >= 500:
            dead_ends.append(f"{role} | {link.page} | {link.text} | {link.url} | {status}")
        elif status in (301, 302, 303, 307, 308):
            queue.append(Link(urljoin(link.url, response["Location"]), f"(redirect) {link.text}", link.page))
        elif status == 200 and "text/html" in response.get("Content-Type", ""):
            if response.get("Content-Disposition", "").startswith("attachment"):
                continue
            html = response.content.decode(errors="replace")
            dead_ends.extend(f"{role} | off-site resource | {line}" for line in offsite_resources(html, link.url))
            queue.extend(links_on(html, link.url))
    return dead_ends, fetched


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_no_link_shown_to_a_demo_user_is_a_dead_end(demo, role, capsys):
    dead_ends, fetched = crawl(signed_in(role), role)
    with capsys.disabled():
        print(f"\ndead-end crawl: {role}: {fetched} pages, {len(dead_ends)} dead ends")
    assert fetched > 10, f"{role} reached only {fetched} pages from /"
    assert not dead_ends, (
        "links that answer 403/404/5xx to the user they were shown to "
        "(role | page the link is on | link text | URL | status):\n" + "\n".join(dead_ends)
    )


def test_the_api_docs_load_nothing_from_the_internet(demo):
    client = signed_in(ROLES[0])
    page = client.get(reverse("api-docs"))
    assert page.status_code == 200
    html = page.content.decode()
    assert not offsite_resources(html, reverse("api-docs"))
    scripts = _Resources()
    scripts.feed(html)
    for url in scripts.urls:
        body = client.get(url)
        assert body.status_code == 200, url
        text = b"".join(body.streaming_content if body.streaming else [body.content]).decode(errors="replace")
        # Swagger UI's own files mention their project's web site in comments; what they load is
        # configured by the page's own init script, which must name only this site.
        if not url.startswith("/static/drf_spectacular_sidecar/"):
            assert "cdn." not in text and "unpkg" not in text and "jsdelivr" not in text, url


def test_offsite_resources_are_found():
    html = (
        '<link rel="stylesheet" href="https://cdn.example.org/x.css"><script src="//evil.example/x.js"></script>'
        '<img src="/static/ok.png"><div style="background:url(https://fonts.example/f.woff2)"></div>'
        "<style>@import 'https://fonts.example/css';</style>"
    )
    found = offsite_resources(html, "/missions/")
    assert len(found) == 4 and not any("ok.png" in line for line in found)
