"""While a result is drafted on one mission, lessons of other missions like it are suggested."""

import pytest
from django.urls import reverse

from frameworks.choices import FrameworkStatus
from missions.choices import Phase, Role
from tests.factories import FrameworkFactory, PriorityFactory, ResultFactory
from tests.frameworks.test_analysis_services import user_with

pytestmark = pytest.mark.django_db


def suggested(client, **query):
    answer = client.get(reverse("lessons:lesson-suggest"), query)
    assert answer.status_code == 200
    return [lesson.title for lesson in answer.context["suggestions"]]


def test_a_lesson_of_unmil_is_suggested_while_drafting_on_unmiss(unmil, unmiss, record, signed_in):
    record(
        unmil,
        title="Hand over policing early",
        text="Police reform needs the handover of policing two years ahead.",
        area="rule_of_law",
        phase=Phase.DRAWDOWN,
    )
    record(unmil, title="Radio reaches villages", text="Community radio carried public information.")
    record(unmiss, title="Own mission's policing lesson", text="Policing handover in Juba.")
    planner = user_with(Role.MISSION_PLANNER, unmiss)
    client = signed_in(planner)
    framework = FrameworkFactory(mission=unmiss, status=FrameworkStatus.DRAFT)
    result = ResultFactory(
        priority=PriorityFactory(framework=framework),
        statement="The national police take over policing from the mission's police",
    )

    panel = client.get(reverse("frameworks:result-panel", args=[result.pk]), headers={"HX-Request": "true"})
    body = panel.content.decode()
    assert reverse("lessons:lesson-suggest") in body and 'hx-trigger="load"' in body

    titles = suggested(client, text=result.statement, mission="UNMISS")
    assert titles == ["Hand over policing early"]  # not the mission's own, not the unrelated one
    assert (
        "Hand over policing early"
        in client.get(
            reverse("lessons:lesson-suggest"), {"text": result.statement, "mission": "UNMISS"}
        ).content.decode()
    )


def test_at_most_three_and_nothing_for_no_words(unmil, unmiss, record, signed_in):
    for n in range(5):
        record(unmil, title=f"Elections {n}", text="Election logistics")
    client = signed_in(user_with(Role.OBSERVER, unmiss))
    assert len(suggested(client, text="election logistics", mission="UNMISS")) == 3
    assert suggested(client, text="the and of", mission="UNMISS") == []
    assert suggested(client) == []


def test_drafting_a_priority_suggests_lessons_once_the_planner_edits_it(unmil, unmiss, record, signed_in):
    from urllib.parse import parse_qs, urlsplit

    record(unmil, title="Hand over policing early", text="Police reform needs the handover of policing early.")
    client = signed_in(user_with(Role.MISSION_PLANNER, unmiss))
    framework = FrameworkFactory(mission=unmiss, status=FrameworkStatus.DRAFT)
    priority = PriorityFactory(framework=framework, title="Policing handover", description="National police reform")

    editor = client.get(reverse("frameworks:framework-edit", args=[framework.pk])).content.decode()
    block = editor[editor.index(f'hx-trigger="focusin from:#p{priority.pk}-form once"') - 400 :]
    url = block[block.index('hx-get="') + len('hx-get="') :].split('"')[0].replace("&amp;", "&")
    query = parse_qs(urlsplit(url).query)
    assert query["text"] == ["Policing handover National police reform"] and query["mission"] == ["UNMISS"]
    assert suggested(client, text=query["text"][0], mission="UNMISS") == ["Hand over policing early"]


def test_an_integration_area_in_the_editor_asks_for_lessons_of_its_area(unmiss, signed_in):
    from frameworks.models import IntegrationArea

    client = signed_in(user_with(Role.MISSION_PLANNER, unmiss))
    framework = FrameworkFactory(mission=unmiss, status=FrameworkStatus.DRAFT)
    area = IntegrationArea.objects.create(framework=framework, area="rule_of_law", depth="joint", rationale="Courts")
    editor = client.get(reverse("frameworks:framework-edit", args=[framework.pk])).content.decode()
    assert f'hx-trigger="focusin from:#a{area.pk} once"' in editor
    assert "area=rule_of_law" in editor
