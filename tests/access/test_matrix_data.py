"""The matrix is complete and agrees with the models, the access layer and docs/ACCESS.md."""

from pathlib import Path

from django.apps import apps
from django.conf import settings

from benchmarks.choices import REPORT_VISIBILITY, UPDATE_VISIBILITY, ImportState, ReportState, UpdateState
from benchmarks.models import ExcelImport, ProgressReport, ProgressUpdate
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
    tiers = access_matrix.VIEW_TIERS
    assert set(FRAMEWORK_VISIBILITY["published"]) == set(tiers["published"]["states"][access_matrix.FRAMEWORK_STATUS])
    assert not set(FRAMEWORK_VISIBILITY["unshared"]) & set(tiers["shared"]["states"][access_matrix.FRAMEWORK_STATUS])


def test_update_and_report_states_and_their_visibility_are_the_models():
    assert tuple(UpdateState.values) == access_matrix.UPDATE_STATES
    assert tuple(ReportState.values) == access_matrix.REPORT_STATES
    tiers = access_matrix.VIEW_TIERS
    for dimension, model, table in (
        (access_matrix.UPDATE_STATE, ProgressUpdate, UPDATE_VISIBILITY),
        (access_matrix.REPORT_STATE, ProgressReport, REPORT_VISIBILITY),
    ):
        assert model.access_status_path == "state"
        assert model.access_status_visibility is table
        assert set(table["all"]) == set(tiers["drafts"]["states"][dimension])
        assert set(table["shared"]) == set(tiers["shared"]["states"][dimension])
        assert set(table["published"]) == set(tiers["published"]["states"][dimension])
        own = set(tiers["shared"]["own_entity_states"].get(dimension, ())) | set(table["shared"])
        assert set(table.get("own_entity", table["shared"])) == own


def test_upload_states_are_the_models_and_uploads_are_seen_like_unapproved_updates():
    """An Excel upload's row errors hold values not yet approved: only the uploader's entity and
    the people who see drafts see it; observers never."""
    assert tuple(ImportState.values) == access_matrix.IMPORT_STATES
    assert ExcelImport.access_status_path == "state" and ExcelImport.access_entity_path == "entity"
    kind, cell = access_matrix.KINDS_BY_KEY["excel_import"], access_matrix.cell
    for state in access_matrix.IMPORT_STATES:
        assert cell(Role.OBSERVER, kind, "view", state) is False
        assert cell(Role.AGENCY_PLANNER, kind, "view", state) == access_matrix.OWN_ENTITY
        assert cell(Role.AGENCY_PLANNER, kind, "submit_update", state) == access_matrix.OWN_ENTITY
        for role in (Role.HQ_PLANNER, Role.MISSION_PLANNER, Role.SRSG_OFFICE):
            assert cell(role, kind, "view", state) is True


def test_every_restricted_model_has_a_kind_that_matches_how_it_is_restricted():
    models = restricted_models()
    assert len(models) >= 20
    for model in models:
        kinds = access_matrix.kinds_of_model(model._meta.label)
        assert kinds, f"{model._meta.label} is restricted but not in the access matrix: add it to a kind"
        for kind in kinds:
            assert bool(kind.status_dimension) == bool(getattr(model, "access_status_path", None)), model
            if kind.framework_part:
                assert model.access_status_path.endswith("status"), model
            if any(tier["own_entity_states"].get(kind.status_dimension) for tier in access_matrix.VIEW_TIERS.values()):
                assert getattr(model, "access_entity_path", None), f"{model} is seen per own entity: needs its entity"
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
    assert cell(Role.MISSION_PLANNER, kinds["progress_update"], "approve_update", "submitted")
    # Observers see approved updates and done reports only; agency planners approved updates, any
    # update of their own entity's indicators, done reports; planners and the SRSG office everything.
    update, report = kinds["progress_update"], kinds["report"]
    for state in access_matrix.UPDATE_STATES:
        approved = state == "approved"
        assert cell(Role.OBSERVER, update, "view", state) is approved
        assert cell(Role.AGENCY_PLANNER, update, "view", state) == (True if approved else access_matrix.OWN_ENTITY)
        for role in (Role.HQ_PLANNER, Role.MISSION_PLANNER, Role.SRSG_OFFICE):
            assert cell(role, update, "view", state) is True
    for state in access_matrix.REPORT_STATES:
        assert cell(Role.OBSERVER, report, "view", state) is (state == "done")
        assert cell(Role.AGENCY_PLANNER, report, "view", state) is (state == "done")
        for role in (Role.HQ_PLANNER, Role.MISSION_PLANNER, Role.SRSG_OFFICE):
            assert cell(role, report, "view", state) is True
