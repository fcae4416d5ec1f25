"""The one search: finds words in each kind's fields, in English and French, accents folded;
nothing a user may not see is found or counted; ranked groups with escaped, marked snippets; a
fixed number of queries; the same through the API; and the SQLite fallback's matching."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frameworks.choices import FrameworkStatus
from missions.choices import Role
from planning.search import selectors
from planning.search.kinds import KINDS
from tests.factories import (
    CommentFactory,
    FrameworkFactory,
    IndicatorFactory,
    MechanismFactory,
    MeetingFactory,
    MissionFactory,
    PriorityFactory,
    ProgressUpdateFactory,
    ResultFactory,
    StrategicAssessmentFactory,
)
from tests.frameworks.test_analysis_services import user_with

pytestmark = pytest.mark.django_db

# Session, user, the user's mission permissions (read once), header navigation, one per kind.
PAGE_QUERIES = 4 + len(KINDS)


@pytest.fixture
def world(unmiss, record):
    framework = FrameworkFactory(mission=unmiss, label="Compact zebrawood", vision="Durable peace in Jonglei")
    priority = PriorityFactory(framework=framework, title="Cattle raiding", description="Reduce raids marimba")
    ResultFactory(priority=priority, statement="Communities settle disputes through xylograph courts")
    CommentFactory(priority=priority, body="Add the quokka angle please")
    ProgressUpdateFactory(
        indicator=IndicatorFactory(benchmark__mission=unmiss), narrative="Patrols reached Pibor ocelot"
    )
    StrategicAssessmentFactory(mission=unmiss, is_internal=False, title="Conflict scan", risks="Flooding tapir season")
    MeetingFactory(mechanism=MechanismFactory(mission=unmiss), decisions="Agreed joint narwhal patrols")
    record(unmiss, title="Élections locales", text="Les bureaux de vote sécurisés tôt", language="fr")
    record(unmiss, title="Early warning", text="Community networks warned of attacks")
    return framework


def kinds_found(user, text):
    return {group.key: group.count for group in selectors.search(user, text)}


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("UNMISS", "mission"),
        ("zebrawood", "framework"),
        ("Jonglei", "framework"),
        ("marimba", "priority"),
        ("xylograph", "result"),
        ("quokka", "comment"),
        ("ocelot", "update"),
        ("tapir", "assessment"),
        ("narwhal", "decision"),
        ("attacks", "lesson"),
    ],
)
def test_finds_words_of_every_kind(world, unmiss, words, kind):
    planner = user_with(Role.MISSION_PLANNER, unmiss)
    assert kinds_found(planner, words).get(kind) == 1


@pytest.mark.postgres
def test_english_and_french_lessons_stemmed_and_accents_folded(world, unmiss):
    planner = user_with(Role.MISSION_PLANNER, unmiss)
    assert kinds_found(planner, "attack").get("lesson") == 1  # English stemming: attacks
    assert kinds_found(planner, "securise").get("lesson") == 1  # French, no accent typed
    assert kinds_found(planner, "élection").get("lesson") == 1  # French stemming: Élections
    assert kinds_found(planner, "bureaux -vote").get("lesson") is None  # websearch: minus excludes


@pytest.mark.postgres
def test_lessons_in_the_other_languages_of_the_organization_are_stemmed_in_their_own(unmiss, record):
    record(unmiss, title="Elecciones locales", text="Las comunidades organizaron patrullas", language="es")
    record(unmiss, title="Местные выборы", text="Общины организовали патрулирование", language="ru")
    record(unmiss, title="الانتخابات المحلية", text="نظمت المجتمعات دوريات", language="ar")
    record(unmiss, title="地方选举", text="社区 组织了 巡逻", language="zh")
    planner = user_with(Role.MISSION_PLANNER, unmiss)
    assert kinds_found(planner, "elección").get("lesson") == 1  # Spanish stemming: Elecciones
    assert kinds_found(planner, "патрулировании").get("lesson") == 1  # Russian stemming
    assert kinds_found(planner, "الانتخاب").get("lesson") == 1  # Arabic stemming: الانتخابات
    assert kinds_found(planner, "巡逻").get("lesson") == 1  # Chinese: the word as written
    # Each language's dictionary only for its own lessons: the Spanish stem finds no English one.
    record(unmiss, title="Patrol routes", text="Routes agreed with the county", language="en")
    assert kinds_found(planner, "patrullas").get("lesson") == 1


@pytest.mark.postgres
def test_snippets_are_escaped_and_marked(unmiss, record):
    record(unmiss, title="Script", text="Beware <script>alert(1)</script> of the walrus")
    planner = user_with(Role.MISSION_PLANNER, unmiss)
    [group] = selectors.search(planner, "walrus")
    snippet = group.hits[0].snippet
    assert "<mark>walrus</mark>" in snippet
    assert "<" not in snippet.replace("<mark>", "").replace("</mark>", "")


def test_an_agency_planner_finds_nothing_of_another_missions_draft(world, unmiss):
    other = MissionFactory(acronym="MINUSCA", country="CF")
    agency = user_with(Role.AGENCY_PLANNER, other)
    # Lessons are read across missions; everything else of UNMISS is not the agency planner's.
    for words in ("zebrawood", "marimba", "xylograph", "quokka", "ocelot", "tapir", "narwhal", "UNMISS Jonglei"):
        assert kinds_found(agency, words) == {}, words
    assert kinds_found(agency, "attacks") == {"lesson": 1}
    # Of its own mission, a draft framework is not the country team's either; in consultation it is.
    FrameworkFactory(mission=other, label="Zebrawood draft", status=FrameworkStatus.DRAFT)
    assert kinds_found(agency, "zebrawood") == {}
    FrameworkFactory(mission=other, label="Zebrawood shared", status=FrameworkStatus.CONSULTATION)
    assert kinds_found(agency, "zebrawood") == {"framework": 1}


def test_the_page_groups_counts_and_links(world, unmiss, signed_in):
    client = signed_in(user_with(Role.MISSION_PLANNER, unmiss))
    page = client.get(reverse("search"), {"q": "patrols"})
    body = page.content.decode()
    assert page.status_code == 200
    keys = [group.key for group in page.context["groups"]]
    assert set(keys) == {"update", "decision"}
    assert reverse("frameworks:mechanism-detail", args=[world.mission.mechanisms.get().pk]) in body
    assert 'id="group-decision"' in body


def test_the_counts_do_not_reveal_what_is_hidden(world, unmiss, signed_in):
    other = MissionFactory(acronym="MINUSCA", country="CF")
    client = signed_in(user_with(Role.AGENCY_PLANNER, other))
    page = client.get(reverse("search"), {"q": "patrols"})
    assert page.context["groups"] == [] and page.context["total"] == 0
    assert "Nothing you may see" in page.content.decode()


def test_the_page_costs_one_query_per_kind(world, unmiss, signed_in, django_assert_num_queries):
    client = signed_in(user_with(Role.MISSION_PLANNER, unmiss))
    client.get(reverse("search"), {"q": "the"})
    with django_assert_num_queries(PAGE_QUERIES):
        client.get(reverse("search"), {"q": "patrols"})
    for n in range(12):
        MeetingFactory(mechanism=MechanismFactory(mission=unmiss), decisions=f"More patrols {n}")
    with django_assert_num_queries(PAGE_QUERIES):
        page = client.get(reverse("search"), {"q": "patrols"})
    decision = next(group for group in page.context["groups"] if group.key == "decision")
    assert decision.count == 13 and len(decision.hits) == selectors.PER_KIND


@pytest.mark.postgres
def test_each_kinds_query_uses_its_index(world):
    """The vector each kind's query compares is the indexed expression (the restricted query adds
    the mission filter, which on a small table the planner may prefer)."""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            for kind in KINDS:
                plan = selectors._matching(kind, kind.get_model().objects.all(), "patrols").explain()
                name = "lesson_search" if kind.key == "lesson" else kind.index_name
                assert name in plan, f"{kind.key}: {plan}"
        finally:
            cursor.execute("SET enable_seqscan = on")


def test_the_api_answers_the_same(world, unmiss, client):
    client.force_login(user_with(Role.MISSION_PLANNER, unmiss))
    answer = client.get("/api/search/", {"q": "patrols"})
    assert answer.status_code == 200
    assert {group["kind"]: group["count"] for group in answer.json()["groups"]} == {"update": 1, "decision": 1}
    refused = client.get("/api/search/", {"q": "x" * 201})
    assert refused.status_code == 400 and "q" in refused.json()


def test_the_fallback_matches_every_word_in_some_field(world, unmiss):
    planner = user_with(Role.MISSION_PLANNER, unmiss)
    kind = next(kind for kind in KINDS if kind.key == "assessment")
    with CaptureQueriesContext(connection):
        rows = list(selectors._rows_fallback(kind, planner, "conflict tapir"))
    assert [row.title for row in rows] == ["Conflict scan"]
    assert rows[0].total == 1
    assert selectors._cut(kind, rows[0], "conflict tapir") == "<mark>Conflict</mark> scan"
    assert list(selectors._rows_fallback(kind, planner, "conflict walrus")) == []
