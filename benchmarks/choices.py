from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    FOUR_MONTHLY = "four_monthly", _("Every four months")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")


FREQUENCY_MONTHS = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.FOUR_MONTHLY: 4,
    Frequency.HALF_YEARLY: 6,
    Frequency.YEARLY: 12,
}


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum over periods")
    LATEST = "latest", _("Latest value")
    MAX = "max", _("Highest value")
    AVERAGE = "average", _("Average")


class ProgressStatus(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NOT_ASSESSED = "not_assessed", _("Not assessed")


STATUS_TONE = {
    ProgressStatus.ACHIEVED: "green",
    ProgressStatus.ON_TRACK: "green",
    ProgressStatus.AT_RISK: "amber",
    ProgressStatus.OFF_TRACK: "red",
    ProgressStatus.NOT_ASSESSED: "grey",
}


class UpdateState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


class GapCategory(models.TextChoices):
    STAFF = "staff", _("Staff")
    SKILLS = "skills", _("Skills")
    FUNDS = "funds", _("Funds")
    ASSETS = "assets", _("Assets")


class GapStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PARTLY_ADDRESSED = "partly", _("Partly addressed")
    CLOSED = "closed", _("Closed")


class ReportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ReportEdition(models.TextChoices):
    """What a reader asks for: every indicator with its trend, or the benchmarks with the
    indicators that most need attention."""

    FULL = "full", _("Full edition")
    SUMMARY = "summary", _("Summary edition")


# The files a report can have, in the order the page offers them.
REPORT_FORMATS = ("pdf", "xlsx", "docx", "html")


class ImportState(models.TextChoices):
    """An Excel upload's run: done means every row was read (stored, or refused with row errors);
    failed means the run itself could not finish."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


# Read by the access layer (missions.access_matrix keeps the same states; a test holds them equal):
# people working on the mission see every state; the country team sees approved updates, plus every
# update of the indicators their own entity is responsible for; observers see approved updates and
# finished reports only.
UPDATE_VISIBILITY = {
    "all": tuple(UpdateState.values),
    "shared": (UpdateState.APPROVED,),
    "own_entity": tuple(UpdateState.values),
    "published": (UpdateState.APPROVED,),
}
REPORT_VISIBILITY = {
    "all": tuple(ReportState.values),
    "shared": (ReportState.DONE,),
    "published": (ReportState.DONE,),
}


class ReviewKind(models.TextChoices):
    REVIEW = "review", _("Mandate review")
    RENEWAL = "renewal", _("Mandate renewal")


class CommitmentSide(models.TextChoices):
    """Who made a commitment of the compact: the UN (mission and country team) or the host
    government."""

    UN = "un", _("UN")
    GOVERNMENT = "government", _("Government")


class CommitmentStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    DELAYED = "delayed", _("Delayed")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
