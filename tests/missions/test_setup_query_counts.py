"""The setup pages cost the same number of queries at two data sizes (pinned here): a list reads
its rows with the user's rights on each in one query."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from missions.choices import EntityKind
from missions.models import LeadershipPost, PhaseChange
from tests.factories import (
    CapacityGapFactory,
    CountryTeamMemberFactory,
    EntityFactory,
    MandateFactory,
    MandateTaskFactory,
)
from tests.missions.test_setup_pages import make_setup_world

pytestmark = pytest.mark.django_db

# Session, user, the user's mission permissions (read once per request), the mission, the
# navigation bar's count, whether the user may add to the mission (which answers "change" too:
# the same permission; the setup tabs ask it),
# then the page's own reads: the rows with the user's rights on each in one query (mandates: and
# their tasks), the choices of a form when it is offered (entities, departments).
PINNED = {
    "hq": {
        "mission-create": 7,  # the departments the user creates missions for: checked, then the choices
        "mission-edit": 6,
        "country-team": 8,  # rows, the entities that may join
        "leadership": 7,
        "lifecycle": 7,
        "mandate-list": 8,  # mandates, their tasks
        "mandate-create": 6,
        "capacity-gap-list": 7,
        "capacity-gap-create": 6,
    },
    # Reads only: no form, no choices.
    "agency": {"country-team": 6, "leadership": 6, "lifecycle": 6, "mandate-list": 7, "capacity-gap-list": 6},
}


def urls():
    acronym = ["UNMIL"]
    return {
        "mission-create": reverse("missions:mission-create"),
        "mission-edit": reverse("missions:mission-edit", args=acronym),
        "country-team": reverse("missions:country-team", args=acronym),
        "leadership": reverse("missions:leadership", args=acronym),
        "lifecycle": reverse("missions:lifecycle", args=acronym),
        "mandate-list": reverse("missions:mandate-list", args=acronym),
        "mandate-create": reverse("missions:mandate-create", args=acronym),
        "capacity-gap-list": reverse("benchmarks:capacity-gap-list", args=acronym),
        "capacity-gap-create": reverse("benchmarks:capacity-gap-create", args=acronym),
    }


def grow(w, n: int) -> None:
    for i in range(n):
        CountryTeamMemberFactory(mission=w.mission, entity=EntityFactory(kind=EntityKind.AFP), head=f"Head {i}")
        LeadershipPost.objects.create(
            mission=w.mission, kind="deputy", title=f"Deputy {i}", is_resident_coordinator=True
        )
        PhaseChange.objects.create(
            mission=w.mission, phase="drawdown", started_on=dt.date(2011, 1, 1) + dt.timedelta(i)
        )
        mandate = MandateFactory(mission=w.mission)
        for _ in range(3):
            MandateTaskFactory(mandate=mandate, lead_entity=w.undp)
        CapacityGapFactory(mission=w.mission)


def count(client, url) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries), [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("size", [1, 8], ids=["small", "large"])
@pytest.mark.parametrize("who", ["hq", "agency"])
def test_setup_pages_cost_a_pinned_number_of_queries(client, size, who):
    w = make_setup_world()
    grow(w, size)
    client.force_login(getattr(w, who))
    counts, queries = {}, {}
    for name in PINNED[who]:
        counts[name], queries[name] = count(client, urls()[name])
    assert counts == PINNED[who], "\n\n".join(f"{name}:\n" + "\n".join(sql) for name, sql in queries.items())
