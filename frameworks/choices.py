from django.db import models
from django.utils.translation import gettext_lazy as _


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("In consultation")
    SUBMITTED = "submitted", _("Submitted")
    ENDORSED = "endorsed", _("Endorsed")
    SUPERSEDED = "superseded", _("Superseded")
    CLOSED = "closed", _("Closed")


EDITABLE_STATUSES = (FrameworkStatus.DRAFT, FrameworkStatus.CONSULTATION)
# A version on its way to endorsement: a mission has at most one, and no other starts meanwhile.
IN_PROGRESS_STATUSES = (FrameworkStatus.DRAFT, FrameworkStatus.CONSULTATION, FrameworkStatus.SUBMITTED)
PUBLISHED_STATUSES = (
    FrameworkStatus.ENDORSED,
    FrameworkStatus.SUPERSEDED,
    FrameworkStatus.CLOSED,
)
# Read by the access layer: drafts are seen only by people working on the mission's drafts;
# country-team planners see a framework from consultation on; observers only once published.
FRAMEWORK_VISIBILITY = {
    "unshared": (FrameworkStatus.DRAFT,),
    "published": PUBLISHED_STATUSES,
}


class ResponsibilityRole(models.TextChoices):
    LEAD = "lead", _("Leads")
    CONTRIBUTING = "contributing", _("Contributes")


class IntegrationAreaKind(models.TextChoices):
    DDR = "ddr", _("Disarmament, demobilisation and reintegration")
    RULE_OF_LAW = "rule_of_law", _("Rule of law")
    HUMAN_RIGHTS = "human_rights", _("Human rights")
    PUBLIC_INFORMATION = "public_information", _("Public information")
    ELECTIONS = "elections", _("Elections")
    SSR = "ssr", _("Security sector reform")
    PROTECTION = "protection", _("Protection of civilians")
    RECOVERY = "recovery", _("Early recovery and development")
    OTHER = "other", _("Other")


class IntegrationDepth(models.TextChoices):
    SEPARATE = "separate", _("Separate")
    COORDINATED = "coordinated", _("Coordinated")
    JOINT_PROGRAMME = "joint_programme", _("Joint programme")
    INTEGRATED = "integrated", _("Integrated structure")


class FundingSource(models.TextChoices):
    ASSESSED = "assessed", _("Assessed budget")
    VOLUNTARY = "voluntary", _("Voluntary contributions")
    PBF = "pbf", _("Peacebuilding Fund")
    TRUST_FUND = "trust_fund", _("Trust fund")


class NationalFrameworkKind(models.TextChoices):
    NDP = "ndp", _("National development plan")
    PRSP = "prsp", _("Poverty reduction strategy paper")
    NEW_DEAL = "new_deal", _("New Deal compact")
    UNDAF = "undaf", _("UNDAF")
    COOPERATION = "cooperation", _("Cooperation Framework")
    HUMANITARIAN = "humanitarian", _("Humanitarian plan")
    OTHER = "other", _("Other")


class MechanismLevel(models.TextChoices):
    HEADQUARTERS = "hq", _("Headquarters")
    FIELD = "field", _("Field")


class MechanismKind(models.TextChoices):
    TASK_FORCE = "itf", _("Integrated Task Force")
    LEADERSHIP_FORUM = "leadership", _("Senior leadership forum")
    PLANNING_CAPACITY = "planning", _("Joint analytical and planning capacity")
    OTHER = "other", _("Other")


class CommentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ADDRESSED = "addressed", _("Addressed")
    RESOLVED = "resolved", _("Resolved")


class SignatureDecision(models.TextChoices):
    SIGNED = "signed", _("Signed")
    OBJECTED = "objected", _("Objected")


class LessonLanguage(models.TextChoices):
    """The language a lesson is written in, one of the six of the Organization (its words are
    searched in that language)."""

    ARABIC = "ar", _("Arabic")
    CHINESE = "zh", _("Chinese")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    RUSSIAN = "ru", _("Russian")
    SPANISH = "es", _("Spanish")
