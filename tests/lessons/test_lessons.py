"""Lessons learned: recorded by the mission's planners from a source's page, read by every planner
and observer across missions, browsed with filters; bad input is refused at its field and
nothing is stored."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from frameworks.models import Lesson
from missions.choices import Phase, Role
from tests.factories import MechanismFactory, MeetingFactory, MissionFactory, StrategicAssessmentFactory
from tests.frameworks.test_analysis_services import user_with

pytestmark = pytest.mark.django_db

# Session, user, the user's mission permissions (read once), header navigation, the filter's
# missions, the count and the page of lessons (with mission, recorder and sources joined).
LIST_QUERIES = 7


def record_url(mission, source=""):
    url = reverse("lessons:lesson-record", args=[mission.acronym])
    return f"{url}?source={source}" if source else url


def form_data(**overrides):
    return {
        "title": "Hand over policing early",
        "text": "Start the handover two years ahead.",
        "phase": Phase.DRAWDOWN,
        "area": "rule_of_law",
        "language": "en",
        **overrides,
    }


def test_a_closed_missions_planner_records_a_lesson_from_an_assessment(unmil, planner, assessment, signed_in):
    client = signed_in(planner)
    page = client.get(reverse("frameworks:assessment-detail", args=[assessment.pk]))
    link = record_url(unmil, f"assessment:{assessment.pk}")
    assert link.replace("&", "&amp;") in page.content.decode()  # one step from the source's page

    form = client.get(link)
    assert form.status_code == 200
    body = form.content.decode()
    assert "Hand over policing early." in body  # prefilled from the recommendations
    assert f'value="assessment:{assessment.pk}"' in body
    assert "Transition assessment" in body

    answer = client.post(link, form_data(source=f"assessment:{assessment.pk}"))
    lesson = Lesson.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("lessons:lesson-detail", args=[lesson.pk])
    assert (lesson.mission, lesson.assessment, lesson.recorded_by) == (unmil, assessment, planner)
    assert lesson.area == "rule_of_law" and lesson.phase == Phase.DRAWDOWN
    assert lesson.history.get().history_user == planner


def test_a_lesson_from_a_meeting_keeps_its_mechanism(unmil, planner, record):
    meeting = MeetingFactory(mechanism=MechanismFactory(mission=unmil), decisions="Joint patrols.")
    lesson = record(unmil, planner, meeting=meeting)
    assert lesson.mechanism == meeting.mechanism and lesson.source == meeting


def test_the_mechanism_page_offers_the_record_link_for_it_and_each_meeting(unmil, planner, signed_in):
    mechanism = MechanismFactory(mission=unmil)
    meeting = MeetingFactory(mechanism=mechanism, decisions="Joint patrols on market days.")
    client = signed_in(planner)
    body = client.get(reverse("frameworks:mechanism-detail", args=[mechanism.pk])).content.decode()
    assert f"?source=mechanism:{mechanism.pk}" in body and f"?source=meeting:{meeting.pk}" in body
    form = client.get(record_url(unmil, f"meeting:{meeting.pk}"))
    assert "Joint patrols on market days." in form.content.decode()  # prefilled from the decisions
    observer = signed_in(user_with(Role.OBSERVER, unmil))
    body = observer.get(reverse("frameworks:mechanism-detail", args=[mechanism.pk])).content.decode()
    assert "?source=" not in body


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("title", "", "required"),
        ("title", "x" * 201, "at most 200"),
        ("text", "y" * 4001, "at most 4000"),
        ("phase", "nowhere", "valid choice"),
        ("area", "astrology", "valid choice"),
        ("source", "assessment:999999", "does not exist"),
        ("source", "vote:1", "does not exist"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(unmil, planner, signed_in, field, value, words):
    answer = signed_in(planner).post(record_url(unmil), form_data(**{field: value}))
    assert answer.status_code == 422
    errors = answer.context["form"].errors
    assert list(errors) == [field] and words in " ".join(errors[field])
    assert not Lesson.objects.exists()


def test_a_source_of_another_mission_or_unseen_is_refused(unmil, unmiss, planner, record):
    other = StrategicAssessmentFactory(mission=unmiss)
    with pytest.raises(ValidationError) as error:
        record(unmil, planner, assessment=other)
    assert "assessment" in error.value.error_dict
    with pytest.raises(ValidationError):  # two sources
        record(
            unmil,
            planner,
            assessment=StrategicAssessmentFactory(mission=unmil),
            mechanism=MechanismFactory(mission=unmil),
        )
    assert not Lesson.objects.exists()


@pytest.mark.parametrize("role", [Role.AGENCY_PLANNER, Role.OBSERVER, Role.SRSG_OFFICE])
def test_only_planners_record(unmil, role, signed_in, record):
    user = user_with(role, unmil)
    assert signed_in(user).get(record_url(unmil)).status_code == 403
    assert signed_in(user).post(record_url(unmil), form_data()).status_code == 403
    with pytest.raises(PermissionDenied):
        record(unmil, user)
    assert not Lesson.objects.exists()


def test_hq_planners_record_and_other_missions_planners_do_not(unmil, unmiss, signed_in):
    hq = user_with(Role.HQ_PLANNER, unmil, entity=unmil.lead_department)
    assert signed_in(hq).post(record_url(unmil), form_data()).status_code == 302
    elsewhere = user_with(Role.MISSION_PLANNER, unmiss)
    assert signed_in(elsewhere).get(record_url(unmil)).status_code == 404
    assert Lesson.objects.count() == 1


def test_every_planner_and_observer_reads_lessons_across_missions(unmil, unmiss, record, signed_in):
    lesson = record(unmil, title="Elections need early logistics")
    for role in (Role.AGENCY_PLANNER, Role.OBSERVER, Role.MISSION_PLANNER, Role.HQ_PLANNER):
        user = user_with(role, unmiss)
        assert list(Lesson.objects.restrict(user, "view")) == [lesson], role
        client = signed_in(user)
        assert "Elections need early logistics" in client.get(reverse("lessons:lesson-list")).content.decode()
        assert client.get(reverse("lessons:lesson-detail", args=[lesson.pk])).status_code == 200
        assert not Lesson.objects.restrict(user, "add").exists()
    administrator = user_with(Role.ADMINISTRATOR, unmiss)
    assert not Lesson.objects.restrict(administrator, "view").exists()
    assert signed_in(administrator).get(reverse("lessons:lesson-detail", args=[lesson.pk])).status_code == 404


def test_an_internal_source_is_named_only_to_who_sees_it(unmil, unmiss, planner, assessment, record, signed_in):
    lesson = record(unmil, planner, assessment=assessment)
    url = reverse("lessons:lesson-detail", args=[lesson.pk])
    assert "Transition assessment" in signed_in(planner).get(url).content.decode()
    outsider = signed_in(user_with(Role.AGENCY_PLANNER, unmiss)).get(url).content.decode()
    assert "Strategic assessment" in outsider and "Transition assessment" not in outsider


def test_browse_filters(unmil, unmiss, binub, record, signed_in):
    record(unmil, title="Rule of law in drawdown", area="rule_of_law", phase=Phase.DRAWDOWN)
    record(unmiss, title="Protection sites", area="protection", phase=Phase.CONSOLIDATION)
    record(binub, title="Peacebuilding elections", area="elections", phase=Phase.DRAWDOWN)
    client = signed_in(user_with(Role.OBSERVER, unmiss))
    url = reverse("lessons:lesson-list")

    def titles(**query):
        return {lesson.title for lesson in client.get(url, query).context["lessons"]}

    assert titles() == {"Rule of law in drawdown", "Protection sites", "Peacebuilding elections"}
    assert titles(area="protection") == {"Protection sites"}
    assert titles(phase=Phase.DRAWDOWN) == {"Rule of law in drawdown", "Peacebuilding elections"}
    assert titles(type="ipbo") == {"Peacebuilding elections"}
    assert titles(mission="UNMIL") == {"Rule of law in drawdown"}
    assert titles(mission="UNMIL", area="protection") == set()


def test_the_list_has_a_fixed_query_count(unmil, unmiss, record, signed_in, django_assert_num_queries):
    client = signed_in(user_with(Role.OBSERVER, unmiss))
    record(unmil, assessment=StrategicAssessmentFactory(mission=unmil))
    client.get(reverse("lessons:lesson-list"))
    with django_assert_num_queries(LIST_QUERIES):
        client.get(reverse("lessons:lesson-list"))
    for n in range(15):
        mission = MissionFactory()
        record(mission, title=f"Lesson {n}", mechanism=MechanismFactory(mission=mission))
    with django_assert_num_queries(LIST_QUERIES):
        assert len(client.get(reverse("lessons:lesson-list")).context["lessons"]) == 16
