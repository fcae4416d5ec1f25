"""The "my work" home: what the signed-in user owes, what waits for them and what changed on the
missions they cover; only what the access layer lets them see, at a fixed number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.services import update_submit
from frameworks.choices import FrameworkStatus, ResponsibilityRole
from missions.choices import Role
from tests.benchmarks.conftest import TODAY, build_progress, make_world
from tests.factories import (
    BenchmarkFactory,
    CommentFactory,
    FrameworkFactory,
    IndicatorFactory,
    MembershipFactory,
    PriorityFactory,
    ResponsibilityFactory,
    ResultFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)
Q2 = dt.date(2025, 4, 1)
HOME_MAX_BYTES = 60_000


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def world(db):
    return make_world()


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def submit(world, indicator, actor):
    return update_submit(
        indicator=indicator, actor=actor, period_start=Q2, value=Decimal("3"), status="on_track", today=TODAY
    )


def populate(world, n: int) -> None:
    """`n` of every kind of item on the home, for the query-count comparison."""
    build_progress(
        world.mission, benchmarks=2, indicators=n, periods=2, agency=world.agency, approver=world.mission_planner
    )
    benchmark = BenchmarkFactory(mission=world.mission)
    for i in range(n):
        IndicatorFactory(benchmark=benchmark, name=f"Owed {i}", responsible_entity=world.agency)
        IndicatorFactory(benchmark=benchmark, name=f"Mission's {i}", responsible_entity=world.mission.entity)
        waiting = IndicatorFactory(benchmark=benchmark, name=f"Waiting {i}", responsible_entity=world.other_agency)
        submit(world, waiting, world.other_agency_planner)
    framework = FrameworkFactory(mission=world.mission, status=FrameworkStatus.CONSULTATION)
    priority = PriorityFactory(framework=framework)
    ResponsibilityFactory(result=ResultFactory(priority=priority), entity=world.agency, role=ResponsibilityRole.LEAD)
    for _i in range(n):
        comment = CommentFactory(priority=priority, author=world.mission_planner, author_entity=world.mission.entity)
        comment.mentioned_users.add(world.agency_planner, world.mission_planner)


def test_an_agency_planner_sees_the_update_they_owe_and_it_leaves_once_submitted(world, client):
    html = home(client, world.agency_planner)
    assert "What I owe" in html and "Counties with police" in html
    link = reverse("benchmarks:update-submit", args=[world.indicator.pk]) + f"?period={Q2.isoformat()}"
    assert f'href="{link}"' in html and "Overdue" in html
    submit(world, world.indicator, world.agency_planner)
    html = home(client, world.agency_planner)
    assert "Counties with police" not in html.split('id="owed"')[1].split("</section>")[0]
    assert "Nothing is due from you." in html


def test_a_mission_planner_owes_the_missions_own_indicators_and_reviews_with_a_count(world, client):
    own = IndicatorFactory(benchmark=world.benchmark, name="Joint patrols", responsible_entity=world.mission.entity)
    submit(world, world.indicator, world.agency_planner)
    html = home(client, world.mission_planner)
    assert "Joint patrols" in html and reverse("benchmarks:update-submit", args=[own.pk]) in html
    assert "Counties with police" not in html.split('id="owed"')[1].split("</section>")[0]  # the agency's
    queue = reverse("benchmarks:update-queue", args=["UNMIL"])
    assert f'<a href="{queue}">1 update to review on UNMIL</a>' in html
    nav = html.split('<nav aria-label="Main">')[1].split("</nav>")[0]
    assert '<span class="badge blue nav-count">1<span class="visually-hidden"> updates to review</span>' in nav
    # The agency planner may not approve: no count, no queue link.
    agency = home(client, world.agency_planner)
    assert "updates to review</span>" not in agency and queue not in agency


def test_mentions_consultations_and_signatures_asked(world, client):
    framework = FrameworkFactory(
        mission=world.mission, status=FrameworkStatus.CONSULTATION, consultation_deadline=dt.date(2025, 8, 29)
    )
    priority = PriorityFactory(framework=framework)
    ResponsibilityFactory(result=ResultFactory(priority=priority), entity=world.agency, role=ResponsibilityRole.LEAD)
    comment = CommentFactory(priority=priority, author=world.mission_planner, author_entity=world.mission.entity)
    comment.mentioned_users.add(world.agency_planner)
    html = home(client, world.agency_planner)
    assert "Comments that mention you" in html
    assert f'href="{reverse("frameworks:framework-comments", args=[framework.pk])}#comment-{comment.pk}"' in html
    assert "Consultations asking your comments" in html and "comments by 29 Aug 2025" in html
    assert "Consultations asking your comments" not in home(client, world.mission_planner)  # drafted it
    framework.status = FrameworkStatus.SUBMITTED
    framework.save()
    html = home(client, world.agency_planner)
    assert "Signatures asked of you" in html
    assert reverse("frameworks:framework-detail", args=[framework.pk]) in html
    assert "Signatures asked of you" in home(client, world.srsg)  # for the mission
    assert "Signatures asked of you" not in home(client, world.other_agency_planner)  # leads nothing


def test_only_missions_the_user_covers(world, client):
    other = IndicatorFactory(
        benchmark=BenchmarkFactory(mission=world.other_mission, title="Elsewhere"),
        name="Elsewhere owed",
        responsible_entity=world.agency,
    )
    MembershipFactory(
        user__username="elsewhere", entity=world.agency, role=Role.AGENCY_PLANNER, missions=[world.other_mission]
    )
    html = home(client, world.agency_planner)
    assert other.name not in html and "Elsewhere" not in html
    outsider = home(client, world.outsider)
    assert "Counties with police" not in outsider and "National police take over" not in outsider


def test_recent_changes_link_to_the_changed_objects_once_each(world, client):
    from benchmarks.services import benchmark_update

    benchmark_update(benchmark=world.benchmark, actor=world.mission_planner, title="Police take over")
    benchmark_update(benchmark=world.benchmark, actor=world.mission_planner, description="County by county.")
    html = home(client, world.hq)
    changes = html.split('class="stack recent-changes"')[1].split("</ul>")[0]
    link = f'href="{reverse("benchmarks:benchmark-detail", args=[world.benchmark.pk])}"'
    assert changes.count(f"{link}>Police take over</a>") == 1
    assert "Benchmark edited" in changes


def _count(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(queries), len(response.content)


# Session, user, the user's mission permissions, navigation (one query, the review count in it), the
# memberships, mentions, submitted frameworks to sign (their signatures and leads are four more when
# there are some), consultations, updates to review (and their missions, for a planner), indicators
# owed and their updates, three history lists, the missions list.
PINNED = {"agency_planner": 14, "mission_planner": 15}


@pytest.mark.parametrize("role", sorted(PINNED))
def test_query_count_is_the_same_at_two_data_sizes_and_the_page_stays_light(role, client, django_db_blocker):
    small = make_world()
    populate(small, 1)
    small_count, _size = _count(client, getattr(small, role))
    from django.core.management import call_command

    call_command("flush", "--noinput")
    large = make_world()
    populate(large, 15)
    large_count, size = _count(client, getattr(large, role))
    assert small_count == large_count == PINNED[role], (small_count, large_count)
    assert size < HOME_MAX_BYTES
