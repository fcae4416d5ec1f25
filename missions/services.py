"""State changes of the missions app: API tokens, memberships, corporate sign-in identities and
second factors; missions and what their setup records (country team, leadership posts, lifecycle
phases, mandates and their tasks).

Each service takes keyword arguments, runs in one transaction, checks access through the access
layer and validates with full_clean() before saving, so a refusal stores nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from missions.access import check_allowed, check_may_create_mission
from missions.choices import EntityKind, Phase, Role
from missions.models import (
    ApiToken,
    CountryTeamMember,
    Entity,
    Handover,
    LeadershipPost,
    Mandate,
    MandateTask,
    Membership,
    Mission,
    PhaseChange,
    SignInIdentity,
)
from missions.notices import reason_text
from missions.resolutions import read_symbol
from missions.texts import LONG_TEXT_MAX, REASON_MAX, check_length

TEXT_TOO_LONG = gettext_lazy("The text can be at most %(limit_value)d characters long (it has %(show_value)d).")

logger = logging.getLogger("workbench.missions")
BACKUP_CODE_COUNT = 10


class SignInRefused(Exception):
    """A corporate sign-in the workbench refuses, with the sentence the person is shown."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


MAX_TOKEN_DAYS = 365


@transaction.atomic
def token_create(*, user, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new named token for `user`, valid for `days` (WORKBENCH_API_TOKEN_DAYS by default);
    returns it with its key, which is never shown again."""
    days = settings.WORKBENCH_API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError({"days": _("A token lasts from 1 to %(max)s days.") % {"max": MAX_TOKEN_DAYS}})
    key = ApiToken.new_key()
    token = ApiToken(user=user, name=(name or "").strip(), expires_at=timezone.now() + timedelta(days=days))
    token.set_key(key)
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def token_revoke(*, user, token_id: int) -> None:
    """Delete one of `user`'s own tokens; requests with it fail from now on."""
    deleted, _rows = ApiToken.objects.filter(user=user, pk=token_id).delete()
    if not deleted:
        raise ValidationError(_("No such token."))


@transaction.atomic
def membership_grant(*, user, entity: Entity, role: str, missions: list[Mission]) -> Membership:
    """Give `user` `role` for `entity` on `missions` (added to any the membership already covers).
    Rights follow on commit (missions.signals)."""
    membership = Membership.objects.select_for_update().filter(user=user, entity=entity, role=role).first()
    if membership is None:
        membership = Membership(user=user, entity=entity, role=role)
    membership.is_active = True
    membership.full_clean()
    membership.save()
    membership.missions.add(*missions)
    return membership


@transaction.atomic
def membership_revoke(*, user, entity: Entity, role: str, missions: list[Mission] | None = None) -> Membership | None:
    """Take `missions` out of the membership, or (no missions) deactivate it: rights go on commit."""
    membership = Membership.objects.select_for_update().filter(user=user, entity=entity, role=role).first()
    if membership is None:
        return None
    if missions:
        membership.missions.remove(*missions)
    else:
        membership.is_active = False
        membership.save(update_fields=["is_active", "updated_at"])
    return membership


# Missions ----------------------------------------------------------------------------------------

MISSION_FIELDS = (
    "name",
    "country",
    "mission_type",
    "reporting_cycle_months",
    "structurally_integrated",
    "established_on",
)
# A mission's acronym names it in addresses: capitals, digits and hyphens.
ACRONYM = re.compile(r"^[A-Z][A-Z0-9-]{1,19}$")
# The kinds of entity a country team is made of: agencies, funds and programmes, and the
# Secretariat offices present in the country (OCHA, OHCHR). The departments that lead missions
# from headquarters (DPKO, DPA) are not part of one.
COUNTRY_TEAM_KINDS = (EntityKind.AFP, EntityKind.SECRETARIAT)


def _mission_entity(acronym: str, name: str) -> Entity:
    """The entity that stands for a new mission: a new one, or an unattached mission entity of
    that code."""
    entity = Entity.objects.filter(code=acronym).first()
    if entity is None:
        entity = Entity(code=acronym, name=name, kind=EntityKind.MISSION)
        entity.full_clean()
        entity.save()
        return entity
    if entity.kind != EntityKind.MISSION or Mission.objects.filter(entity=entity).exists():
        raise ValidationError(
            {"acronym": _("%(code)s already names another entity; choose another acronym.") % {"code": acronym}}
        )
    return entity


@transaction.atomic
def mission_create(
    *,
    actor,
    acronym: str,
    name: str,
    country: str,
    mission_type: str,
    lead_department: Entity,
    established_on: dt.date,
    reporting_cycle_months: int = 6,
    structurally_integrated: bool = False,
    phase: str = Phase.ASSESSMENT,
) -> Mission:
    """A new mission led by `lead_department`, its entity, and its first lifecycle phase (from
    `established_on`). The mission joins the headquarters planning membership that allowed it,
    so its creator works on it at once (rights follow on commit)."""
    check_may_create_mission(actor, lead_department)
    acronym = (acronym or "").strip()
    if not ACRONYM.match(acronym):
        raise ValidationError({"acronym": _("Use capital letters and digits only, e.g. UNMISS.")})
    if Mission.objects.filter(acronym__iexact=acronym).exists():
        raise ValidationError({"acronym": _("A mission with the acronym %(acronym)s exists.") % {"acronym": acronym}})
    if phase == Phase.CLOSED:
        raise ValidationError({"phase": _("A new mission cannot start closed.")})
    mission = Mission(
        acronym=acronym,
        name=name,
        country=country,
        mission_type=mission_type,
        lead_department=lead_department,
        reporting_cycle_months=reporting_cycle_months,
        structurally_integrated=structurally_integrated,
        established_on=established_on,
        phase=phase,
    )
    mission.full_clean(exclude=["entity"])
    mission.entity = _mission_entity(acronym, name)
    mission._change_reason = reason_text("mission.created")
    mission.save()
    PhaseChange.objects.create(mission=mission, phase=phase, started_on=established_on)
    membership = Membership.objects.filter(
        user_id=actor.pk, entity=lead_department, role=Role.HQ_PLANNER, is_active=True
    ).first()
    if membership is not None:
        membership.missions.add(mission)
    logger.info("mission created id=%s acronym=%s by=%s", mission.pk, mission.acronym, actor.pk)
    return mission


@transaction.atomic
def mission_update(*, mission: Mission, actor, **fields) -> Mission:
    """Edit what describes the mission; its acronym, lead department and phase have their own ways."""
    mission = Mission.objects.select_for_update().get(pk=mission.pk)
    check_allowed(actor, "change", mission)
    unknown = set(fields) - set(MISSION_FIELDS)
    if unknown:
        raise TypeError(f"mission_update() got unexpected fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(mission, name, value)
    first = mission.phase_changes.order_by("started_on").first()
    if first is not None and mission.established_on > first.started_on:
        raise ValidationError(
            {
                "established_on": _("The mission entered its first phase on %(date)s; it cannot be established later.")
                % {"date": first.started_on}
            }
        )
    mission.full_clean()
    mission._change_reason = reason_text("mission.edited")
    mission.save()
    return mission


# Country team ------------------------------------------------------------------------------------


def country_team_candidates(mission: Mission):
    """The entities that may belong to the mission's country team."""
    return Entity.objects.filter(kind__in=COUNTRY_TEAM_KINDS).exclude(
        pk__in=Mission.objects.values("lead_department_id")
    )


@transaction.atomic
def country_team_add(*, mission: Mission, actor, entity: Entity, head: str = "") -> CountryTeamMember:
    """Add `entity`, with the head of its office, to the mission's country team."""
    mission = Mission.objects.select_for_update().get(pk=mission.pk)
    check_allowed(actor, "add", mission)
    if not country_team_candidates(mission).filter(pk=entity.pk).exists():
        raise ValidationError(
            {
                "entity": _(
                    "%(entity)s cannot be in a country team: only agencies, funds and programmes and the "
                    "Secretariat's offices in the country can."
                )
                % {"entity": entity}
            }
        )
    if CountryTeamMember.objects.filter(mission=mission, entity=entity).exists():
        raise ValidationError(
            {
                "entity": _("%(entity)s is already in the country team of %(mission)s.")
                % {"entity": entity, "mission": mission}
            }
        )
    member = CountryTeamMember(mission=mission, entity=entity, head=(head or "").strip())
    member.full_clean()
    member.save()
    logger.info("country team member added mission=%s entity=%s by=%s", mission.pk, entity.pk, actor.pk)
    return member


@transaction.atomic
def country_team_update(*, countryteammember: CountryTeamMember, actor, head: str = "") -> CountryTeamMember:
    member = CountryTeamMember.objects.select_for_update().get(pk=countryteammember.pk)
    check_allowed(actor, "change", member)
    member.head = (head or "").strip()
    member.full_clean()
    member.save(update_fields=["head"])
    return member


@transaction.atomic
def country_team_remove(*, countryteammember: CountryTeamMember, actor) -> None:
    """Take an entity out of the country team. Its responsibilities and memberships stay: they
    are the framework's and the administrator's business."""
    member = CountryTeamMember.objects.select_for_update().get(pk=countryteammember.pk)
    check_allowed(actor, "delete", member)
    logger.info("country team member removed mission=%s entity=%s by=%s", member.mission_id, member.entity_id, actor.pk)
    member.delete()


# Leadership --------------------------------------------------------------------------------------

POST_FIELDS = (
    "kind",
    "title",
    "holder",
    "is_resident_coordinator",
    "is_humanitarian_coordinator",
    "is_resident_representative",
    "start_on",
    "end_on",
)


def _check_post_fields(fields: dict) -> None:
    unknown = set(fields) - set(POST_FIELDS)
    if unknown:
        raise TypeError(f"unexpected leadership post fields {sorted(unknown)}")


@transaction.atomic
def leadership_post_create(*, mission: Mission, actor, **fields) -> LeadershipPost:
    """A post of the mission's leadership (head or deputy) with the hats its holder wears."""
    check_allowed(actor, "add", mission)
    _check_post_fields(fields)
    post = LeadershipPost(mission=mission, **fields)
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def leadership_post_update(*, leadershippost: LeadershipPost, actor, **fields) -> LeadershipPost:
    post = LeadershipPost.objects.select_for_update().get(pk=leadershippost.pk)
    check_allowed(actor, "change", post)
    _check_post_fields(fields)
    for name, value in fields.items():
        setattr(post, name, value)
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def leadership_post_delete(*, leadershippost: LeadershipPost, actor) -> None:
    post = LeadershipPost.objects.select_for_update().get(pk=leadershippost.pk)
    check_allowed(actor, "delete", post)
    post.delete()


# Lifecycle ---------------------------------------------------------------------------------------


@transaction.atomic
def phase_change_record(
    *, mission: Mission, actor, phase: str, started_on: dt.date, note: str = "", today: dt.date | None = None
) -> PhaseChange:
    """The mission enters `phase` on `started_on`, for the reason in `note`: dated after the last
    phase change, not before the mission was established nor in the future. Entering "closed"
    closes the mission on that date."""
    mission = Mission.objects.select_for_update().get(pk=mission.pk)
    check_allowed(actor, "add", mission)
    check_length("note", note or "", REASON_MAX)
    today = today or timezone.localdate()
    last = mission.phase_changes.order_by("-started_on").first()
    if started_on > today:
        raise ValidationError({"started_on": _("A phase change cannot be dated in the future.")})
    if started_on < mission.established_on:
        raise ValidationError(
            {
                "started_on": _("The mission was established on %(date)s; a phase cannot start before.")
                % {"date": mission.established_on}
            }
        )
    if last is not None and started_on <= last.started_on:
        raise ValidationError(
            {
                "started_on": _("The last phase change is dated %(date)s; a new one must come after it.")
                % {"date": last.started_on}
            }
        )
    if last is not None and phase == last.phase:
        raise ValidationError({"phase": _("The mission is already in this phase.")})
    if mission.phase == Phase.CLOSED:
        raise ValidationError({"phase": _("The mission is closed.")})
    change = PhaseChange(mission=mission, phase=phase, started_on=started_on, note=(note or "").strip())
    change.full_clean()
    change.save()
    mission.phase = phase
    if phase == Phase.CLOSED:
        mission.closed_on = started_on
    mission.full_clean()
    mission._change_reason = note or reason_text("mission.phase_changed")
    mission.save(update_fields=["phase", "closed_on", "updated_at"])
    return change


# Mandates ----------------------------------------------------------------------------------------

MANDATE_FIELDS = ("resolution", "adopted_on", "expires_on", "chapter", "summary")
TASK_FIELDS = ("paragraph", "text", "lead_entity", "to_hand_over", "handover_to")


def _check_resolution_year(resolution: str, adopted_on: dt.date | None) -> None:
    """A symbol's year ("2406 (2018)") is the year the resolution was adopted."""
    symbol = read_symbol(resolution or "")
    if symbol is not None and adopted_on is not None and symbol.year != adopted_on.year:
        raise ValidationError(
            {
                "resolution": _("The symbol says %(year)s but the resolution was adopted in %(adopted)s.")
                % {"year": symbol.year, "adopted": adopted_on.year}
            }
        )


def _check_task_paragraphs(tasks: list[dict]) -> None:
    seen: set[str] = set()
    for task in tasks:
        paragraph = task.get("paragraph", "")
        if paragraph in seen:
            raise ValidationError(
                {
                    "tasks": _("Paragraph %(paragraph)s appears twice; each task needs its own paragraph.")
                    % {"paragraph": paragraph}
                }
            )
        seen.add(paragraph)


@transaction.atomic
def mandate_create(
    *,
    mission: Mission,
    actor,
    resolution: str,
    adopted_on: dt.date,
    expires_on: dt.date | None = None,
    chapter: str = "VI",
    summary: str = "",
    tasks: Iterable[dict] = (),
) -> Mandate:
    """A Security Council resolution setting or renewing the mission's mandate, with the tasks
    (operative paragraphs) it gives the mission; all stored, or nothing."""
    mission = Mission.objects.select_for_update().get(pk=mission.pk)
    check_allowed(actor, "add", mission)
    if Mandate.objects.filter(mission=mission, resolution=resolution).exists():
        raise ValidationError(
            {
                "resolution": _("Resolution %(resolution)s is already recorded for %(mission)s.")
                % {"resolution": resolution, "mission": mission}
            }
        )
    mandate = Mandate(
        mission=mission,
        resolution=resolution,
        adopted_on=adopted_on,
        expires_on=expires_on,
        chapter=chapter,
        summary=summary,
    )
    check_length("summary", summary or "", LONG_TEXT_MAX, TEXT_TOO_LONG)
    _check_resolution_year(resolution, adopted_on)
    mandate.full_clean()
    mandate._change_reason = reason_text("mandate.recorded")
    mandate.save()
    tasks = list(tasks)
    _check_task_paragraphs(tasks)
    for fields in tasks:
        _task_save(MandateTask(mandate=mandate), fields)
    logger.info("mandate recorded id=%s mission=%s tasks=%s by=%s", mandate.pk, mission.pk, len(tasks), actor.pk)
    return mandate


@transaction.atomic
def mandate_update(*, mandate: Mandate, actor, **fields) -> Mandate:
    mandate = Mandate.objects.select_for_update().get(pk=mandate.pk)
    check_allowed(actor, "change", mandate)
    unknown = set(fields) - set(MANDATE_FIELDS)
    if unknown:
        raise TypeError(f"mandate_update() got unexpected fields {sorted(unknown)}")
    resolution = fields.get("resolution", mandate.resolution)
    if Mandate.objects.filter(mission_id=mandate.mission_id, resolution=resolution).exclude(pk=mandate.pk).exists():
        raise ValidationError({"resolution": _("This resolution is already recorded for the mission.")})
    for name, value in fields.items():
        setattr(mandate, name, value)
    check_length("summary", mandate.summary or "", LONG_TEXT_MAX, TEXT_TOO_LONG)
    _check_resolution_year(mandate.resolution, mandate.adopted_on)
    mandate.full_clean()
    mandate._change_reason = reason_text("mandate.edited")
    mandate.save()
    return mandate


def _task_save(task: MandateTask, fields: dict) -> MandateTask:
    unknown = set(fields) - set(TASK_FIELDS)
    if unknown:
        raise TypeError(f"unexpected mandate task fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(task, name, value)
    paragraph_taken = (
        MandateTask.objects.filter(mandate_id=task.mandate_id, paragraph=task.paragraph).exclude(pk=task.pk).exists()
    )
    check_length("text", task.text or "", LONG_TEXT_MAX, TEXT_TOO_LONG)
    if paragraph_taken:
        raise ValidationError(
            {
                "paragraph": _("Paragraph %(paragraph)s is already a task of this mandate.")
                % {"paragraph": task.paragraph}
            }
        )
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def mandate_task_create(*, mandate: Mandate, actor, **fields) -> MandateTask:
    check_allowed(actor, "change", mandate)
    return _task_save(MandateTask(mandate=mandate), fields)


@transaction.atomic
def mandate_task_update(*, mandatetask: MandateTask, actor, **fields) -> MandateTask:
    task = MandateTask.objects.select_for_update().get(pk=mandatetask.pk)
    check_allowed(actor, "change", task)
    fields.pop("mandate", None)
    return _task_save(task, fields)


@transaction.atomic
def mandate_task_delete(*, mandatetask: MandateTask, actor) -> None:
    task = MandateTask.objects.select_for_update().get(pk=mandatetask.pk)
    check_allowed(actor, "delete", task)
    task.delete()


@transaction.atomic
def identity_sign_in(
    *,
    issuer: str,
    subject: str,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    entity: Entity | None,
):
    """The user of a corporate sign-in: the one linked to (issuer, subject), its names, e-mail and
    entity brought up to date from the claims; or, on the first sign-in, a new user (no password,
    no membership) linked to it. A user name already held by another account is refused: a local
    account is never taken over by a claim. All or nothing."""
    User = get_user_model()
    identity = (
        SignInIdentity.objects.select_for_update().select_related("user").filter(issuer=issuer, subject=subject).first()
    )
    if identity is None:
        if User.objects.filter(username__iexact=username).exists():
            raise SignInRefused(
                _(
                    "An account named %(username)s already exists in the workbench and is not linked to your "
                    "organisation's sign-in. Ask an administrator to link it."
                )
                % {"username": username}
            )
        user = User(username=username)
        user.set_unusable_password()
        identity = SignInIdentity(user=user, issuer=issuer, subject=subject)
    user = identity.user
    if user.username != username and not User.objects.filter(username__iexact=username).exclude(pk=user.pk).exists():
        user.username = username
    user.email, user.first_name, user.last_name = email, first_name[:150], last_name[:150]
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        raise SignInRefused(
            _("The identity provider's details for you cannot be used here (%(problem)s). Ask an administrator.")
            % {"problem": " ".join(error.messages)}
        ) from None
    user.save()
    identity.user = user
    identity.entity = entity
    identity.last_signed_in_at = timezone.now()
    identity.full_clean()
    identity.save()
    return user


@transaction.atomic
def second_factor_enrol(*, user, key: str, name: str) -> list[str]:
    """Confirm `user`'s authenticator app (TOTP, hex `key`) and issue new backup codes, replacing
    any earlier ones; returns the codes, shown once."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice(user=user, key=key, name=name, confirmed=True)
    device.full_clean()
    device.save()
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name=_("Backup codes"), confirmed=True)
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=backup, token=code) for code in codes])
    return codes


# Handovers --------------------------------------------------------------------------------------

HANDOVER_FIELDS = ("receiver", "planned_on", "status", "note")


def handover_receivers(mission: Mission):
    """Who may take a task over: the entities of the mission's country team and the bodies of the
    host government."""
    return (
        Entity.objects.filter(Q(country_teams__mission=mission) | Q(kind=EntityKind.HOST_GOVERNMENT))
        .distinct()
        .order_by("code")
    )


@transaction.atomic
def handover_save(*, mandatetask: MandateTask, actor, **fields) -> Handover:
    """Plan (or update the plan of) handing the task over. The task's own flag follows: it is
    marked as to be handed over, to the receiver named here."""
    task = MandateTask.objects.select_for_update().select_related("mandate").get(pk=mandatetask.pk)
    check_allowed(actor, "change", task)
    unknown = set(fields) - set(HANDOVER_FIELDS)
    if unknown:
        raise TypeError(f"handover_save() got unexpected fields {sorted(unknown)}")
    handover = Handover.objects.filter(task=task).first() or Handover(task=task)
    for name, value in fields.items():
        setattr(handover, name, value)
    receiver = handover.receiver if handover.receiver_id else None
    if receiver is None:
        raise ValidationError({"receiver": _("Name who takes the task over.")})
    if not handover_receivers(task.mandate.mission).filter(pk=receiver.pk).exists():
        raise ValidationError(
            {"receiver": _("Hand over to an entity of the country team or a body of the host government.")}
        )
    check_length("note", handover.note or "", REASON_MAX, TEXT_TOO_LONG)
    handover.full_clean()
    handover._change_reason = reason_text("handover.planned")
    handover.save()
    task.to_hand_over = True
    task.handover_to = receiver
    task.full_clean()
    task.save(update_fields=["to_hand_over", "handover_to"])
    return handover
