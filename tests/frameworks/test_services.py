"""Framework services: editing a draft, the workflow from draft to endorsed, signatures, new versions,
optimistic concurrency and comments with their notifications."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from frameworks import services
from frameworks.choices import CommentStatus, FrameworkStatus, ResponsibilityRole, SignatureDecision
from frameworks.models import IntegratedStrategicFramework, Priority, Responsibility, Result
from missions.choices import EntityKind
from missions.models import Notification
from missions.notices import reason_label
from missions.stale import StaleEditError
from tests.factories import EntityFactory, FundingLineFactory, IntegrationAreaFactory
from tests.frameworks.isf_world import make_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


@pytest.fixture
def world():
    return make_world()


def field_errors(excinfo) -> set[str]:
    return set(excinfo.value.error_dict)


# ---------- creating and editing ----------


def test_planner_creates_a_blank_framework_as_version_one(world):
    framework = services.framework_create(
        mission=world.mission,
        actor=world.planner,
        label="Joint Vision",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2027, 12, 31),
    )
    assert (framework.version, framework.status, framework.created_by) == (1, FrameworkStatus.DRAFT, world.planner)
    assert reason_label(framework.history.first().history_change_reason) == "Created"


def test_agency_planner_may_not_create_a_framework(world):
    with pytest.raises(PermissionDenied):
        services.framework_create(
            mission=world.mission,
            actor=world.undp_planner,
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2027, 12, 31),
        )


def test_bad_period_is_refused_on_its_field(world):
    with pytest.raises(ValidationError) as excinfo:
        services.framework_create(
            mission=world.mission, actor=world.planner, period_start=dt.date(2025, 1, 1), period_end=dt.date(2024, 1, 1)
        )
    assert "period_end" in field_errors(excinfo)
    assert not IntegratedStrategicFramework.objects.exists()


def test_second_version_in_progress_is_refused(world):
    world.framework()
    with pytest.raises(ValidationError, match="still"):
        services.framework_create(
            mission=world.mission, actor=world.planner, period_start=dt.date(2025, 1, 1), period_end=dt.date(2026, 1, 1)
        )


def test_priorities_and_results_added_moved_and_removed_keep_their_order(world):
    framework = world.framework(priorities=0)
    first = services.priority_add(framework=framework, actor=world.planner, title="Rule of law")
    second = services.priority_add(framework=framework, actor=world.planner, title="Youth employment")
    third = services.priority_add(framework=framework, actor=world.planner, title="Health")
    assert [p.order for p in (first, second, third)] == [1, 2, 3]
    services.priority_move(priority=third, actor=world.planner, direction="up")
    assert list(framework.priorities.values_list("title", flat=True)) == ["Rule of law", "Health", "Youth employment"]
    services.priority_move(priority=first, actor=world.planner, direction="up")  # already first: nothing moves
    services.priority_delete(priority=first, actor=world.planner)
    assert list(framework.priorities.values_list("title", "order")) == [("Health", 1), ("Youth employment", 2)]

    a = services.result_add(priority=second, actor=world.planner, statement="A", timeline_start=dt.date(2024, 2, 1))
    b = services.result_add(priority=second, actor=world.planner, statement="B")
    services.result_move(result=b, actor=world.planner, direction="up")
    assert list(second.results.values_list("statement", flat=True)) == ["B", "A"]
    services.result_delete(result=b, actor=world.planner)
    assert list(second.results.values_list("statement", "order")) == [("A", 1)]
    assert a.history.first().history_user == world.planner


def test_result_timeline_outside_the_period_is_refused_on_its_field(world):
    framework = world.framework()
    with pytest.raises(ValidationError) as excinfo:
        services.result_add(
            priority=framework.priorities.first(), actor=world.planner, statement="X", timeline_end=dt.date(2030, 1, 1)
        )
    assert "timeline_end" in field_errors(excinfo)


def test_responsibility_matrix_sets_changes_and_clears(world):
    framework = world.framework(leads=())
    result = Result.objects.get(priority__framework=framework)
    services.responsibility_set(result=result, entity=world.undp, role=ResponsibilityRole.LEAD, actor=world.planner)
    services.responsibility_set(result=result, entity=world.undp, role="contributing", actor=world.planner)
    assert Responsibility.objects.get(result=result).role == "contributing"
    services.responsibility_set(result=result, entity=world.undp, role="", actor=world.planner)
    assert not Responsibility.objects.filter(result=result).exists()


def test_responsibility_for_an_entity_outside_the_country_team_is_refused(world):
    from tests.factories import EntityFactory

    result = Result.objects.get(priority__framework=world.framework())
    with pytest.raises(ValidationError) as excinfo:
        services.responsibility_set(result=result, entity=EntityFactory(code="XX"), role="lead", actor=world.planner)
    assert "entity" in field_errors(excinfo)


def test_task_links_only_to_the_missions_own_tasks(world):
    from tests.factories import MandateTaskFactory

    result = Result.objects.get(priority__framework=world.framework())
    services.result_link_tasks(result=result, task_ids=[t.pk for t in world.tasks[1:]], actor=world.planner)
    assert set(result.mandate_tasks.all()) == set(world.tasks[1:])
    with pytest.raises(ValidationError) as excinfo:
        services.result_link_tasks(result=result, task_ids=[MandateTaskFactory().pk], actor=world.planner)
    assert "mandate_tasks" in field_errors(excinfo)


def test_integration_area_and_funding_lines_are_set_and_removed(world):
    framework = world.framework()
    priority = framework.priorities.first()
    area = services.integration_area_set(
        framework=framework, actor=world.planner, area="ddr", depth="coordinated", rationale="Mission leads."
    )
    services.integration_area_set(framework=framework, actor=world.planner, area="ddr", depth="integrated")
    area.refresh_from_db()
    assert area.depth == "integrated"
    services.integration_area_set(framework=framework, actor=world.planner, area="ddr", depth="")
    assert not framework.integration_areas.exists()
    line = services.funding_line_set(
        priority=priority, actor=world.planner, source="pbf", amount=Decimal("35000000"), gap=Decimal("5000000")
    )
    assert line.gap == Decimal("5000000")
    with pytest.raises(ValidationError) as excinfo:
        services.funding_line_set(priority=priority, actor=world.planner, source="pbf", amount=Decimal("-1"), gap=None)
    assert "amount" in field_errors(excinfo)
    services.funding_line_set(priority=priority, actor=world.planner, source="pbf", amount=None, gap=None)
    assert not priority.funding_lines.exists()


# ---------- optimistic concurrency ----------


def test_stale_save_is_refused_showing_their_change_and_keeping_nothing_of_mine(world):
    framework = world.framework()
    priority = framework.priorities.first()
    based_on = priority.updated_at
    services.priority_update(priority=priority, actor=world.planner, based_on=based_on, title="Theirs")
    with pytest.raises(StaleEditError) as excinfo:
        services.priority_update(priority=priority, actor=world.hq, based_on=based_on, title="Mine")
    assert excinfo.value.changed == {"title": ("Theirs", "Mine")}
    priority.refresh_from_db()
    assert priority.title == "Theirs"
    # Based on the current version, the same save goes through.
    services.priority_update(priority=priority, actor=world.hq, based_on=priority.updated_at, title="Mine")
    priority.refresh_from_db()
    assert priority.title == "Mine"


def test_stale_framework_and_result_saves_are_refused(world):
    framework = world.framework()
    result = Result.objects.get(priority__framework=framework)
    old = result.updated_at
    services.result_update(result=result, actor=world.planner, based_on=old, statement="New statement")
    with pytest.raises(StaleEditError):
        services.result_update(result=result, actor=world.planner, based_on=old, statement="Other statement")
    old = IntegratedStrategicFramework.objects.get(pk=framework.pk).updated_at
    kwargs = {"label": "L", "period_start": framework.period_start, "period_end": framework.period_end}
    services.framework_update(framework=framework, actor=world.planner, based_on=old, vision="One", **kwargs)
    with pytest.raises(StaleEditError) as excinfo:
        services.framework_update(framework=framework, actor=world.planner, based_on=old, vision="Two", **kwargs)
    assert excinfo.value.changed == {"vision": ("One", "Two")}


def test_stale_integration_area_and_funding_saves_are_refused(world):
    framework = world.framework()
    priority = framework.priorities.first()
    area = services.integration_area_set(framework=framework, actor=world.planner, area="ddr", depth="coordinated")
    based_on = area.updated_at
    services.integration_area_set(
        framework=framework, actor=world.planner, area="ddr", depth="integrated", area_id=area.pk, based_on=based_on
    )
    with pytest.raises(StaleEditError) as excinfo:
        services.integration_area_set(
            framework=framework, actor=world.hq, area="ddr", depth="separate", area_id=area.pk, based_on=based_on
        )
    assert excinfo.value.changed == {"depth": ("integrated", "separate")}

    # Funding: based on "no line yet", but someone has recorded one since.
    services.priority_funding_set(
        priority=priority, actor=world.planner, lines={"pbf": (Decimal(10), None)}, based_on=None
    )
    with pytest.raises(StaleEditError) as excinfo:
        services.priority_funding_set(
            priority=priority, actor=world.hq, lines={"pbf": (Decimal(20), None)}, based_on=None
        )
    assert excinfo.value.changed == {"pbf_amount": (Decimal(10), Decimal(20))}
    line = priority.funding_lines.get()
    assert line.amount == 10
    services.priority_funding_set(
        priority=priority, actor=world.hq, lines={"pbf": (Decimal(20), Decimal(1))}, based_on=line.updated_at
    )
    assert priority.funding_lines.get().gap == 1


# ---------- workflow ----------


def test_workflow_refuses_steps_out_of_order(world):
    framework = world.framework()
    with pytest.raises(ValidationError) as excinfo:
        services.framework_submit(framework=framework, actor=world.planner)
    assert "status" in field_errors(excinfo)
    with pytest.raises(ValidationError):
        services.framework_return_to_draft(framework=framework, actor=world.planner, reason="x")
    with pytest.raises(ValidationError):
        services.framework_sign(
            framework=framework, actor=world.srsg, entity=world.mission.entity, decision=SignatureDecision.SIGNED
        )


def test_consultation_needs_a_priority_and_a_planner(world):
    empty = world.framework(priorities=0)
    with pytest.raises(ValidationError, match="priority"):
        services.framework_to_consultation(framework=empty, actor=world.planner)
    with pytest.raises(PermissionDenied):
        services.framework_to_consultation(framework=empty, actor=world.srsg)


def test_submission_needs_a_lead_for_every_result(world):
    framework = world.framework(status=FrameworkStatus.CONSULTATION, leads=())
    with pytest.raises(ValidationError, match="no lead entity"):
        services.framework_submit(framework=framework, actor=world.planner)


def test_return_to_draft_needs_a_reason_and_records_it(world):
    framework = world.framework(status=FrameworkStatus.CONSULTATION)
    with pytest.raises(ValidationError) as excinfo:
        services.framework_return_to_draft(framework=framework, actor=world.planner, reason=" ")
    assert "reason" in field_errors(excinfo)
    services.framework_return_to_draft(framework=framework, actor=world.planner, reason="Mandate renewed")
    framework.refresh_from_db()
    assert framework.status == FrameworkStatus.DRAFT
    assert "Mandate renewed" in reason_label(framework.history.first().history_change_reason)


def submitted(world, **kwargs):
    framework = world.framework(**kwargs)
    services.framework_to_consultation(framework=framework, actor=world.planner)
    services.framework_submit(framework=framework, actor=world.planner)
    framework.refresh_from_db()
    return framework


def test_endorsement_completes_when_srsg_office_and_every_lead_have_signed(world, django_capture_on_commit_callbacks):
    previous = world.framework(status=FrameworkStatus.ENDORSED, endorsed_on=dt.date(2023, 1, 1))
    framework = submitted(world, leads=("undp", "unicef"))
    assert framework.status == FrameworkStatus.SUBMITTED
    services.framework_sign(framework=framework, actor=world.srsg, entity=world.mission.entity, decision="signed")
    services.framework_sign(framework=framework, actor=world.undp_planner, entity=world.undp, decision="signed")
    framework.refresh_from_db()
    assert framework.status == FrameworkStatus.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        services.framework_sign(framework=framework, actor=world.unicef_planner, entity=world.unicef, decision="signed")
    framework.refresh_from_db()
    previous.refresh_from_db()
    assert framework.status == FrameworkStatus.ENDORSED
    assert framework.endorsed_on is not None
    assert previous.status == FrameworkStatus.SUPERSEDED
    assert Notification.objects.filter(user=world.undp_planner, kind="framework.endorsed").exists()


def test_signing_rules(world):
    framework = submitted(world, leads=("undp",))
    # An agency that leads nothing does not sign.
    with pytest.raises(ValidationError) as excinfo:
        services.framework_sign(framework=framework, actor=world.unicef_planner, entity=world.unicef, decision="signed")
    assert "entity" in field_errors(excinfo)
    # Nobody signs for an entity they do not work for.
    with pytest.raises(ValidationError):
        services.framework_sign(framework=framework, actor=world.unicef_planner, entity=world.undp, decision="signed")
    # Only the SRSG office signs for the mission.
    with pytest.raises(PermissionDenied):
        services.framework_sign(
            framework=framework, actor=world.undp_planner, entity=world.mission.entity, decision="signed"
        )
    services.framework_sign(framework=framework, actor=world.undp_planner, entity=world.undp, decision="signed")
    with pytest.raises(ValidationError, match="already decided"):
        services.framework_sign(framework=framework, actor=world.undp_planner, entity=world.undp, decision="signed")


def test_objection_needs_a_reason_and_sends_the_framework_back_to_draft(world):
    framework = submitted(world)
    with pytest.raises(ValidationError) as excinfo:
        services.framework_sign(framework=framework, actor=world.undp_planner, entity=world.undp, decision="objected")
    assert "reason" in field_errors(excinfo)
    services.framework_sign(
        framework=framework, actor=world.undp_planner, entity=world.undp, decision="objected", reason="Targets too low"
    )
    framework.refresh_from_db()
    assert framework.status == FrameworkStatus.DRAFT
    assert "Targets too low" in reason_label(framework.history.first().history_change_reason)
    # Submitting again starts the signatures afresh.
    services.framework_to_consultation(framework=framework, actor=world.planner)
    services.framework_submit(framework=framework, actor=world.planner)
    assert not framework.signatures.exists()


def test_endorsed_version_never_changes(world):
    framework = world.framework(status=FrameworkStatus.ENDORSED, endorsed_on=dt.date(2024, 6, 1))
    priority = framework.priorities.first()
    result = priority.results.first()
    attempts = [
        lambda: services.framework_update(
            framework=framework,
            actor=world.planner,
            label="X",
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2026, 1, 1),
            vision="",
        ),
        lambda: services.priority_add(framework=framework, actor=world.planner, title="New"),
        lambda: services.priority_update(priority=priority, actor=world.planner, title="New"),
        lambda: services.priority_move(priority=priority, actor=world.planner, direction="down"),
        lambda: services.priority_delete(priority=priority, actor=world.planner),
        lambda: services.result_add(priority=priority, actor=world.planner, statement="New"),
        lambda: services.result_update(result=result, actor=world.planner, statement="New"),
        lambda: services.result_move(result=result, actor=world.planner, direction="up"),
        lambda: services.result_delete(result=result, actor=world.planner),
        lambda: services.responsibility_set(result=result, entity=world.unicef, role="lead", actor=world.planner),
        lambda: services.result_link_tasks(result=result, task_ids=[], actor=world.planner),
        lambda: services.integration_area_set(framework=framework, actor=world.planner, area="ddr", depth="separate"),
        lambda: services.funding_line_set(
            priority=priority, actor=world.planner, source="pbf", amount=Decimal(1), gap=None
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="never changes"):
            attempt()
    priority.refresh_from_db()
    assert priority.title == "Priority 1"
    assert Result.objects.filter(pk=result.pk).exists()


def test_new_version_is_a_deep_copy_of_the_endorsed_one(world):
    source = world.framework(status=FrameworkStatus.ENDORSED, endorsed_on=dt.date(2024, 6, 1), priorities=2, results=2)
    IntegrationAreaFactory(framework=source, area="ddr", depth="integrated", rationale="One structure")
    FundingLineFactory(priority=source.priorities.first(), source="pbf")
    source.alignments.create(kind="undaf", title="UNDAF 2024-2026")
    copy = services.framework_create(mission=world.mission, actor=world.planner, from_current=True)
    assert (copy.version, copy.parent, copy.status) == (source.version + 1, source, FrameworkStatus.DRAFT)

    def shape(framework):
        return [
            (
                p.order,
                p.title,
                sorted((f.source, f.amount, f.gap) for f in p.funding_lines.all()),
                [
                    (
                        r.order,
                        r.statement,
                        r.timeline_start,
                        sorted(r.mandate_tasks.values_list("pk", flat=True)),
                        sorted(r.responsibilities.values_list("entity_id", "role")),
                    )
                    for r in p.results.order_by("order")
                ],
            )
            for p in framework.priorities.order_by("order")
        ]

    assert shape(copy) == shape(source)
    assert list(copy.integration_areas.values_list("area", "depth", "rationale")) == [
        ("ddr", "integrated", "One structure")
    ]
    assert copy.alignments.get().title == "UNDAF 2024-2026"
    # The copy is separate: editing it leaves the endorsed version as it was.
    services.priority_update(priority=copy.priorities.first(), actor=world.planner, title="Changed")
    assert source.priorities.first().title == "Priority 1"
    assert Priority.objects.filter(framework=source).count() == 2


def test_no_copy_without_an_endorsed_version(world):
    with pytest.raises(ValidationError, match="no endorsed"):
        services.framework_create(mission=world.mission, actor=world.planner, from_current=True)


# ---------- comments ----------


def test_comment_records_version_quoted_text_and_mentions(world, django_capture_on_commit_callbacks):
    framework = world.framework(status=FrameworkStatus.CONSULTATION)
    priority = framework.priorities.first()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        comment = services.comment_add(
            framework=framework,
            actor=world.undp_planner,
            priority=priority,
            body=f"@{world.unicef.code} and @{world.planner.username}: add youth. @nobody",
        )
    assert callbacks  # notifications waited for the commit
    assert (comment.framework_version, comment.quoted_text, comment.author_entity) == (
        framework.version,
        "Priority 1",
        world.undp,
    )
    assert list(comment.mentioned_entities.all()) == [world.unicef]
    assert list(comment.mentioned_users.all()) == [world.planner]
    # The mentioned person and the planners of the mentioned entity hear of it, in the app and by mail.
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert notified == {world.planner.username, world.unicef_planner.username}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.planner.email, world.unicef_planner.email])
    author = world.undp_planner.get_full_name() or world.undp_planner.username
    texts = {notice.text for notice in Notification.objects.all()}
    assert texts == {f"{author} ({world.undp}) mentioned you in a comment on “Priority 1”: {comment.body}"}


def test_a_long_comment_is_noticed_in_whole_words(world, django_capture_on_commit_callbacks):
    framework = world.framework(status=FrameworkStatus.CONSULTATION)
    priority = framework.priorities.first()
    priority.title = "Consolidating peace and democratic governance through inclusive national dialogue " * 3
    priority.save()
    body = f"@{world.planner.username} " + "Strengthening accountability mechanisms nationwide " * 20
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_add(framework=framework, actor=world.undp_planner, priority=priority, body=body)
    notice = Notification.objects.get(user=world.planner)
    assert len(notice.text) <= 300 and "mentioned you in a comment on" in notice.text
    assert notice.text.endswith("…")
    words = set(("Consolidating peace and democratic governance through inclusive national dialogue " + body).split())
    cut = notice.text.split("“", 1)[1].replace("”:", " ").replace("…", " ").split()
    assert all(word in words for word in cut), cut  # no word cut in the middle


def test_notifications_are_sent_only_after_commit(world, django_capture_on_commit_callbacks):
    framework = world.framework(status=FrameworkStatus.CONSULTATION)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.comment_add(
            framework=framework, actor=world.undp_planner, priority=framework.priorities.first(), body="@planner hi"
        )
    assert Notification.objects.count() == 0 and mail.outbox == []
    for callback in callbacks:
        callback()
    assert Notification.objects.count() == 1
    for callback in callbacks:  # a task run twice notifies once
        callback()
    assert Notification.objects.count() == 1


def test_reply_notifies_the_thread_and_reopens_a_resolved_thread(world, django_capture_on_commit_callbacks):
    framework = world.framework(status=FrameworkStatus.CONSULTATION)
    thread = services.comment_add(
        framework=framework,
        actor=world.undp_planner,
        result=Result.objects.get(priority__framework=framework),
        body="Why?",
    )
    services.comment_set_status(comment=thread, actor=world.planner, status=CommentStatus.RESOLVED)
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.comment_add(framework=framework, actor=world.planner, parent=thread, body="Because.")
    thread.refresh_from_db()
    assert reply.result_id == thread.result_id and reply.parent == thread
    assert thread.status == CommentStatus.OPEN
    assert Notification.objects.get().user == world.undp_planner
    assert "replied" in mail.outbox[0].subject


def test_comment_access(world):
    draft = world.framework()
    with pytest.raises(PermissionDenied):
        services.comment_add(framework=draft, actor=world.srsg, priority=draft.priorities.first(), body="x")
    with pytest.raises(PermissionDenied):
        services.comment_add(framework=draft, actor=world.outsider, priority=draft.priorities.first(), body="x")
    with pytest.raises(ValidationError) as excinfo:
        services.comment_add(framework=draft, actor=world.planner, priority=draft.priorities.first(), body="  ")
    assert "body" in field_errors(excinfo)


def test_a_change_inside_the_framework_does_not_make_its_own_fields_stale(world):
    """Saving a result's leads touches the framework; the vision form made before that still saves
    (nothing it writes changed), while a change of the vision itself still refuses it."""
    framework = world.framework()
    loaded = framework.updated_at
    result = framework.priorities.first().results.first()
    services.result_roles_set(result=result, actor=world.planner, leads=[world.unicef.pk], contributors=[])
    framework.refresh_from_db()
    assert framework.updated_at != loaded
    fields = {"label": framework.label, "period_start": framework.period_start, "period_end": framework.period_end}
    services.framework_update(framework=framework, actor=world.planner, based_on=loaded, vision="Mine", **fields)
    framework.refresh_from_db()
    assert framework.vision == "Mine"
    other = framework.updated_at
    services.framework_update(framework=framework, actor=world.hq, based_on=other, vision="Theirs", **fields)
    with pytest.raises(StaleEditError):
        services.framework_update(
            framework=framework, actor=world.planner, based_on=other, vision="Mine again", **fields
        )


# ---------- host-government counterparts ----------


def test_a_host_government_body_of_the_mission_country_leads_a_result(world):
    police = EntityFactory(code="SS-POL", kind=EntityKind.HOST_GOVERNMENT, country=world.mission.country)
    result = world.framework().priorities.first().results.first()
    services.result_roles_set(result=result, actor=world.planner, leads=[police.pk], contributors=[world.undp.pk])
    roles = dict(Responsibility.objects.filter(result=result).values_list("entity__code", "role"))
    assert roles == {"SS-POL": ResponsibilityRole.LEAD, world.undp.code: ResponsibilityRole.CONTRIBUTING}


def test_a_host_government_body_of_another_country_is_refused_by_name(world):
    other_country = "ZZ" if world.mission.country != "ZZ" else "YY"
    foreign = EntityFactory(code="ZZ-POL", kind=EntityKind.HOST_GOVERNMENT, country=other_country)
    result = world.framework().priorities.first().results.first()
    before = list(Responsibility.objects.filter(result=result).values_list("entity_id", "role"))
    with pytest.raises(ValidationError) as excinfo:
        services.result_roles_set(result=result, actor=world.planner, leads=[], contributors=[foreign.pk])
    assert field_errors(excinfo) == {"contributors"}
    assert "ZZ-POL" in str(excinfo.value) and world.mission.country in str(excinfo.value)
    assert list(Responsibility.objects.filter(result=result).values_list("entity_id", "role")) == before


# ---------- national frameworks ----------


def test_a_national_framework_is_recorded_with_the_priorities_aligned_with_it(world):
    framework = world.framework(priorities=2)
    first, second = framework.priorities.order_by("order")
    alignment = services.national_alignment_set(
        framework=framework,
        actor=world.planner,
        kind="new_deal",
        title="New Deal compact",
        period="2013–2015",
        priorities=[first],
    )
    assert list(alignment.priorities.all()) == [first]
    other = world.framework(priorities=1).priorities.get()
    with pytest.raises(ValidationError) as excinfo:
        services.national_alignment_set(
            framework=framework, actor=world.planner, kind="ndp", title="Plan", priorities=[other]
        )
    assert field_errors(excinfo) == {"priorities"}
    assert framework.alignments.count() == 1
    with pytest.raises(PermissionDenied):
        services.national_alignment_set(framework=framework, actor=world.undp_planner, kind="ndp", title="Plan")
    services.national_alignment_set(
        framework=framework, actor=world.planner, kind="new_deal", title="", alignment_id=alignment.pk
    )
    assert not framework.alignments.exists()


def test_a_new_version_keeps_the_alignments_with_the_copied_priorities(world):
    endorsed = world.framework(status=FrameworkStatus.ENDORSED, priorities=2, endorsed_on=dt.date(2025, 2, 1))
    first = endorsed.priorities.order_by("order").first()
    alignment = endorsed.alignments.create(kind="ndp", title="National plan")
    alignment.priorities.set([first])
    draft = services.framework_create(mission=world.mission, actor=world.planner, from_current=True)
    copy = draft.alignments.get()
    assert [p.copied_from_id for p in copy.priorities.all()] == [first.pk]
    assert copy.priorities.get().framework_id == draft.pk
