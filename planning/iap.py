"""The four IAP minimum requirements, evaluated live from the data for each mission.

The 2013 Policy on Integrated Assessment and Planning asks every integrated presence for joint
analysis, common priorities, integrated mechanisms and integrated monitoring and reporting. Each
is met, partly met or not met, with the reasons (what is in place and what is missing) and a
link to where the missing piece is recorded. The thresholds are the defaults of DOMAIN.md and
come from `settings.WORKBENCH` (see `rule()`).

`iap_status_for_missions` evaluates any number of missions with the same fixed number of
queries (one per kind of data, never one per mission or per row), so the workspace, the
headquarters overview, the API and the portfolio dashboard share it. The status is a fact about
the mission, computed from all of its data; the reasons name dates and counts, never the content
of drafts or internal assessments, so showing them to anyone who may see the mission is safe.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import BooleanField, DateField, Exists, ExpressionWrapper, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KeyTransform
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from benchmarks.choices import FREQUENCY_MONTHS, ReportState, UpdateState
from benchmarks.models import Indicator, ProgressReport, ProgressUpdate
from frameworks.choices import FrameworkStatus, MechanismKind, ResponsibilityRole
from frameworks.models import (
    IntegratedMechanism,
    IntegratedStrategicFramework,
    Responsibility,
    Result,
    StrategicAssessment,
)
from missions.choices import EntityKind
from missions.models import CountryTeamMember, Mandate, Mission
from planning.models import IAPStanding

MET = "met"
PARTLY_MET = "partly_met"
NOT_MET = "not_met"
OUTCOME_LABELS = {
    MET: gettext_lazy("Met"),
    PARTLY_MET: gettext_lazy("Partly met"),
    NOT_MET: gettext_lazy("Not met"),
}
OUTCOME_SCORE = {MET: 2, PARTLY_MET: 1, NOT_MET: 0}

JOINT_ANALYSIS = "joint_analysis"
COMMON_PRIORITIES = "common_priorities"
INTEGRATED_MECHANISMS = "integrated_mechanisms"
MONITORING_REPORTING = "monitoring_reporting"
REQUIREMENTS = {
    JOINT_ANALYSIS: gettext_lazy("Joint analysis"),
    COMMON_PRIORITIES: gettext_lazy("Common priorities"),
    INTEGRATED_MECHANISMS: gettext_lazy("Integrated mechanisms"),
    MONITORING_REPORTING: gettext_lazy("Integrated monitoring and reporting"),
}

DEFAULTS = {
    "JOINT_ANALYSIS_MAX_AGE_MONTHS": 24,
    "JOINT_ANALYSIS_SINCE_MANDATE": True,
    "FRAMEWORK_REVIEW_MONTHS": 12,
    "IAP_REQUIRED_MECHANISMS": [
        MechanismKind.TASK_FORCE,
        MechanismKind.LEADERSHIP_FORUM,
        MechanismKind.PLANNING_CAPACITY,
    ],
    "UPDATE_GRACE_DAYS": 30,
    "REPORT_DELAY_DAYS": 15,
}

MISSION_SIDE = (EntityKind.MISSION, EntityKind.SECRETARIAT)
SHARED_STATUSES = (FrameworkStatus.CONSULTATION, FrameworkStatus.SUBMITTED)
IN_FORCE = (FrameworkStatus.ENDORSED, FrameworkStatus.CLOSED)


def rule(key: str):
    """A threshold of the evaluation: settings.WORKBENCH[key], or the DOMAIN.md default."""
    return getattr(settings, "WORKBENCH", {}).get(key, DEFAULTS[key])


@dataclass
class Finding:
    """One reason: a check that holds (`ok`) or a missing piece, with where to fix it."""

    text: str
    ok: bool
    url: Link | str = ""  # a Link says what following it needs
    link_text: str = ""


@dataclass
class RequirementStatus:
    key: str
    outcome: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(REQUIREMENTS[self.key])

    @property
    def label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])

    @property
    def score(self) -> int:
        return OUTCOME_SCORE[self.outcome]

    @cached_property
    def missing(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.ok]


@dataclass
class MissionIAP:
    """The four requirements of one mission, in policy order."""

    mission: Mission
    requirements: list[RequirementStatus]
    as_of: dt.date | None = None

    @property
    def by_key(self) -> dict[str, RequirementStatus]:
        return {requirement.key: requirement for requirement in self.requirements}

    @property
    def met_count(self) -> int:
        return sum(1 for requirement in self.requirements if requirement.outcome == MET)

    @property
    def score(self) -> int:
        return sum(requirement.score for requirement in self.requirements)


# ---------- dates ----------


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the end of shorter months."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_reporting_period(*, cycle_months: int, today: dt.date, delay_days: int) -> tuple[dt.date, dt.date]:
    """The latest reporting period, of `cycle_months` counted from January, that ended at least
    `delay_days` before `today` (the time allowed to compile its report)."""
    return due_period(months=cycle_months, today=today, grace_days=delay_days - 1)


def period_containing(day: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """The period of `months` that contains `day`, periods counted from January (as the
    benchmarks app reports them: quarters are January-March, April-June, ...)."""
    index = day.year * 12 + day.month - 1
    start_index = index // months * months
    start = dt.date(start_index // 12, start_index % 12 + 1, 1)
    return start, add_months(start, months) - dt.timedelta(days=1)


def due_period(*, months: int, today: dt.date, grace_days: int) -> tuple[dt.date, dt.date]:
    """The latest period that is overdue on `today` unless an update for it is approved: it ended
    more than `grace_days` ago."""
    cutoff = today - dt.timedelta(days=grace_days + 1)
    start, end = period_containing(cutoff, months)
    return (start, end) if end <= cutoff else period_containing(start - dt.timedelta(days=1), months)


def _date(value: dt.date) -> str:
    return date_format(value, "DATE_FORMAT")


class Link(str):
    """The URL of the page a finding points to, with what following it needs: `action` on
    `target`. The evaluation is the same for everyone; a page offers the link only to a viewer
    who may follow it (templates/planning/includes/iap_panel.html)."""

    def __new__(cls, url: str, action: str = "view", target=None):
        link = super().__new__(cls, url)
        link.action, link.target = action, target
        return link


def _link(name: str, target, action: str = "view") -> Link:
    """The URL of another team's page about `target` (a mission, by acronym, or an object by id)
    once it exists; empty until then."""
    try:
        return Link(reverse(name, args=[target.acronym if isinstance(target, Mission) else target.pk]), action, target)
    except NoReverseMatch:
        return Link("")


def _workspace_anchor(mission: Mission, anchor: str) -> Link:
    return Link(f"{_link('mission-workspace', mission)}#{anchor}", "view", mission)


def _outcome(checks: list[bool], *, gate: bool = True) -> str:
    """Met when every check holds, not met when none does (or a gating condition fails)."""
    if not gate or not any(checks):
        return NOT_MET
    return MET if all(checks) else PARTLY_MET


# ---------- the data, one query per kind ----------


@dataclass
class _Data:
    team: dict[int, set[int]]
    last_mandate: dict[int, dict]
    assessments: dict[int, list[dict]]
    frameworks: dict[int, list[dict]]
    results: dict[int, list[dict]]
    mechanisms: dict[int, list[dict]]
    indicators: dict[int, list[dict]]
    last_report_end: dict[int, dt.date]


def _load(mission_ids: list[int]) -> _Data:
    team: dict[int, set[int]] = defaultdict(set)
    for mission_id, entity_id in CountryTeamMember.objects.filter(mission_id__in=mission_ids).values_list(
        "mission_id", "entity_id"
    ):
        team[mission_id].add(entity_id)

    last_mandate: dict[int, dict] = {}
    for row in (
        Mandate.objects.filter(mission_id__in=mission_ids)
        .order_by("mission_id", "-adopted_on")
        .values("mission_id", "resolution", "adopted_on")
    ):
        last_mandate.setdefault(row["mission_id"], row)

    assessments: dict[int, list[dict]] = defaultdict(list)
    by_id: dict[int, dict] = {}
    for row in (
        StrategicAssessment.objects.filter(mission_id__in=mission_ids)
        .order_by("mission_id", "-started_on")
        .values("id", "mission_id", "started_on", "completed_on", "lead_entity_id", "lead_entity__kind")
    ):
        row["entities"] = {(row["lead_entity_id"], row["lead_entity__kind"])}
        by_id[row["id"]] = row
        assessments[row["mission_id"]].append(row)
    through = StrategicAssessment.participants.through
    for assessment_id, entity_id, kind in through.objects.filter(
        strategicassessment__mission_id__in=mission_ids
    ).values_list("strategicassessment_id", "entity_id", "entity__kind"):
        by_id[assessment_id]["entities"].add((entity_id, kind))

    frameworks: dict[int, list[dict]] = defaultdict(list)
    endorsed_ids = []
    for row in (
        IntegratedStrategicFramework.objects.filter(mission_id__in=mission_ids)
        .exclude(status=FrameworkStatus.DRAFT)
        .order_by("mission_id", "-version")
        .values("id", "mission_id", "status", "version", "period_start", "period_end", "endorsed_on", "reviewed_on")
    ):
        frameworks[row["mission_id"]].append(row)
        if row["status"] in IN_FORCE:
            endorsed_ids.append(row["id"])

    results: dict[int, list[dict]] = defaultdict(list)
    lead = Responsibility.objects.filter(result=OuterRef("pk"), role=ResponsibilityRole.LEAD)
    measured = Indicator.objects.filter(benchmark__results=OuterRef("pk"))
    for row in (
        Result.objects.filter(priority__framework_id__in=endorsed_ids)
        .annotate(has_lead=Exists(lead), has_indicator=Exists(measured))
        .values("id", "priority__framework_id", "timeline_start", "timeline_end", "has_lead", "has_indicator")
    ):
        results[row["priority__framework_id"]].append(row)

    mechanisms: dict[int, list[dict]] = defaultdict(list)
    mechanism_by_id: dict[int, dict] = {}
    for row in (
        IntegratedMechanism.objects.filter(mission_id__in=mission_ids)
        .annotate(last_met=Max("meetings__held_on"))
        .values("id", "mission_id", "kind", "is_active", "cadence_days", "chair_id", "chair__kind", "last_met")
    ):
        row["entities"] = {(row["chair_id"], row["chair__kind"])}
        mechanism_by_id[row["id"]] = row
        mechanisms[row["mission_id"]].append(row)
    members = IntegratedMechanism.members.through
    for mechanism_id, entity_id, kind in members.objects.filter(
        integratedmechanism_id__in=list(mechanism_by_id)
    ).values_list("integratedmechanism_id", "entity_id", "entity__kind"):
        mechanism_by_id[mechanism_id]["entities"].add((entity_id, kind))

    indicators: dict[int, list[dict]] = defaultdict(list)
    # The end of the latest approved period: one lookup per indicator on the update_latest_by_state
    # index (indicator, state, -period_start) instead of aggregating every update of the mission.
    # An indicator's periods do not overlap, so the latest start has the latest end.
    latest_approved = ProgressUpdate.objects.filter(indicator=OuterRef("pk"), state=UpdateState.APPROVED).order_by(
        "-period_start"
    )
    for row in (
        Indicator.objects.filter(benchmark__mission_id__in=mission_ids)
        .annotate(covered_until=Subquery(latest_approved.values("period_end")[:1], output_field=DateField()))
        .values("id", "benchmark__mission_id", "frequency", "baseline_date", "target_date", "covered_until")
    ):
        indicators[row["benchmark__mission_id"]].append(row)

    last_report_end = dict(
        ProgressReport.objects.filter(mission_id__in=mission_ids, state=ReportState.DONE)
        .values("mission_id")
        .annotate(last_end=Max("period_end"))
        .values_list("mission_id", "last_end")
    )
    return _Data(team, last_mandate, assessments, frameworks, results, mechanisms, indicators, last_report_end)


def framework_in_force(mission: Mission, frameworks: list[dict]) -> dict | None:
    """The endorsed version; for a closed mission, the version closed with it (the latest one)."""
    endorsed = next((f for f in frameworks if f["status"] == FrameworkStatus.ENDORSED), None)
    if endorsed is None and mission.closed_on:
        endorsed = next((f for f in frameworks if f["status"] == FrameworkStatus.CLOSED and f["endorsed_on"]), None)
    return endorsed


def _sides(entities: set[tuple[int, str]], team: set[int]) -> tuple[bool, bool]:
    """Whether a mission-side entity and a country-team entity are among `entities`."""
    mission_side = any(kind in MISSION_SIDE for _pk, kind in entities)
    unct = any(kind == EntityKind.AFP or (pk in team and kind not in MISSION_SIDE) for pk, kind in entities)
    return mission_side, unct


# ---------- the four requirements ----------


def _joint_analysis(mission: Mission, data: _Data, today: dt.date) -> RequirementStatus:
    max_age = rule("JOINT_ANALYSIS_MAX_AGE_MONTHS")
    threshold = add_months(today, -max_age)
    mandate = data.last_mandate.get(mission.pk)
    if rule("JOINT_ANALYSIS_SINCE_MANDATE") and mandate:
        threshold = min(threshold, mandate["adopted_on"])
    link = _link("frameworks:assessment-list", mission) or _workspace_anchor(mission, "assessments")
    add = _link("frameworks:assessment-create", mission, "add") or link
    assessments = data.assessments.get(mission.pk, [])
    if not assessments:
        finding = Finding(_("No strategic assessment is recorded."), False, add, _("Record an assessment"))
        return RequirementStatus(JOINT_ANALYSIS, NOT_MET, [finding])

    team = data.team.get(mission.pk, set())
    current = [a for a in assessments if a["completed_on"] and a["completed_on"] >= threshold]
    findings: list[Finding] = []
    if current:
        best = max(current, key=lambda a: (sum(_sides(a["entities"], team)), a["completed_on"]))
        findings.append(
            Finding(
                _("A strategic assessment was completed on %(date)s.") % {"date": _date(best["completed_on"])},
                True,
            )
        )
        mission_side, unct = _sides(best["entities"], team)
    else:
        ongoing = [a for a in assessments if not a["completed_on"]]
        completed = [a["completed_on"] for a in assessments if a["completed_on"]]
        if ongoing:
            text = _("An assessment started on %(date)s is not completed yet.") % {
                "date": _date(ongoing[0]["started_on"])
            }
        else:
            text = _("The latest assessment was completed on %(date)s, before %(threshold)s.") % {
                "date": _date(max(completed)),
                "threshold": _date(threshold),
            }
        if mandate and rule("JOINT_ANALYSIS_SINCE_MANDATE"):
            text += " " + _("An assessment is due every %(months)s months or after each new mandate.") % {
                "months": max_age
            }
        findings.append(Finding(text, False, link, _("Assessments")))
        newest = assessments[0]
        mission_side, unct = _sides(newest["entities"], team)
    findings.append(
        Finding(_("The mission or a Secretariat department took part."), True)
        if mission_side
        else Finding(_("No mission-side entity took part in the assessment."), False, link, _("Assessments"))
    )
    findings.append(
        Finding(_("A country-team entity took part."), True)
        if unct
        else Finding(_("No entity of the UN country team took part in the assessment."), False, link, _("Assessments"))
    )
    return RequirementStatus(JOINT_ANALYSIS, _outcome([f.ok for f in findings]), findings)


def _common_priorities(mission: Mission, data: _Data, today: dt.date) -> RequirementStatus:
    frameworks = data.frameworks.get(mission.pk, [])
    endorsed = framework_in_force(mission, frameworks)
    create = _link("frameworks:framework-create", mission, "add") or _workspace_anchor(mission, "framework")
    if endorsed is None:
        shared = next((f for f in frameworks if f["status"] in SHARED_STATUSES), None)
        if shared:
            status = FrameworkStatus(shared["status"]).label
            finding = Finding(
                _("No endorsed framework yet: version %(version)s is %(status)s.")
                % {"version": shared["version"], "status": str(status).lower()},
                False,
                _link("frameworks:framework-detail", IntegratedStrategicFramework(pk=shared["id"])) or create,
                _("Open the framework"),
            )
            return RequirementStatus(COMMON_PRIORITIES, PARTLY_MET, [finding])
        finding = Finding(_("No endorsed Integrated Strategic Framework."), False, create, _("Start a framework"))
        return RequirementStatus(COMMON_PRIORITIES, NOT_MET, [finding])

    endorsed_version = IntegratedStrategicFramework(pk=endorsed["id"])
    link = _link("frameworks:framework-detail", endorsed_version) or _workspace_anchor(mission, "framework")
    findings = [
        Finding(
            _("Version %(version)s was endorsed on %(date)s.")
            % {"version": endorsed["version"], "date": _date(endorsed["endorsed_on"])},
            True,
        )
    ]
    if endorsed["period_start"] <= today <= endorsed["period_end"]:
        findings.append(Finding(_("Its period runs to %(date)s.") % {"date": _date(endorsed["period_end"])}, True))
    else:
        findings.append(
            Finding(
                (
                    _("Its period (%(start)s to %(end)s) has ended.")
                    if today > endorsed["period_end"]
                    else _("Its period (%(start)s to %(end)s) has not started.")
                )
                % {"start": _date(endorsed["period_start"]), "end": _date(endorsed["period_end"])},
                False,
                create,
                _("Start a new version"),
            )
        )
    months = rule("FRAMEWORK_REVIEW_MONTHS")
    reviewed = max(d for d in (endorsed["reviewed_on"], endorsed["endorsed_on"]) if d)
    if reviewed >= add_months(today, -months):
        findings.append(Finding(_("Last reviewed on %(date)s.") % {"date": _date(reviewed)}, True))
    else:
        findings.append(
            Finding(
                _("Not reviewed in the last %(months)s months (last on %(date)s).")
                % {"months": months, "date": _date(reviewed)},
                False,
                link,
                _("Open the framework"),
            )
        )
    results = data.results.get(endorsed["id"], [])
    if not results:
        findings.append(Finding(_("The framework has no results."), False, link, _("Open the framework")))
    else:
        no_lead = sum(1 for r in results if not r["has_lead"])
        no_timeline = sum(1 for r in results if not (r["timeline_start"] and r["timeline_end"]))
        findings.append(
            Finding(_("Every result has a lead entity."), True)
            if not no_lead
            else Finding(
                ngettext("%(count)s result has no lead entity.", "%(count)s results have no lead entity.", no_lead)
                % {"count": no_lead},
                False,
                link,
                _("Open the framework"),
            )
        )
        findings.append(
            Finding(_("Every result has a timeline."), True)
            if not no_timeline
            else Finding(
                ngettext(
                    "%(count)s result has no complete timeline.",
                    "%(count)s results have no complete timeline.",
                    no_timeline,
                )
                % {"count": no_timeline},
                False,
                link,
                _("Open the framework"),
            )
        )
    return RequirementStatus(COMMON_PRIORITIES, MET if all(f.ok for f in findings) else PARTLY_MET, findings)


def _integrated_mechanisms(mission: Mission, data: _Data, today: dt.date) -> RequirementStatus:
    team = data.team.get(mission.pk, set())
    link = _link("frameworks:mechanism-list", mission) or _workspace_anchor(mission, "mechanisms")
    add = _link("frameworks:mechanism-create", mission, "add") or link
    findings: list[Finding] = []
    present = []
    for kind in rule("IAP_REQUIRED_MECHANISMS"):
        name = MechanismKind(kind).label
        # A closed mission's mechanisms were wound up with it; judge them as they stood.
        candidates = [
            m
            for m in data.mechanisms.get(mission.pk, [])
            if m["kind"] == kind and (m["is_active"] or mission.closed_on)
        ]
        present.append(bool(candidates))
        if not candidates:
            findings.append(
                Finding(_("No active %(kind)s.") % {"kind": str(name).lower()}, False, add, _("Record a mechanism"))
            )
            continue

        def quality(m):
            sides = _sides(m["entities"], team)
            on_time = bool(m["last_met"]) and m["last_met"] + dt.timedelta(days=m["cadence_days"]) >= today
            return (sum(sides) + on_time, m["last_met"] or dt.date.min)

        best = max(candidates, key=quality)
        mission_side, unct = _sides(best["entities"], team)
        problems = []
        if not mission_side:
            problems.append(_("has no mission-side member"))
        if not unct:
            problems.append(_("has no country-team member"))
        if not best["last_met"]:
            problems.append(_("has no recorded meeting"))
        elif best["last_met"] + dt.timedelta(days=best["cadence_days"]) < today:
            problems.append(
                _("last met on %(date)s, more than %(days)s days ago")
                % {"date": _date(best["last_met"]), "days": best["cadence_days"]}
            )
        target = _link("frameworks:mechanism-detail", IntegratedMechanism(pk=best["id"])) or link
        if problems:
            findings.append(
                Finding(
                    _("The %(kind)s %(problems)s.") % {"kind": str(name).lower(), "problems": "; ".join(problems)},
                    False,
                    target,
                    _("Open the mechanism"),
                )
            )
        else:
            findings.append(
                Finding(
                    _("The %(kind)s has mission and country-team members and met on %(date)s.")
                    % {"kind": str(name).lower(), "date": _date(best["last_met"])},
                    True,
                )
            )
    # Mechanisms that exist but fall short are a partial answer; none at all is no answer.
    outcome = (MET if all(f.ok for f in findings) else PARTLY_MET) if any(present) else NOT_MET
    return RequirementStatus(INTEGRATED_MECHANISMS, outcome, findings)


def _monitoring_reporting(mission: Mission, data: _Data, today: dt.date) -> RequirementStatus:
    benchmarks = _link("benchmarks:benchmark-list", mission) or _workspace_anchor(mission, "iap")
    queue = _link("benchmarks:update-queue", mission, "approve_update") or benchmarks
    reports = _link("benchmarks:report-list", mission) or benchmarks
    indicators = data.indicators.get(mission.pk, [])
    findings: list[Finding] = []

    endorsed = framework_in_force(mission, data.frameworks.get(mission.pk, []))
    if endorsed is None:
        findings.append(
            Finding(
                _("No endorsed framework whose results indicators could measure."), False, benchmarks, _("Benchmarks")
            )
        )
    else:
        results = data.results.get(endorsed["id"], [])
        unmeasured = sum(1 for r in results if not r["has_indicator"])
        if not results:
            findings.append(
                Finding(_("The endorsed framework has no results to measure."), False, benchmarks, _("Benchmarks"))
            )
        elif unmeasured:
            findings.append(
                Finding(
                    ngettext(
                        "%(count)s result of the framework has no indicator with a baseline and target.",
                        "%(count)s results of the framework have no indicator with a baseline and target.",
                        unmeasured,
                    )
                    % {"count": unmeasured},
                    False,
                    benchmarks,
                    _("Benchmarks"),
                )
            )
        else:
            findings.append(Finding(_("Every result has an indicator with a baseline and target."), True))

    late = stale = 0
    for indicator in indicators:
        months = FREQUENCY_MONTHS.get(indicator["frequency"], 3)
        covered = indicator["covered_until"] or indicator["baseline_date"]
        due_start, due_end = due_period(months=months, today=today, grace_days=rule("UPDATE_GRACE_DAYS"))
        if covered >= indicator["target_date"] or covered >= due_end or due_end <= indicator["baseline_date"]:
            continue
        previous_end = due_start - dt.timedelta(days=1)
        if covered < previous_end and previous_end > indicator["baseline_date"]:
            stale += 1
        else:
            late += 1
    if not indicators:
        findings.append(Finding(_("No indicators are recorded."), False, benchmarks, _("Benchmarks")))
    elif stale:
        findings.append(
            Finding(
                ngettext(
                    "%(count)s indicator has no approved update for more than one period.",
                    "%(count)s indicators have no approved update for more than one period.",
                    stale,
                )
                % {"count": stale},
                False,
                queue,
                _("Progress updates"),
            )
        )
    else:
        text = _("No update is overdue by more than one period.")
        if late:
            text += " " + ngettext(
                "%(count)s update is overdue within its period.",
                "%(count)s updates are overdue within their period.",
                late,
            ) % {"count": late}
        findings.append(Finding(text, True))

    start, end = last_reporting_period(
        cycle_months=mission.reporting_cycle_months, today=today, delay_days=rule("REPORT_DELAY_DAYS")
    )
    last_end = data.last_report_end.get(mission.pk)
    if end < mission.established_on:
        findings.append(Finding(_("No reporting period has ended yet."), True))
    elif last_end and last_end >= end:
        findings.append(Finding(_("A progress report covers the period ending %(date)s.") % {"date": _date(end)}, True))
    else:
        findings.append(
            Finding(
                _("No progress report compiled for %(start)s to %(end)s.") % {"start": _date(start), "end": _date(end)},
                False,
                reports,
                _("Progress reports"),
            )
        )
    return RequirementStatus(MONITORING_REPORTING, _outcome([f.ok for f in findings], gate=bool(indicators)), findings)


EVALUATORS = (_joint_analysis, _common_priorities, _integrated_mechanisms, _monitoring_reporting)


def iap_status_for_missions(
    missions: QuerySet | Iterable[Mission],
    today: dt.date | None = None,
    *,
    report_ends: dict[int, dt.date] | None = None,
) -> dict[int, MissionIAP]:
    """{mission id: MissionIAP} for `missions` (a queryset, already restricted by the caller, or
    a list of missions already loaded), in at most ten queries whatever their number (eleven
    with a queryset). `report_ends` ({mission id: period end}) counts reports being compiled as
    compiled: a report's own IAP section knows the report exists."""
    today = today or timezone.localdate()
    missions = list(missions)
    if not missions:
        return {}
    data = _load([mission.pk for mission in missions])
    for pk, end in (report_ends or {}).items():
        if end and (data.last_report_end.get(pk) is None or data.last_report_end[pk] < end):
            data.last_report_end[pk] = end
    statuses = {}
    for mission in missions:
        # A closed mission is judged as it stood on its last day, not against today's calendar.
        as_of = min(today, mission.closed_on) if mission.closed_on else today
        statuses[mission.pk] = MissionIAP(mission, [evaluate(mission, data, as_of) for evaluate in EVALUATORS], as_of)
    return statuses


def iap_status_for_mission(
    mission: Mission, today: dt.date | None = None, *, report_end: dt.date | None = None
) -> MissionIAP:
    return iap_status_for_missions([mission], today, report_ends={mission.pk: report_end})[mission.pk]


# ---------- kept: the IAP standing of each mission ----------


def iap_standings(
    missions: QuerySet | Iterable[Mission], today: dt.date | None = None, *, reasons: bool = True
) -> dict[int, MissionIAP]:
    """{mission id: MissionIAP} as kept in `IAPStanding`, in the active language. The writing
    transaction marks a mission's row and, on commit, evaluates it again (`refresh_marked`); a
    row still found marked (a write outside a transaction, or an evaluation that failed), whose
    date moved on or that lacks a language is evaluated here, all such missions together, and
    kept. Two queries when every row is current. Without `reasons`, the outcomes only (a list of
    missions shows no reasons)."""
    today = today or timezone.localdate()
    language = get_language() or settings.LANGUAGE_CODE
    missions = list(missions)
    if not missions:
        return {}
    by_id = {mission.pk: mission for mission in missions}
    rows = {row.pk: row for row in _kept_rows(by_id, language if reasons else None)}
    missing = [pk for pk in by_id if pk not in rows]
    if missing:
        # Rows exist before the data is read, so a write during the evaluation marks them.
        try:
            with transaction.atomic():
                IAPStanding.objects.bulk_create([IAPStanding(mission_id=pk) for pk in missing], ignore_conflicts=True)
        except IntegrityError:  # a mission deleted meanwhile
            pass
        rows.update({row.pk: row for row in _kept_rows(missing, language if reasons else None)})
    due = [by_id[pk] for pk, row in rows.items() if _is_due(row, by_id[pk], today)]
    if due:
        _evaluate_and_keep(due, rows, today)
    return {pk: _from_row(by_id[pk], row, language if reasons else None) for pk, row in rows.items()}


def refresh_marked() -> int:
    """Evaluate again, in every language, the missions whose standing a write has marked (or that
    have none yet: a new mission); run by
    the writing transaction on commit (`iap_mark_changed`). Returns how many were evaluated."""
    missions = list(
        Mission.objects.filter(
            Q(iap_standing__isnull=True) | Q(iap_standing__version__gt=F("iap_standing__computed_version"))
        )
    )
    if missions:
        iap_standings(missions)
    return len(missions)


def _kept_rows(mission_ids, language: str | None):
    """The kept rows, with the reasons of `language` only (and of the default language, for a
    language evaluated later) rather than of every language; none when `language` is None."""
    codes = [code for code, _name in settings.LANGUAGES]
    rows = (
        IAPStanding.objects.filter(mission_id__in=mission_ids)
        .defer("findings")
        .annotate(has_languages=ExpressionWrapper(Q(findings__has_keys=codes), output_field=BooleanField()))
    )
    if language:
        rows = rows.annotate(
            language_findings=KeyTransform(language, "findings"),
            default_findings=KeyTransform(settings.LANGUAGE_CODE, "findings"),
        )
    return rows


def _is_due(row, mission: Mission, today: dt.date) -> bool:
    return row.computed_version != row.version or row.as_of != _mission_date(mission, today) or not row.has_languages


def _evaluate_and_keep(due: list[Mission], rows: dict, today: dt.date) -> None:
    """The data of the `due` missions read once, each evaluated in every language of the
    workbench (the reasons are sentences), and their rows saved in one query. The version read
    before the evaluation is the one it is current for: a write meanwhile has raised `version`."""
    data = _load([mission.pk for mission in due])
    kept = []
    for mission in due:
        row = rows[mission.pk]
        as_of = _mission_date(mission, today)
        findings = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                status = MissionIAP(mission, [evaluate(mission, data, as_of) for evaluate in EVALUATORS], as_of)
            findings[code] = {
                requirement.key: [_finding_row(finding) for finding in requirement.findings]
                for requirement in status.requirements
            }
        row.findings = findings
        for requirement in status.requirements:
            setattr(row, requirement.key, requirement.outcome)
        row.met, row.score, row.as_of, row.computed_version = status.met_count, status.score, as_of, row.version
        kept.append(row)
    IAPStanding.objects.bulk_update(kept, [*REQUIREMENTS, "met", "score", "findings", "as_of", "computed_version"])


def _mission_date(mission: Mission, today: dt.date) -> dt.date:
    return min(today, mission.closed_on) if mission.closed_on else today


def _finding_row(finding: Finding) -> list:
    """A finding as kept: its text, whether it holds, and its link with what following it needs
    (the action and the target's model and id)."""
    url = finding.url
    target = getattr(url, "target", None)
    return [
        finding.text,
        finding.ok,
        str(url),
        str(finding.link_text),
        getattr(url, "action", "view"),
        target._meta.label if target is not None else "",
        target.pk if target is not None else None,
    ]


def _from_row(mission: Mission, row, language: str | None) -> MissionIAP:
    """The kept outcomes, with the reasons in `language` (none when None)."""
    if not language:
        findings = {}
    elif "findings" in row.__dict__:  # evaluated just now: every language at hand
        findings = row.findings.get(language) or row.findings.get(settings.LANGUAGE_CODE) or {}
    else:
        findings = row.language_findings or row.default_findings or {}
    return MissionIAP(
        mission,
        [
            RequirementStatus(key, getattr(row, key), [_finding(mission, *kept) for kept in findings.get(key, [])])
            for key in REQUIREMENTS
        ],
        row.as_of,
    )


def _finding(mission: Mission, text, ok, url, link_text, action="view", label="", pk=None) -> Finding:
    if label == "missions.Mission" and pk == mission.pk:
        target = mission
    elif label:
        target = apps.get_model(label)(pk=pk)
    else:
        target = None
    return Finding(text, ok, Link(url, action, target) if url else "", link_text)


def iap_mark_changed(missions=None) -> int:
    """Raise the version of the IAP standing of `missions` (ids, a queryset of ids, or None for
    every mission), in the writing transaction; when that transaction commits, the marked missions
    are evaluated again (`refresh_marked`), so the next reader finds them current."""
    rows = IAPStanding.objects.all() if missions is None else IAPStanding.objects.filter(mission_id__in=missions)
    marked = rows.update(version=F("version") + 1)
    if transaction.get_connection().in_atomic_block:
        # Robust: an evaluation that fails leaves the rows marked for the next reader. A
        # transaction that marks many rows runs it once per mark; all but the first find
        # nothing marked (one query).
        transaction.on_commit(refresh_marked, robust=True)
    return marked
