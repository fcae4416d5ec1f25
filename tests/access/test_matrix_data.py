"""The matrix is complete and agrees with the models, the access layer and docs/ACCESS.md."""

from pathlib import Path

from django.apps import apps
from django.conf import settings

from frameworks.choices import FRAMEWORK_VISIBILITY, FrameworkStatus
from missions import access_matrix
from missions.access import ROLE_PERMISSIONS, RestrictedQuerySet
from missions.choices import Role
from missions.models import Mission


def restricted_models():
    return [m for m in apps.get_models() if isinstance(m._default_manager.all(), RestrictedQuerySet)]


def test_docs_access_md_is_generated_from_the_matrix():
    path = Path(settings.BASE_DIR) / "docs" / "ACCESS.md"
    assert path.read_text() == access_matrix.render_markdown(), (
        "docs/ACCESS.md is out of date: run `python manage.py access_matrix --write docs/ACCESS.md`"
    )


def test_framework_statuses_are_the_models():
    assert tuple(FrameworkStatus.values) == access_matrix.FRAMEWORK_STATUSES
    assert set(FRAMEWORK_VISIBILITY["published"]) == set(access_matrix.VIEW_TIERS["published"]["statuses"])


def test_every_restricted_model_has_a_kind_that_matches_how_it_is_restricted():
    models = restricted_models()
    assert len(models) >= 20
    for model in models:
        kinds = access_matrix.kinds_of_model(model._meta.label)
        assert kinds, f"{model._meta.label} is restricted but not in the access matrix: add it to a kind"
        for kind in kinds:
            assert kind.framework_part == bool(getattr(model, "access_status_path", None)), model
            assert (kind.internal is not None) == bool(getattr(model, "access_internal_field", None)), model
    labels = {model._meta.label for model in models}
    for kind in access_matrix.KINDS:
        assert set(kind.models) <= labels, f"{kind.key} names a model that is not restricted"
        assert set(kind.actions) <= set(access_matrix.ACTIONS)


def test_role_permissions_come_from_the_matrix_and_exist_on_missions():
    declared = {codename for codename, _label in Mission._meta.permissions} | {"view_mission"}
    assert set(ROLE_PERMISSIONS) == set(Role.values)
    for role, codenames in ROLE_PERMISSIONS.items():
        assert codenames <= declared, role
    assert access_matrix.role_permissions() == ROLE_PERMISSIONS
    assert ROLE_PERMISSIONS[Role.ADMINISTRATOR] == frozenset()


def test_domain_rules_hold_in_the_matrix():
    kinds = access_matrix.KINDS_BY_KEY
    cell = access_matrix.cell
    # Drafts and internal assessments only for people working on the mission.
    for role in (Role.AGENCY_PLANNER, Role.OBSERVER, Role.ADMINISTRATOR):
        assert not cell(role, kinds["framework"], "view", "draft")
        assert not cell(role, kinds["assessment_internal"], "view")
    # Observers read only what is endorsed or published.
    assert cell(Role.OBSERVER, kinds["framework"], "view", "endorsed")
    assert not cell(Role.OBSERVER, kinds["framework"], "view", "consultation")
    # Agency planners comment on priorities and results, submit for their entity, sign for it.
    assert cell(Role.AGENCY_PLANNER, kinds["priority"], "comment", "consultation")
    assert cell(Role.AGENCY_PLANNER, kinds["result"], "comment", "consultation")
    assert cell(Role.AGENCY_PLANNER, kinds["indicator"], "submit_update") == access_matrix.OWN_ENTITY
    assert cell(Role.AGENCY_PLANNER, kinds["framework"], "sign", "submitted") == access_matrix.FOR_OWN_ENTITY
    assert not cell(Role.AGENCY_PLANNER, kinds["framework"], "change", "consultation")
    # The SRSG office endorses; planners edit.
    assert cell(Role.SRSG_OFFICE, kinds["framework"], "endorse", "submitted")
    assert not cell(Role.HQ_PLANNER, kinds["framework"], "endorse", "submitted")
    assert cell(Role.MISSION_PLANNER, kinds["framework"], "change", "draft")
    assert cell(Role.MISSION_PLANNER, kinds["progress_update"], "approve_update")
