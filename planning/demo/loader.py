"""Turn the demo facts into rows, idempotently.

Every object is looked up by its natural key (entity code, mission acronym, mandate resolution,
framework version, priority order, ...). A row that exists is left exactly as it is: never saved
again, so `updated_at` and the history stay unchanged on a second run. New rows are validated with
`full_clean()` before they are saved, so the demo data obeys the same rules as data entered in the
workbench.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Model

from benchmarks.choices import FREQUENCY_MONTHS, Aggregation, ProgressStatus, UpdateState
from benchmarks.models import (
    Benchmark,
    CapacityGap,
    CapacityGapReview,
    Commitment,
    CommitmentUpdate,
    Compact,
    Indicator,
    ProgressUpdate,
)
from benchmarks.periods import due_period
from frameworks.choices import FrameworkStatus, ResponsibilityRole
from frameworks.models import (
    Comment,
    FundingLine,
    IntegratedMechanism,
    IntegratedStrategicFramework,
    IntegrationArea,
    MechanismMeeting,
    NationalAlignment,
    Priority,
    Responsibility,
    Result,
    Signature,
    StrategicAssessment,
)
from frameworks.selectors import consultation_days
from missions.access import sync_user_permissions
from missions.models import (
    CountryTeamMember,
    Entity,
    LeadershipPost,
    Mandate,
    MandateTask,
    Membership,
    Mission,
    PhaseChange,
)
from planning.demo import compacts, facts
from planning.demo.series import Increments, Series, periods, status_for

MEETING_DECISIONS = {
    "itf": [
        "Reviewed progress against the benchmarks before the Secretary-General's report (illustrative).",
        "Agreed headquarters input to the framework review (illustrative).",
        "Discussed funding gaps with the Peacebuilding Support Office (illustrative).",
    ],
    "leadership": [
        "Agreed joint messages on the political situation (illustrative).",
        "Reviewed protection and access concerns raised by the country team (illustrative).",
        "Endorsed the quarterly progress summary (illustrative).",
    ],
    "planning": [
        "Consolidated the quarterly progress updates (illustrative).",
        "Prepared the draft framework review (illustrative).",
        "Updated the risk register and the benchmark dashboard (illustrative).",
    ],
    "other": ["Met as planned (illustrative)."],
}

STATUS_WORDS = {
    ProgressStatus.ACHIEVED: "Target reached",
    ProgressStatus.ON_TRACK: "On track",
    ProgressStatus.AT_RISK: "Behind plan",
    ProgressStatus.OFF_TRACK: "Well behind plan",
    ProgressStatus.NOT_ASSESSED: "Not assessed",
}


# "N people this quarter, M in total": the period a `sum` indicator's narrative speaks of.
PERIOD_WORDS = {
    "monthly": "month",
    "quarterly": "quarter",
    "four_monthly": "period",
    "half_yearly": "half-year",
    "yearly": "year",
}


def iso(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def at_nine(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.UTC)


# Versions whose leads have signed (a submitted one waits for signatures, but the demo's are given).
SIGNED_STATUSES = (FrameworkStatus.SUBMITTED, FrameworkStatus.ENDORSED, FrameworkStatus.SUPERSEDED)


class DemoLoader:
    """Loads entities, users, the five missions with everything they hold, and memberships."""

    def __init__(self, *, today: dt.date):
        self.today = today
        self.created: Counter[type[Model]] = Counter()
        self.entities: dict[str, Entity] = {}
        self.users: dict[str, Model] = {}

    # Generic idempotent creation -------------------------------------------------------------

    def ensure(self, model: type[Model], lookup: dict, defaults: dict | None = None, m2m: dict | None = None):
        """The row matching `lookup`, created (validated, with `m2m` set) only when missing."""
        # order_by("pk") keeps Meta.ordering's joins out of a lookup that returns at most one row.
        obj = model._default_manager.filter(**lookup).order_by("pk").first()
        if obj is not None:
            return obj
        obj = model(**lookup, **(defaults or {}))
        obj.full_clean()
        obj.save()
        for name, values in (m2m or {}).items():
            getattr(obj, name).set(values)
        self.created[model] += 1
        return obj

    def entity(self, code: str) -> Entity:
        return self.entities[code]

    # The whole dataset -----------------------------------------------------------------------

    @transaction.atomic
    def load(self) -> Counter:
        self.load_entities()
        self.load_users()
        for mission_facts in facts.MISSIONS:
            self.load_mission(mission_facts)
        self.load_memberships()
        return self.created

    def load_entities(self) -> None:
        for code, name, kind in facts.ENTITIES:
            # Host-government bodies carry their country's ISO code before the dash (LR-LNP).
            country = code.split("-")[0] if kind == "government" else ""
            self.entities[code] = self.ensure(Entity, {"code": code}, {"name": name, "kind": kind, "country": country})

    def load_users(self) -> None:
        User = get_user_model()
        password_hash = None
        for username, first, last, _role, _entity, _missions, superuser in facts.DEMO_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@demo.example.org",
                    is_staff=superuser,
                    is_superuser=superuser,
                )
                # One hash for the one shared demo password: hashing is deliberately slow (Argon2).
                password_hash = password_hash or make_password(facts.DEMO_PASSWORD)
                user.password = password_hash
                user.full_clean()
                user.save()
                self.created[User] += 1
            self.users[username] = user

    def load_memberships(self) -> None:
        missions = {m.acronym: m for m in Mission.objects.filter(acronym__in=[f["acronym"] for f in facts.MISSIONS])}
        for username, _first, _last, role, entity, acronyms, _superuser in facts.DEMO_USERS:
            user = self.users[username]
            membership = self.ensure(
                Membership,
                {"user": user, "entity": self.entity(entity), "role": role},
                m2m={"missions": [missions[a] for a in acronyms]},
            )
            add_missions(membership, [missions[a] for a in acronyms])
            sync_user_permissions(user)

    # One mission -----------------------------------------------------------------------------

    def load_mission(self, f: dict) -> Mission:
        mission = self.ensure(
            Mission,
            {"acronym": f["acronym"]},
            {
                "name": f["name"],
                "country": f["country"],
                "mission_type": f["mission_type"],
                "lead_department": self.entity(f["lead"]),
                "entity": self.entity(f["acronym"]),
                "reporting_cycle_months": f["reporting_cycle_months"],
                "phase": f["phase"],
                "structurally_integrated": f["structurally_integrated"],
                "established_on": iso(f["established_on"]),
                "closed_on": iso(f["closed_on"]),
                "illustrative": f["illustrative"],
            },
        )
        for started_on, phase, note in f["phases"]:
            self.ensure(
                PhaseChange, {"mission": mission, "started_on": iso(started_on)}, {"phase": phase, "note": note}
            )
        for post in f["leadership"]:
            self.ensure(
                LeadershipPost,
                {"mission": mission, "kind": post["kind"], "title": post["title"]},
                {
                    "holder": post["holder"],
                    "is_resident_coordinator": post["rc"],
                    "is_humanitarian_coordinator": post["hc"],
                    "is_resident_representative": post["rr"],
                },
            )
        for code in f["country_team"]:
            self.ensure(
                CountryTeamMember,
                {"mission": mission, "entity": self.entity(code)},
                {"head": facts.HEAD_TITLES.get(code, "Head of office")},
            )
        mandates, tasks = self.load_mandates(mission, f)
        for a in f["assessments"]:
            self.load_assessment(mission, a)
        for m in f["mechanisms"]:
            self.load_mechanism(mission, m)
        results: dict[tuple[int, int, int], Result] = {}
        frameworks: dict[int, IntegratedStrategicFramework] = {}
        for fw in f["frameworks"]:
            frameworks[fw["version"]] = self.load_framework(mission, fw, frameworks, tasks, results)
        for order, b in enumerate(f["benchmarks"], start=1):
            self.load_benchmark(mission, f, order, b, tasks, results)
        for gap in f["capacity_gaps"]:
            self.load_gap(mission, gap, mandates)
        self.load_government_roles(mission, frameworks)
        self.load_compact(mission, frameworks)
        return mission

    def load_government_roles(self, mission: Mission, frameworks: dict) -> None:
        """Host-government bodies leading or contributing to results of every version."""
        for framework in frameworks.values():
            for p_order, r_order, code, role in compacts.GOVERNMENT_RESPONSIBILITIES.get(mission.acronym, ()):
                result = Result.objects.filter(
                    priority__framework=framework, priority__order=p_order, order=r_order
                ).first()
                if result is None:
                    continue
                entity = self.entity(code)
                self.ensure(Responsibility, {"result": result, "entity": entity}, {"role": role})
                if role == "lead" and framework.status in SIGNED_STATUSES:
                    # A body that leads a result signs the framework for itself, as every lead does.
                    signer = next(
                        (
                            self.users[username]
                            for username, _first, _last, _role, entity_code, missions, _admin in facts.DEMO_USERS
                            if entity_code == code and mission.acronym in missions
                        ),
                        None,
                    )
                    if signer is not None:
                        self.ensure(
                            Signature,
                            {"framework": framework, "entity": entity},
                            {"signed_by": signer, "decision": "signed"},
                        )

    def load_compact(self, mission: Mission, frameworks: dict) -> None:
        """The mission's compact, its commitments on both sides and their reviewed updates."""
        f = compacts.COMPACTS.get(mission.acronym)
        if f is None:
            return

        def day(value) -> dt.date:
            return self.today + dt.timedelta(days=value) if isinstance(value, int) else iso(value)

        compact = self.ensure(
            Compact, {"mission": mission, "title": f["title"]}, {"starts": day(f["starts"]), "ends": day(f["ends"])}
        )
        latest = frameworks[max(frameworks)] if frameworks else None
        approver = self.users[facts.APPROVERS[mission.acronym]]
        for side, code, due, priority_order, text, updates in f["commitments"]:
            priority = latest.priorities.filter(order=priority_order).first() if latest else None
            commitment = self.ensure(
                Commitment,
                {"compact": compact, "text": text},
                {"side": side, "owner": self.entity(code), "due_on": day(due), "priority": priority},
            )
            submitter = next(
                (self.users[u[0]] for u in facts.DEMO_USERS if u[4] == code and mission.acronym in u[5]), approver
            )
            for as_of, status, narrative, state in updates:
                when = dt.datetime.combine(day(as_of), dt.time(12), tzinfo=dt.UTC)
                self.ensure(
                    CommitmentUpdate,
                    {"commitment": commitment, "as_of": day(as_of)},
                    {
                        "status": status,
                        "narrative": narrative,
                        "state": state,
                        "submitted_by": submitter,
                        "submitted_at": when,
                        "approved_by": approver if state == UpdateState.APPROVED else None,
                        "approved_at": when if state == UpdateState.APPROVED else None,
                    },
                )

    def load_mandates(self, mission: Mission, f: dict):
        mandates: dict[str, Mandate] = {}
        tasks: dict[str, MandateTask] = {}
        for m in f["mandates"]:
            mandate = self.ensure(
                Mandate,
                {"mission": mission, "resolution": m["resolution"]},
                {
                    "adopted_on": iso(m["adopted_on"]),
                    "expires_on": iso(m["expires_on"]),
                    "chapter": m["chapter"],
                    "summary": m["summary"],
                },
            )
            mandates[m["resolution"]] = mandate
            for t in m["tasks"]:
                tasks[f"{m['resolution']}/{t['paragraph']}"] = self.ensure(
                    MandateTask,
                    {"mandate": mandate, "paragraph": t["paragraph"]},
                    {
                        "text": t["text"],
                        "lead_entity": self.entity(t["lead"]),
                        "to_hand_over": t["to_hand_over"],
                        "handover_to": self.entity(t["handover_to"]) if t["handover_to"] else None,
                    },
                )
        return mandates, tasks

    def load_assessment(self, mission: Mission, a: dict) -> None:
        self.ensure(
            StrategicAssessment,
            {"mission": mission, "title": a["title"]},
            {
                "started_on": iso(a["started_on"]),
                "completed_on": iso(a["completed_on"]),
                "lead_entity": self.entity(a["lead"]),
                "conflict_drivers": a["drivers"],
                "actors": a["actors"],
                "risks": a["risks"],
                "options": a["options"],
                "recommendations": a["recommendations"],
                "is_internal": a["is_internal"],
                "illustrative": True,
            },
            m2m={"participants": [self.entity(code) for code in a["participants"]]},
        )

    def load_mechanism(self, mission: Mission, m: dict) -> None:
        mechanism = self.ensure(
            IntegratedMechanism,
            {"mission": mission, "name": m["name"]},
            {
                "level": m["level"],
                "kind": m["kind"],
                "chair": self.entity(m["chair"]),
                "cadence_days": m["cadence_days"],
                "is_active": mission.closed_on is None,
                "terms_of_reference": m.get("terms_of_reference", ""),
            },
            m2m={"members": [self.entity(code) for code in m["members"]]},
        )
        decisions = MEETING_DECISIONS[m["kind"]]
        last = iso(m["last_meeting"])
        if mission.closed_on is None:
            last = facts.moved(last, self.today)
        for index in range(m["meetings"]):
            self.ensure(
                MechanismMeeting,
                {"mechanism": mechanism, "held_on": last - dt.timedelta(days=index * m["cadence_days"])},
                {"decisions": decisions[index % len(decisions)]},
            )

    def load_framework(self, mission, fw: dict, frameworks: dict, tasks: dict, results: dict):
        framework = self.ensure(
            IntegratedStrategicFramework,
            {"mission": mission, "version": fw["version"]},
            {
                "label": fw["label"],
                "status": fw["status"],
                "period_start": iso(fw["period_start"]),
                "period_end": iso(fw["period_end"]),
                "vision": fw["vision"],
                "parent": frameworks.get(fw.get("parent")),
                "endorsed_on": iso(fw["endorsed_on"]),
                "reviewed_on": iso(fw["reviewed_on"]),
                "illustrative": fw["illustrative"],
                "consultation_deadline": (
                    self.today + dt.timedelta(days=consultation_days()) if fw["status"] == "consultation" else None
                ),
            },
        )
        priorities: dict[int, Priority] = {}
        for p_order, p in enumerate(fw["priorities"], start=1):
            priority = self.ensure(
                Priority,
                {"framework": framework, "order": p_order},
                {"title": p["title"], "description": p["description"]},
            )
            priorities[p_order] = priority
            for source, amount, gap in p["funding"]:
                self.ensure(
                    FundingLine,
                    {"priority": priority, "source": source},
                    {"amount": Decimal(amount), "gap": Decimal(gap), "note": fw["funding_note"]},
                )
            for r_order, r in enumerate(p["results"], start=1):
                res = self.ensure(
                    Result,
                    {"priority": priority, "order": r_order},
                    {"statement": r["statement"], "timeline_start": iso(r["start"]), "timeline_end": iso(r["end"])},
                    m2m={"mandate_tasks": [tasks[key] for key in r["tasks"]]},
                )
                results[(fw["version"], p_order, r_order)] = res
                for role, codes in (
                    (ResponsibilityRole.LEAD, r["lead"]),
                    (ResponsibilityRole.CONTRIBUTING, r["contributing"]),
                ):
                    for code in codes:
                        self.ensure(Responsibility, {"result": res, "entity": self.entity(code)}, {"role": role})
        for area, depth, rationale in fw["areas"]:
            self.ensure(
                IntegrationArea,
                {"framework": framework, "area": area},
                {"depth": depth, "rationale": rationale, "review_on": iso(fw["period_end"])},
            )
        for kind, title, period in fw["alignments"]:
            alignment = self.ensure(
                NationalAlignment, {"framework": framework, "kind": kind, "title": title}, {"period": period}
            )
            # Every priority of the demo frameworks serves the national plan it names.
            if not alignment.priorities.exists():
                alignment.priorities.set(framework.priorities.all())
        for code, username in fw.get("signatures", []):
            self.ensure(
                Signature,
                {"framework": framework, "entity": self.entity(code)},
                {"signed_by": self.users[username], "decision": "signed"},
            )
        for c in fw.get("comments", []):
            self.load_comment_thread(framework, priorities, results, fw["version"], c)
        return framework

    def load_comment_thread(self, framework, priorities, results, version: int, c: dict) -> None:
        p_order, r_order = c["on"]
        target = (
            {"priority": priorities[p_order], "result": None}
            if r_order is None
            else {"priority": None, "result": results[(version, p_order, r_order)]}
        )
        quoted = target["priority"].title if r_order is None else target["result"].statement
        parent = self.ensure(
            Comment,
            {"framework": framework, "author": self.users[c["author"]], "body": c["body"], "parent": None},
            {
                **target,
                "author_entity": self.entity(c["entity"]),
                "status": c["status"],
                "framework_version": framework.version,
                "quoted_text": quoted,
            },
        )
        for username, code, body in c["replies"]:
            self.ensure(
                Comment,
                {"framework": framework, "author": self.users[username], "body": body, "parent": parent},
                {
                    **target,
                    "author_entity": self.entity(code),
                    "framework_version": framework.version,
                },
            )

    def load_benchmark(self, mission, f: dict, order: int, b: dict, tasks: dict, results: dict) -> None:
        benchmark = self.ensure(
            Benchmark,
            {"mission": mission, "title": b["title"]},
            {"description": b["description"], "order": order, "is_transition": b["is_transition"]},
            m2m={
                "results": [results[key] for key in b["results"]],
                "mandate_tasks": [tasks[key] for key in b["tasks"]],
            },
        )
        for i in b["indicators"]:
            ind = self.ensure(
                Indicator,
                {"benchmark": benchmark, "name": i["name"]},
                {
                    "unit": i["unit"],
                    "baseline_value": Decimal(i["baseline"]),
                    "baseline_date": iso(i["baseline_date"]),
                    "target_value": Decimal(i["target"]),
                    "target_date": iso(i["target_date"]),
                    "direction": i["direction"],
                    "frequency": i["frequency"],
                    "aggregation": i["aggregation"],
                    "data_source": i["source"],
                    "responsible_entity": self.entity(i["responsible"]),
                },
            )
            self.load_updates(mission, f, benchmark, ind, i)

    def load_updates(self, mission: Mission, f: dict, benchmark: Benchmark, ind: Indicator, i: dict) -> None:
        """Quarterly updates from the baseline to the mission's close, or to the end of last month:
        approved for past periods; for a mission still running, the period due today mostly
        approved (some submitted or missing: overdue) and any later one partly submitted or in
        draft, with the overrides the facts ask for (a returned update, a gap, a status of its own).
        A `sum` indicator reports each period's increment and quotes the running total."""
        closed = mission.closed_on is not None
        last_end = mission.closed_on if closed else facts.anchor(self.today)
        spans = periods(ind.baseline_date, last_end, FREQUENCY_MONTHS[ind.frequency])
        existing = dict(ProgressUpdate.objects.filter(indicator=ind).values_list("period_start", "state"))
        if len(existing) >= len(spans):
            return
        due_end = due_period(ind.frequency, self.today)[1]
        latest_due = max((n for n, (_s, e) in enumerate(spans) if closed or e <= due_end), default=None)
        rng = random.Random(f"{mission.acronym}|{benchmark.title}|{ind.name}")
        cumulative = ind.aggregation == Aggregation.SUM
        shape = {
            "rng": rng,
            "baseline": i["baseline"],
            "baseline_date": ind.baseline_date,
            "target": i["target"],
            "target_date": ind.target_date,
            "performance": i["performance"],
            "decimals": i["decimals"],
        }
        ceiling = 100 if i["unit"].startswith("%") else None
        series = Increments(**shape) if cumulative else Series(**shape, ceiling=ceiling)
        counted = float(i["baseline"])  # the figure by the rule once this period is approved
        approver = self.users[facts.APPROVERS[mission.acronym]]
        submitter = self.submitter_for(mission, ind)
        latest_day = last_end if closed else self.today - dt.timedelta(days=1)  # nothing happens later
        new = []
        for index, (start, end) in enumerate(spans):
            if cumulative:
                value = series.next(end)
                figure = counted + value
                status = status_for(figure, series.expected(end), series.baseline, series.target)
            else:
                value, status = series.at(end)
                figure = value
            state = UpdateState.APPROVED
            roll = rng.random()
            if not closed and end > due_end:
                state = UpdateState.SUBMITTED if roll < 0.4 else UpdateState.DRAFT if roll < 0.65 else None
            elif not closed and index == latest_due:
                state = UpdateState.APPROVED if roll < 0.8 else UpdateState.SUBMITTED if roll < 0.92 else None
            reason, note = "", ""
            override = i["overrides"].get(start.isoformat())
            if override == "missing":
                state = None
            elif override == "submitted":
                state = UpdateState.SUBMITTED
            elif isinstance(override, tuple):
                state, reason = UpdateState.RETURNED, override[1]
            claim = i["reported"].get(start.isoformat()) or (index == latest_due and i["reported"].get("latest"))
            if claim:
                state, (status, note) = UpdateState.APPROVED, claim
            # Draw every number before deciding to skip, so a rerun walks the same random stream.
            submitted_day = min(end + dt.timedelta(days=rng.randint(5, 25)), latest_day)
            approved_day = min(submitted_day + dt.timedelta(days=rng.randint(2, 12)), latest_day)
            if start in existing:
                state = existing[start]
            if state == UpdateState.APPROVED:
                counted = figure
            if state is None or start in existing:
                continue
            submitted_at = at_nine(submitted_day) if state != UpdateState.DRAFT else None
            approved_at = None
            if state == UpdateState.APPROVED:
                approved_at = at_nine(approved_day) + dt.timedelta(hours=6)
            update = ProgressUpdate(
                indicator=ind,
                period_start=start,
                period_end=end,
                value=Decimal(str(value)),
                narrative=self.narrative(ind, i, status, value, figure, note),
                status=status,
                state=state,
                submitted_by=submitter if submitted_at else None,
                submitted_at=submitted_at,
                approved_by=approver if approved_at else None,
                approved_at=approved_at,
                return_reason=reason,
            )
            # The foreign keys point at rows just loaded; the field rules and clean() still apply.
            update.full_clean(
                exclude=["indicator", "submitted_by", "approved_by"], validate_unique=False, validate_constraints=False
            )
            new.append(update)
        ProgressUpdate.objects.bulk_create(new)
        self.created[ProgressUpdate] += len(new)

    @staticmethod
    def narrative(ind: Indicator, i: dict, status: str, value: float, figure: float, note: str) -> str:
        """What the entity wrote: the figure it reports (for a `sum` indicator the period's
        increment and the total it brings), against the target."""
        places = i["decimals"]
        target = f"against a target of {i['target']:,} by {ind.target_date:%B %Y}"
        if ind.aggregation == Aggregation.SUM:
            figures = (
                f"{value:,.{places}f} {ind.unit} this {PERIOD_WORDS[ind.frequency]}, "
                f"{figure:,.{places}f} in total {target}"
            )
        else:
            figures = f"{value:,.{places}f} {ind.unit} {target}"
        return f"{STATUS_WORDS[status]}: {figures}. {note or 'Illustrative figure.'}"

    def submitter_for(self, mission: Mission, ind: Indicator):
        """The demo user who reports for the indicator's entity on this mission, if there is one."""
        for username, _first, _last, role, entity, acronyms, _superuser in facts.DEMO_USERS:
            if role == "agency_planner" and entity == ind.responsible_entity.code and mission.acronym in acronyms:
                return self.users[username]
        if ind.responsible_entity.code == mission.acronym:
            return self.users[facts.APPROVERS[mission.acronym]]
        return None

    def load_gap(self, mission: Mission, g: dict, mandates: dict) -> None:
        gap = self.ensure(
            CapacityGap,
            {"mission": mission, "description": g["description"]},
            {
                "category": g["category"],
                "effect": g["effect"],
                "status": g["status"],
                "identified_on": iso(g["identified_on"]),
            },
        )
        for resolution, status, note in g["reviews"]:
            self.ensure(
                CapacityGapReview, {"gap": gap, "mandate": mandates[resolution]}, {"status": status, "note": note}
            )


def add_missions(membership: Membership, missions: list[Mission]) -> int:
    """Add the missions the membership does not cover yet; never removes any (an administrator may
    have added more). Returns how many were added."""
    have = set(membership.missions.values_list("pk", flat=True))
    missing = [m for m in missions if m.pk not in have]
    if missing:
        membership.missions.add(*missing)
    return len(missing)
