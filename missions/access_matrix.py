"""The access matrix: role x object kind x action x status -> allowed, as data. The status is the
framework's for framework parts, the object's own state for progress updates and progress reports.

This is the one place the rules are written. `missions.access` derives from it the mission
permissions each role grants (`ROLE_PERMISSIONS`), which actions apply to which models, and what
each role sees of frameworks, assessments, progress updates and reports; `docs/ACCESS.md` is generated from it
(`manage.py access_matrix --write docs/ACCESS.md`); tests/access/ checks every cell against
`restrict`/`can` and every API endpoint and page.

The rules are written compactly (what a role grants, what a role sees, which actions an object kind
has) and `matrix()` expands them into cells. Defaults follow DOMAIN.md "Roles"; change them here.

Workflow rules that depend on the state of one object (a framework is edited only in draft or
consultation, signed only when submitted, an update approved only when submitted) are the services'
business, not the matrix's: the matrix says who may, the services say when.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from missions.choices import Role

# Framework statuses (frameworks.choices.FrameworkStatus values; missions imports nothing upward,
# a test keeps the two equal).
DRAFT, CONSULTATION, SUBMITTED, ENDORSED, SUPERSEDED, CLOSED = (
    "draft",
    "consultation",
    "submitted",
    "endorsed",
    "superseded",
    "closed",
)
FRAMEWORK_STATUSES = (DRAFT, CONSULTATION, SUBMITTED, ENDORSED, SUPERSEDED, CLOSED)
# Progress update states (benchmarks.choices.UpdateState) and progress report states
# (benchmarks.choices.ReportState), kept equal to the models' by a test like the framework's.
UPDATE_STATES = ("draft", "submitted", "returned", "approved")
UPDATE_APPROVED = "approved"
REPORT_STATES = ("queued", "running", "done", "failed")
REPORT_DONE = "done"
# Excel upload states (benchmarks.choices.ImportState): an upload's row errors hold the values of
# updates not yet approved, so it is seen like them: by the uploader's entity, and by the tier
# that sees drafts.
IMPORT_STATES = ("queued", "running", "done", "failed")
NO_STATUS = "-"

# The status dimensions a kind's visibility can follow, and their values.
FRAMEWORK_STATUS, UPDATE_STATE, REPORT_STATE = "framework status", "update state", "report state"
IMPORT_STATE = "upload state"
STATUS_DIMENSIONS: dict[str, tuple[str, ...]] = {
    FRAMEWORK_STATUS: FRAMEWORK_STATUSES,
    UPDATE_STATE: UPDATE_STATES,
    REPORT_STATE: REPORT_STATES,
    IMPORT_STATE: IMPORT_STATES,
}

ACTIONS = (
    "view",
    "add",
    "change",
    "delete",
    "comment",
    "submit_update",
    "approve_update",
    "endorse",
    "sign",
    "run_report",
)

# Cell values besides True/False.
OWN_ENTITY = "own entity"  # only where the user's entity is the responsible one (checked in SQL)
FOR_OWN_ENTITY = "for own entity"  # allowed; the service checks the entity signed for

# What each viewing tier sees: per status dimension the statuses seen ("states"), the statuses seen
# only where the user's own entity is the responsible one ("own_entity_states"), and whether
# internal assessments.
VIEW_TIERS: dict[str, dict] = {
    # People working on the mission: everything, drafts and internal assessments included.
    "drafts": {
        "states": {
            FRAMEWORK_STATUS: FRAMEWORK_STATUSES,
            UPDATE_STATE: UPDATE_STATES,
            REPORT_STATE: REPORT_STATES,
            IMPORT_STATE: IMPORT_STATES,
        },
        "own_entity_states": {},
        "internal": True,
    },
    # The country team: frameworks from consultation on, assessments not marked internal, approved
    # updates (and every update of the indicators their entity is responsible for), done reports.
    "shared": {
        "states": {
            FRAMEWORK_STATUS: (CONSULTATION, SUBMITTED, ENDORSED, SUPERSEDED, CLOSED),
            UPDATE_STATE: (UPDATE_APPROVED,),
            REPORT_STATE: (REPORT_DONE,),
            IMPORT_STATE: (),
        },
        "own_entity_states": {UPDATE_STATE: UPDATE_STATES, IMPORT_STATE: IMPORT_STATES},
        "internal": False,
    },
    # Observers: what is endorsed or published; approved updates and done reports.
    "published": {
        "states": {
            FRAMEWORK_STATUS: (ENDORSED, SUPERSEDED, CLOSED),
            UPDATE_STATE: (UPDATE_APPROVED,),
            REPORT_STATE: (REPORT_DONE,),
            IMPORT_STATE: (),
        },
        "own_entity_states": {},
        "internal": False,
    },
}
TIER_PERMISSIONS = {
    "drafts": ("view_mission", "view_mission_shared", "view_mission_drafts"),
    "shared": ("view_mission", "view_mission_shared"),
    "published": ("view_mission",),
}


@dataclass(frozen=True)
class RoleRules:
    """What a membership in this role grants on the missions it covers."""

    sees: str | None  # a key of VIEW_TIERS, or None
    grants: dict  # action -> True, OWN_ENTITY or FOR_OWN_ENTITY


ROLE_RULES: dict[str, RoleRules] = {
    Role.HQ_PLANNER: RoleRules(
        sees="drafts",
        grants={"add": True, "change": True, "delete": True, "comment": True, "run_report": True},
    ),
    Role.MISSION_PLANNER: RoleRules(
        sees="drafts",
        grants={
            "add": True,
            "change": True,
            "delete": True,
            "comment": True,
            "submit_update": OWN_ENTITY,
            "approve_update": True,
            "run_report": True,
        },
    ),
    Role.SRSG_OFFICE: RoleRules(
        sees="drafts",
        grants={"endorse": True, "sign": True, "run_report": True},
    ),
    Role.AGENCY_PLANNER: RoleRules(
        sees="shared",
        grants={"comment": True, "submit_update": OWN_ENTITY, "sign": FOR_OWN_ENTITY},
    ),
    Role.OBSERVER: RoleRules(sees="published", grants={}),
    # Administrators manage users, entities and memberships in the admin; no rights on missions.
    Role.ADMINISTRATOR: RoleRules(sees=None, grants={}),
}

# The mission permission (missions.Mission Meta.permissions) that carries each action.
ACTION_PERMISSION = {
    "view": "view_mission",
    "add": "plan_mission",
    "change": "plan_mission",
    "delete": "plan_mission",
    "comment": "comment_mission",
    "submit_update": "submit_update_mission",
    "approve_update": "approve_update_mission",
    "endorse": "endorse_mission",
    "sign": "sign_mission",
    "run_report": "run_report_mission",
}

EDIT = ("view", "add", "change", "delete")

# A closed mission's planning is read-only: every action but these is refused on its objects,
# whatever the role (missions.access.restrict, with the sentence of `closed_mission_reason`). Its
# history, reports and dashboards stay readable, and reports can still be run. The mission's own
# record (`change` on the mission) stays editable, so a wrong closing date can be corrected.
OPEN_ON_CLOSED_MISSIONS = ("view", "run_report")
CLOSED_MISSION_RECORD_ACTIONS = ("change",)
# A closed mission still records the lessons it learned: that page and service check their rights
# inside missions.access.after_closing().

# Creating a mission names no mission to hold the right yet: a membership in one of these roles,
# for the Secretariat department that is to lead it, lets its user create missions that department
# leads (missions.access.departments_creating_missions); the new mission joins that membership.
MISSION_CREATORS: tuple[str, ...] = (Role.HQ_PLANNER,)


@dataclass(frozen=True)
class Kind:
    """An object kind of the matrix and the models it covers."""

    key: str
    label: str
    models: tuple[str, ...]  # "app_label.ModelName"
    actions: tuple[str, ...]
    status_dimension: str | None = None  # a key of STATUS_DIMENSIONS its visibility follows
    internal: bool | None = None  # for assessments: the kind of the internal / not internal ones
    note: str = ""
    # What creating one needs: (kind key, action) on its parent; None = `add` (same rules as the kind).
    created_by: tuple[str, str] | None = None
    # For a kind with no parent to hold the right (missions): the roles that create one.
    creators: tuple[str, ...] | None = None
    # Read across missions: every role that sees anything on some mission sees every object of the
    # kind, on every mission; the other actions stay on the object's mission.
    across_missions: bool = False

    @property
    def framework_part(self) -> bool:
        """Visibility follows its framework's status."""
        return self.status_dimension == FRAMEWORK_STATUS

    @property
    def statuses(self) -> tuple[str, ...]:
        return STATUS_DIMENSIONS[self.status_dimension] if self.status_dimension else (NO_STATUS,)


KINDS: tuple[Kind, ...] = (
    Kind(
        "mission",
        _("mission"),
        ("missions.Mission",),
        ("view", "add", "change", "run_report"),
        note=_(
            "`add` on a mission means adding frameworks, assessments, mechanisms, benchmarks, mandates, "
            "leadership posts, country team members, phase changes and capacity gaps to it; `change` is "
            "editing the mission itself (name, type, reporting cycle, integration arrangement)."
        ),
        creators=MISSION_CREATORS,
    ),
    Kind(
        "mission_record",
        _("mandate, mandate task and its handover, phase, leadership post, country team member"),
        (
            "missions.Mandate",
            "missions.MandateTask",
            "missions.PhaseChange",
            "missions.LeadershipPost",
            "missions.CountryTeamMember",
            "missions.Handover",
        ),
        EDIT,
    ),
    Kind(
        "assessment_internal",
        _("strategic assessment (internal)"),
        ("frameworks.StrategicAssessment",),
        EDIT,
        internal=True,
    ),
    Kind(
        "assessment_shared",
        _("strategic assessment (not internal)"),
        ("frameworks.StrategicAssessment",),
        EDIT,
        internal=False,
    ),
    Kind(
        "framework",
        _("Integrated Strategic Framework"),
        ("frameworks.IntegratedStrategicFramework",),
        (*EDIT, "comment", "endorse", "sign"),
        status_dimension=FRAMEWORK_STATUS,
    ),
    Kind(
        "priority",
        _("priority"),
        ("frameworks.Priority",),
        (*EDIT, "comment"),
        status_dimension=FRAMEWORK_STATUS,
    ),
    Kind("result", _("result"), ("frameworks.Result",), (*EDIT, "comment"), status_dimension=FRAMEWORK_STATUS),
    Kind(
        "responsibility",
        _("responsibility"),
        ("frameworks.Responsibility",),
        EDIT,
        status_dimension=FRAMEWORK_STATUS,
    ),
    Kind(
        "framework_part",
        _("integration area, funding line, national alignment"),
        ("frameworks.IntegrationArea", "frameworks.FundingLine", "frameworks.NationalAlignment"),
        EDIT,
        status_dimension=FRAMEWORK_STATUS,
    ),
    Kind(
        "comment",
        _("comment"),
        ("frameworks.Comment",),
        ("view", "comment"),
        status_dimension=FRAMEWORK_STATUS,
        note=_("Comments are written with `comment` on the framework; `comment` on a comment is replying."),
        created_by=("framework", "comment"),
    ),
    Kind(
        "signature",
        _("signature"),
        ("frameworks.Signature",),
        ("view",),
        status_dimension=FRAMEWORK_STATUS,
        note=_("Signatures are made with `endorse`/`sign` on the framework."),
        created_by=("framework", "sign"),
    ),
    Kind(
        "mechanism",
        _("integrated mechanism and its meetings"),
        ("frameworks.IntegratedMechanism", "frameworks.MechanismMeeting"),
        EDIT,
    ),
    Kind("benchmark", _("benchmark"), ("benchmarks.Benchmark",), EDIT),
    Kind(
        "indicator",
        _("indicator"),
        ("benchmarks.Indicator",),
        (*EDIT, "submit_update", "approve_update"),
    ),
    Kind(
        "progress_update",
        _("progress update"),
        ("benchmarks.ProgressUpdate",),
        (*EDIT, "submit_update", "approve_update"),
        status_dimension=UPDATE_STATE,
        note=_(
            "`submit_update` covers writing, submitting and withdrawing (before review) the update of one's own entity."
        ),
        created_by=("indicator", "submit_update"),
    ),
    Kind(
        "capacity_gap",
        _("capacity gap and its reviews"),
        ("benchmarks.CapacityGap", "benchmarks.CapacityGapReview"),
        EDIT,
    ),
    Kind(
        "mandate_review",
        _("mandate review and its snapshot"),
        ("benchmarks.MandateReview",),
        ("view",),
        note=_("Recorded with `add` on the mission; a review and its snapshot are never changed."),
        created_by=("mission", "add"),
    ),
    Kind(
        "excel_import",
        _("Excel upload of progress updates"),
        ("benchmarks.ExcelImport",),
        ("view", "submit_update"),
        status_dimension=IMPORT_STATE,
        note=_("Its progress and row errors are shown with `submit_update`, to the uploader's entity."),
        created_by=("indicator", "submit_update"),
    ),
    Kind(
        "report",
        _("progress report"),
        ("benchmarks.ProgressReport",),
        ("view", "run_report"),
        status_dimension=REPORT_STATE,
        created_by=("mission", "run_report"),
    ),
    Kind(
        "compact",
        _("compact of mutual commitments"),
        ("benchmarks.Compact",),
        EDIT,
        note=_("Created with `add` on the mission; observers of the mission follow it."),
    ),
    Kind(
        "commitment",
        _("commitment of a compact"),
        ("benchmarks.Commitment",),
        (*EDIT, "submit_update"),
        note=_("`submit_update` is reporting where the commitment stands, for its owner's entity."),
    ),
    Kind(
        "commitment_update",
        _("commitment update"),
        ("benchmarks.CommitmentUpdate",),
        ("view", "submit_update", "approve_update"),
        status_dimension=UPDATE_STATE,
        note=_("Seen like progress updates: approved ones by everyone, the others by the owner's entity."),
        created_by=("commitment", "submit_update"),
    ),
    Kind(
        "lesson",
        _("lesson learned"),
        ("frameworks.Lesson",),
        ("view", "add"),
        note=_("Seen across missions by every role that sees some mission; recorded on its own mission."),
        across_missions=True,
    ),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


def kinds_of_model(label: str) -> list[Kind]:
    """The kinds covering the model "app_label.ModelName" (two for assessments)."""
    return [kind for kind in KINDS if label in kind.models]


def actions_of_model(label: str) -> set[str]:
    return {action for kind in kinds_of_model(label) for action in kind.actions}


def read_across_missions(label: str) -> bool:
    """Whether the model's rows are seen across missions (`Kind.across_missions`)."""
    return any(kind.across_missions for kind in kinds_of_model(label))


def status_dimension_of_model(label: str) -> str | None:
    """The status dimension the model's visibility follows (the same for all its kinds)."""
    dimensions = {kind.status_dimension for kind in kinds_of_model(label)}
    if len(dimensions) != 1:
        raise ValueError(f"{label} needs exactly one status dimension in the access matrix, not {dimensions}.")
    return dimensions.pop()


def roles_seeing(tier: str) -> list[str]:
    return [role for role, rules in ROLE_RULES.items() if rules.sees == tier]


def role_sees(role: str, kind: Kind, status: str = NO_STATUS):
    """Whether `role` sees an object of `kind` in `status`: True, False or OWN_ENTITY."""
    tier = ROLE_RULES[role].sees
    if tier is None:
        return False
    if kind.across_missions:
        return True
    sees = VIEW_TIERS[tier]
    if kind.internal and not sees["internal"]:
        return False
    if kind.status_dimension is None or status in sees["states"][kind.status_dimension]:
        return True
    if status in sees["own_entity_states"].get(kind.status_dimension, ()):
        return OWN_ENTITY
    return False


def creation_cell(role: str, kind: Kind, status: str = NO_STATUS):
    """Whether `role` may create an object of `kind` (under a framework in `status`)."""
    if kind.creators is not None:
        return role in kind.creators
    if kind.created_by is None:
        return cell(role, kind, "add", status)
    parent_key, action = kind.created_by
    parent = KINDS_BY_KEY[parent_key]
    same_dimension = parent.status_dimension and parent.status_dimension == kind.status_dimension
    return cell(role, parent, action, status if same_dimension else NO_STATUS)


def cell(role: str, kind: Kind, action: str, status: str = NO_STATUS):
    """Whether `role` may do `action` on an object of `kind` (in `status`): True, False,
    OWN_ENTITY or FOR_OWN_ENTITY. Every action needs the object to be visible first, so what is
    seen only for the own entity is acted on only for the own entity."""
    if action not in kind.actions:
        return False
    seen = role_sees(role, kind, status)
    if not seen:
        return False
    granted = True if action == "view" else ROLE_RULES[role].grants.get(action, False)
    if not granted:
        return False
    return OWN_ENTITY if seen == OWN_ENTITY else granted


@dataclass(frozen=True)
class Case:
    role: str
    kind: Kind
    action: str
    status: str
    allowed: bool | str


def matrix() -> Iterator[Case]:
    """Every cell: roles x kinds x the kind's actions x the kind's statuses (or states)."""
    for role in ROLE_RULES:
        for kind in KINDS:
            for action in kind.actions:
                for status in kind.statuses:
                    yield Case(role, kind, action, status, cell(role, kind, action, status))


def role_permissions() -> dict[str, frozenset[str]]:
    """The mission permissions each role's membership grants, derived from the rules."""
    result = {}
    for role, rules in ROLE_RULES.items():
        codenames = set(TIER_PERMISSIONS[rules.sees]) if rules.sees else set()
        codenames.update(ACTION_PERMISSION[action] for action, grant in rules.grants.items() if grant)
        result[role] = frozenset(codenames)
    return result


def roles_granting(action: str, value) -> list[str]:
    return [role for role, rules in ROLE_RULES.items() if rules.grants.get(action) == value]


# ---------- the document (docs/ACCESS.md) ----------

ROLE_HEADINGS = {
    Role.HQ_PLANNER: "HQ planner",
    Role.MISSION_PLANNER: "Mission planner",
    Role.SRSG_OFFICE: "SRSG office",
    Role.AGENCY_PLANNER: "Agency planner",
    Role.OBSERVER: "Observer",
    Role.ADMINISTRATOR: "Administrator",
}

DERIVATION = """\
## How rights are derived

1. **Memberships are the only source.** A membership says: this user works for this entity, in this
   role, on these missions. `missions.access.sync_user_permissions(user)` turns the user's active
   memberships into django-guardian object permissions on missions, stored in the direct foreign-key
   table `MissionUserObjectPermission` (one indexed join, not the generic table). Signals call it on
   every membership save, delete and change of its missions (from either side), and when a mission's
   lead department changes; the admin and `manage.py grant_membership` go through the same path.
   Granting a role is one write; deactivating or deleting the membership removes every right it gave.
2. **A headquarters planner** covers only the listed missions that their department leads (DPKO
   planners on DPKO-led missions, DPA planners on DPA-led ones).
3. **The mission permissions each role grants** are derived from this matrix
   (`access_matrix.role_permissions()`): a viewing tier (`view_mission`, `view_mission_shared`,
   `view_mission_drafts`) and one permission per action (`plan_mission` for add/change/delete,
   `comment_mission`, `submit_update_mission`, `approve_update_mission`, `endorse_mission`,
   `sign_mission`, `run_report_mission`).
4. **Every object reaches its mission** through the lookup its model declares
   (`access_mission_path`); framework parts reach the framework status, progress updates and
   progress reports their own state (`access_status_path`; the models' `access_status_visibility`
   tables in `frameworks.choices` and `benchmarks.choices` are kept equal to the tiers above by a
   test); assessments have their `is_internal` flag. `Model.objects.restrict(user, action)` is one SQL
   filter built from those, so a list costs the same number of queries for every user.
   `can(user, action, obj)` is `restrict(...).filter(pk=obj.pk).exists()`.
5. **Every action needs the object to be visible first**: nobody comments on, signs or edits what
   they cannot see.
6. **Own entity**: `submit_update` needs an active membership, in a role that grants it, for the
   indicator's responsible entity on that mission (checked in SQL). Likewise an agency planner sees
   updates that are not approved only of the indicators their entity is responsible for (an active
   membership in a role of the viewing tier, for that entity on that mission; in SQL too). `sign`
   for an agency planner is allowed at the mission level; the framework service checks that the
   user signs for their own entity and that the entity leads a result.
7. **A closed mission's planning is read-only**: on a mission in the closed phase, every action
   but view and run_report is refused on its objects, whoever asks (superusers too), except `change`
   on the mission itself (its record); the refusal says "UNMIL closed on 30 Jun 2018: its planning
   is read-only." Pages hide the buttons and services and the API answer 403 with that sentence.
8. **Workflow state is the services' business**: a framework is edited only in draft or consultation,
   signed only when submitted; an update is approved only when submitted. The matrix says who may;
   the services say when, with their own messages.
9. **Superusers** pass every other check. Inactive users and anonymous requests pass none.
10. **Answers**: an object the user may not see answers 404, exactly as a missing one; a visible object
   the user may not act on answers 403 with a sentence saying why. Both are logged on the
   `workbench.access` logger with user, action and object. Pages stand on
   `missions.generic.views` (`ObjectPage`: GET needs its `action`, POST its `post_action`), API endpoints
   `missions.generic.api.RestrictedModelViewSet` / `RestrictedReadOnlyViewSet`: GET needs `view`,
   POST `add` (on the parent the body names, `create_parent`), PUT/PATCH `change`, DELETE `delete`,
   named actions declare `permission_action`.
11. **Downloads of lists** (`?format=csv|xlsx` on a list page, `missions.generic.exports`) are the
   page itself: the same restricted rows and filters, refused exactly as the page is.
"""


def _summarise(values: list, statuses: tuple[str, ...]) -> str:
    """One cell of the document: "yes", "no", a value, or per value the statuses it holds in."""
    by_value: dict = {}
    for status, value in zip(statuses, values, strict=True):
        if value:
            by_value.setdefault(value, []).append(status)
    if not by_value:
        return "no"
    parts = []
    for value, allowed in sorted(by_value.items(), key=lambda item: item[0] is not True):
        word = "yes" if value is True else str(value)
        parts.append(word if len(allowed) == len(statuses) else f"{word}: {', '.join(allowed)}")
    return "; ".join(parts)


def _describe_tier(tier: str, sees: dict) -> str:
    def listed(dimension: str, noun: str) -> str:
        states = sees["states"][dimension]
        return f"every {noun}" if set(states) == set(STATUS_DIMENSIONS[dimension]) else ", ".join(states)

    text = (
        f"**{tier}**: frameworks in {listed(FRAMEWORK_STATUS, 'status')}"
        + (", internal assessments" if sees["internal"] else ", assessments not marked internal")
        + f"; progress updates in {listed(UPDATE_STATE, 'state')}"
    )
    seen = sees["states"][UPDATE_STATE]
    own = [state for state in sees["own_entity_states"].get(UPDATE_STATE, ()) if state not in seen]
    if own:
        text += f", and in {', '.join(own)} where the user's entity is responsible for the indicator"
    uploads = (
        "every Excel upload"
        if sees["states"][IMPORT_STATE]
        else "Excel uploads of the user's entity"
        if sees["own_entity_states"].get(IMPORT_STATE)
        else "no Excel upload"
    )
    return text + f"; progress reports in {listed(REPORT_STATE, 'state')}; {uploads}."


def render_markdown() -> str:
    roles = list(ROLE_RULES)
    lines = [
        "# Access matrix",
        "",
        "Generated from `missions/access_matrix.py` by `python manage.py access_matrix --write docs/ACCESS.md`;",
        "do not edit by hand (a test fails when this file is out of date). The same data drives the",
        "access layer (`missions/access.py`) and the generated tests in `tests/access/`.",
        "",
        "Each cell says whether the role may do the action on an object of the kind, on the missions its",
        "membership covers. For framework parts the cell lists the framework statuses in which it is",
        f"allowed ({', '.join(FRAMEWORK_STATUSES)}); for progress updates the update states",
        f"({', '.join(UPDATE_STATES)}); for progress reports the report states",
        f'({", ".join(REPORT_STATES)}). "yes" means in every status.',
        f'"{OWN_ENTITY}": only where the user\'s entity is responsible for the indicator;',
        f'"{FOR_OWN_ENTITY}": allowed, and the service checks the user signs for their own entity.',
        "",
        "## Roles",
        "",
        "| role | sees | grants |",
        "|---|---|---|",
    ]
    for role in roles:
        rules = ROLE_RULES[role]
        grants = ", ".join(action if value is True else f"{action} ({value})" for action, value in rules.grants.items())
        lines.append(f"| {ROLE_HEADINGS[role]} | {rules.sees or 'nothing'} | {grants or '-'} |")
    lines += [
        "",
        "Viewing tiers:",
        "",
        *(f"- {_describe_tier(tier, sees)}" for tier, sees in VIEW_TIERS.items()),
        "",
        "## Matrix",
        "",
    ]
    for kind in KINDS:
        label = str(kind.label)
        lines += [f"### {label[:1].upper()}{label[1:]}", ""]
        models = ", ".join(f"`{label}`" for label in kind.models)
        lines.append(f"Models: {models}." + (f" {kind.note}" if kind.note else ""))
        if kind.across_missions:
            lines += ["", "`view` holds on every mission, not only on those the membership covers."]
        if kind.created_by:
            parent_key, action = kind.created_by
            lines += ["", f"Created with `{action}` on the {KINDS_BY_KEY[parent_key].label}."]
        if kind.creators is not None:
            creators = ", ".join(ROLE_HEADINGS[role] for role in kind.creators)
            lines += [
                "",
                f"Created by: {creators}, for the department they work for (the new one joins the membership",
                "that allowed it, so its rights follow at once); superusers for any department.",
            ]
        lines += ["", "| action | " + " | ".join(ROLE_HEADINGS[r] for r in roles) + " |"]
        lines.append("|---" * (len(roles) + 1) + "|")
        for action in kind.actions:
            row = [
                _summarise([cell(role, kind, action, status) for status in kind.statuses], kind.statuses)
                for role in roles
            ]
            lines.append(f"| {action} | " + " | ".join(row) + " |")
        lines.append("")
    count = sum(1 for _case in matrix())
    lines += [f"{count} cells in all (role x kind x action x status or state).", "", DERIVATION]
    return "\n".join(lines).rstrip() + "\n"
