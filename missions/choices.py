from django.db import models
from django.utils.translation import gettext_lazy as _


class EntityKind(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat department")
    AFP = "afp", _("Agency, fund or programme")
    MISSION = "mission", _("Mission")
    REGIONAL_OFFICE = "regional", _("Regional office")
    HOST_GOVERNMENT = "government", _("Host-government body")
    PARTNER = "partner", _("Partner")


class MissionType(models.TextChoices):
    PEACEKEEPING = "pko", _("Peacekeeping operation")
    POLITICAL = "spm", _("Special political mission")
    PEACEBUILDING = "ipbo", _("Integrated peacebuilding office")


class Phase(models.TextChoices):
    ASSESSMENT = "assessment", _("Assessment")
    START_UP = "start_up", _("Start-up")
    CONSOLIDATION = "consolidation", _("Consolidation")
    DRAWDOWN = "drawdown", _("Drawdown and transition")
    LIQUIDATION = "liquidation", _("Liquidation")
    CLOSED = "closed", _("Closed")


class PostKind(models.TextChoices):
    HEAD = "head", _("Head of mission")
    DEPUTY = "deputy", _("Deputy head of mission")


class Chapter(models.TextChoices):
    VI = "VI", _("Chapter VI")
    VII = "VII", _("Chapter VII")


class Role(models.TextChoices):
    HQ_PLANNER = "hq_planner", _("Headquarters planner")
    MISSION_PLANNER = "mission_planner", _("Mission planner")
    SRSG_OFFICE = "srsg_office", _("SRSG office")
    AGENCY_PLANNER = "agency_planner", _("Agency planner")
    OBSERVER = "observer", _("Observer")
    ADMINISTRATOR = "administrator", _("Administrator")


class HandoverStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    HANDED_OVER = "handed_over", _("Handed over")
    DROPPED = "dropped", _("Dropped")
