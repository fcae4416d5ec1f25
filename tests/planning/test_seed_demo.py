"""`seed_demo`: the five real presences and the demo users load, a second run changes nothing, the
synthetic scale is deterministic, and the demo users see what their role allows."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from benchmarks.models import Indicator, ProgressUpdate
from benchmarks.periods import due_period
from frameworks.models import Comment, FundingLine, IntegratedStrategicFramework, Responsibility
from missions.access import can
from missions.models import LeadershipPost, Membership, Mission
from planning.demo import DEMO_PASSWORD, anchor, counted_models, row_counts
from planning.demo.series import periods
from planning.demo.synthetic import BENCHMARKS_PER_MISSION, FIRST_PERIOD_AFTER, INDICATORS_PER_BENCHMARK

pytestmark = pytest.mark.django_db

REAL = {"UNIPSIL", "BINUB", "UNMIL", "UNMISS", "UNSMIL"}


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once for the module and rolled back after it; each test runs in a
    savepoint inside, so what a test changes is undone before the next one."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = seed()
        yield output
        transaction.set_rollback(True)


def user(username):
    return get_user_model().objects.get(username=username)


def visible_missions(username) -> set[str]:
    return set(Mission.objects.restrict(user(username), "view").values_list("acronym", flat=True))


def snapshot():
    """Rows per table, and every row's updated_at (and users' password hashes, which are salted, so a
    re-saved password would show)."""
    counts = row_counts()
    stamps = {}
    for model in counted_models():
        if model._meta.db_table in counts and any(f.name == "updated_at" for f in model._meta.fields):
            stamps[model._meta.db_table] = sorted(model._default_manager.values_list("pk", "updated_at"))
    passwords = sorted(get_user_model().objects.values_list("username", "password"))
    return counts, stamps, passwords


def fingerprint(acronym: str):
    """What a synthetic mission holds, without database ids."""
    updates = ProgressUpdate.objects.filter(indicator__benchmark__mission__acronym=acronym).values_list(
        "indicator__benchmark__order", "indicator__name", "period_start", "value", "status", "state"
    )
    responsibilities = Responsibility.objects.filter(result__priority__framework__mission__acronym=acronym).values_list(
        "result__priority__order", "result__order", "entity__code", "role"
    )
    indicators = Indicator.objects.filter(benchmark__mission__acronym=acronym).values_list(
        "name", "baseline_value", "target_value", "responsible_entity__code"
    )
    return sorted(updates), sorted(responsibilities), sorted(indicators)


def test_seed_loads_the_five_presences_with_their_public_facts(demo):
    output = demo
    assert set(Mission.objects.values_list("acronym", flat=True)) == REAL
    unmiss = Mission.objects.get(acronym="UNMISS")
    assert (unmiss.country, unmiss.reporting_cycle_months, unmiss.lead_department.code) == ("SS", 4, "DPKO")
    assert set(Mission.objects.get(acronym="UNMIL").mandates.values_list("resolution", flat=True)) >= {
        "1509 (2003)",
        "2066 (2012)",
    }
    assert Mission.objects.get(acronym="UNMIL").closed_on.isoformat() == "2018-03-30"

    binub_head = LeadershipPost.objects.get(mission__acronym="BINUB", kind="head")
    assert binub_head.is_resident_coordinator and binub_head.is_humanitarian_coordinator
    assert LeadershipPost.objects.filter(mission__acronym="UNMIL", kind="deputy").filter(
        is_resident_coordinator=True, is_humanitarian_coordinator=True
    )

    joint_vision = IntegratedStrategicFramework.objects.get(mission__acronym="UNIPSIL")
    assert joint_vision.label == "Joint Vision"
    assert joint_vision.priorities.count() == 5  # one overall priority and four programme priorities
    unipsil_funding = FundingLine.objects.filter(priority__framework=joint_vision)
    assert unipsil_funding.aggregate(total=Sum("amount"))["total"] == Decimal(349_000_000)
    assert unipsil_funding.filter(source="trust_fund").aggregate(total=Sum("amount"))["total"] == Decimal(204_000_000)
    binub_pbf = FundingLine.objects.filter(priority__framework__mission__acronym="BINUB", source="pbf")
    assert binub_pbf.aggregate(total=Sum("amount"))["total"] == Decimal(35_000_000)

    unsmil = {f.version: f for f in IntegratedStrategicFramework.objects.filter(mission__acronym="UNSMIL")}
    assert (unsmil[1].status, unsmil[2].status) == ("endorsed", "consultation")
    assert all(f.illustrative and "llustrative" in f.vision for f in unsmil.values())
    threads = Comment.objects.filter(framework=unsmil[2], parent=None)
    assert threads.count() >= 2 and Comment.objects.filter(parent__in=threads).exists()

    # Reporting: approved history with approvers; in running missions a returned update with its
    # reason, and reporting that ends last month: the quarter due today approved for most
    # indicators, not for some (overdue).
    assert not ProgressUpdate.objects.filter(state="approved", approved_by=None).exists()
    returned = ProgressUpdate.objects.get(state="returned")
    assert returned.return_reason and returned.indicator.benchmark.mission.acronym == "UNSMIL"
    assert ProgressUpdate.objects.filter(state="submitted", indicator__benchmark__mission__acronym="UNMISS").exists()
    due_start, due_end = due_period("quarterly", timezone.localdate())
    latest = ProgressUpdate.objects.filter(period_start=due_start, state="approved")
    running = Indicator.objects.filter(benchmark__mission__closed_on=None, target_date__gte=due_start)
    assert 0 < running.exclude(updates__in=latest).count() <= running.count() // 3
    assert not ProgressUpdate.objects.filter(period_end__gt=anchor(timezone.localdate())).exists()
    assert not ProgressUpdate.objects.filter(approved_at__date__gte=timezone.localdate()).exists()
    closed = ProgressUpdate.objects.filter(indicator__benchmark__mission__closed_on__isnull=False)
    assert set(closed.values_list("state", flat=True)) == {"approved"}

    assert "demo-password-2026" in output and "unicef.libya" in output and "benchmarks_progressupdate" in output


def test_demo_users_have_one_role_each_and_the_shared_password(demo):
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles == {
        "dpko.planner": "hq_planner",
        "dpa.planner": "hq_planner",
        "unmil.planner": "mission_planner",
        "unmil.srsg": "srsg_office",
        "undp.liberia": "agency_planner",
        "unicef.libya": "agency_planner",
        "unmiss.planner": "mission_planner",
        "unmiss.srsg": "srsg_office",
        "unsmil.planner": "mission_planner",
        "unsmil.srsg": "srsg_office",
        "undp.southsudan": "agency_planner",
        "ocha.southsudan": "agency_planner",
        "unhcr.southsudan": "agency_planner",
        "undp.libya": "agency_planner",
        "rrc.southsudan": "agency_planner",
        "unipsil.planner": "mission_planner",
        "binub.planner": "mission_planner",
        "pbso.observer": "observer",
        "admin": "administrator",
    }
    admin = user("admin")
    assert admin.is_superuser and admin.is_staff
    assert not get_user_model().objects.exclude(username="admin").filter(is_staff=True).exists()
    assert all(u.check_password(DEMO_PASSWORD) for u in get_user_model().objects.all())


def test_a_second_run_changes_nothing(demo):
    before = snapshot()
    output = seed()
    assert snapshot() == before
    total_line = next(line for line in output.splitlines() if line.startswith("total"))
    assert total_line.split()[-1] == "0"


def test_demo_users_see_what_their_role_allows(demo):
    assert visible_missions("unicef.libya") == {"UNSMIL"}
    assert visible_missions("undp.liberia") == {"UNMIL"}
    assert visible_missions("dpko.planner") == {"UNMIL", "UNMISS"}
    assert visible_missions("dpa.planner") == {"UNIPSIL", "BINUB", "UNSMIL"}
    assert visible_missions("pbso.observer") == {"UNIPSIL", "BINUB", "UNMIL"}
    assert visible_missions("admin") == REAL

    unicef = user("unicef.libya")
    unmil = Mission.objects.get(acronym="UNMIL")
    assert not can(unicef, "view", unmil)
    # The country team sees the framework in consultation beside the endorsed one, and reports only
    # on the indicators its own entity is responsible for.
    assert set(IntegratedStrategicFramework.objects.restrict(unicef, "view").values_list("version", "status")) == {
        (1, "endorsed"),
        (2, "consultation"),
    }
    reportable = Indicator.objects.restrict(unicef, "submit_update")
    assert reportable.exists()
    assert set(reportable.values_list("responsible_entity__code", "benchmark__mission__acronym")) == {
        ("UNICEF", "UNSMIL")
    }

    # The observer reads published frameworks only; the internal draft assessment stays with the mission.
    observer = user("pbso.observer")
    statuses = set(IntegratedStrategicFramework.objects.restrict(observer, "view").values_list("status", flat=True))
    assert statuses and statuses <= {"endorsed", "superseded", "closed"}
    assert not IntegratedStrategicFramework.objects.restrict(observer, "change").exists()

    # The mission planner's role approves UNMIL's updates and nobody else's; UNMIL being closed,
    # its planning is read-only now, approvals included.
    from missions.access import after_closing

    with after_closing():
        approvable = ProgressUpdate.objects.restrict(user("unmil.planner"), "approve_update")
        assert set(approvable.values_list("indicator__benchmark__mission__acronym", flat=True)) == {"UNMIL"}
        assert not ProgressUpdate.objects.restrict(user("undp.liberia"), "approve_update").exists()
    assert not ProgressUpdate.objects.restrict(user("unmil.planner"), "approve_update").exists()


def test_scale_adds_synthetic_missions_deterministically(demo):
    seed("--scale", "2")
    synthetic = Mission.objects.filter(acronym__startswith="SYN")
    assert sorted(synthetic.values_list("acronym", flat=True)) == ["SYN001", "SYN002"]
    assert all(m.illustrative for m in synthetic)
    per_mission = BENCHMARKS_PER_MISSION * INDICATORS_PER_BENCHMARK
    assert Indicator.objects.filter(benchmark__mission__in=synthetic).count() == 2 * per_mission
    # January 2018 to the end of last month; the month due today and any later one partly reported.
    months = len(periods(FIRST_PERIOD_AFTER, anchor(timezone.localdate()), 1))
    updates = ProgressUpdate.objects.filter(indicator__benchmark__mission__in=synthetic).count()
    assert 2 * per_mission * (months - 2) <= updates <= 2 * per_mission * months
    assert Responsibility.objects.filter(result__priority__framework__mission__in=synthetic).count() == 2 * 12 * 3
    # The headquarters planners cover the synthetic missions their department leads.
    assert visible_missions("dpko.planner") == {"UNMIL", "UNMISS", "SYN001"}
    assert visible_missions("dpa.planner") == {"UNIPSIL", "BINUB", "UNSMIL", "SYN002"}

    counts = row_counts()
    seed("--scale", "2")
    assert row_counts() == counts

    # The same mission comes back with the same content under new ids, whichever way the updates
    # are written (on PostgreSQL the first run used COPY, this one plain INSERTs).
    first = fingerprint("SYN002")
    old_ids = set(Indicator.objects.filter(benchmark__mission__acronym="SYN002").values_list("pk", flat=True))
    Mission.objects.get(acronym="SYN002").delete()
    seed("--scale", "2", "--no-copy")
    assert fingerprint("SYN002") == first
    assert not old_ids & set(
        Indicator.objects.filter(benchmark__mission__acronym="SYN002").values_list("pk", flat=True)
    )


def test_the_demo_has_compacts_government_leads_and_aligned_national_frameworks(demo):
    from benchmarks.models import Commitment, CommitmentUpdate
    from frameworks.models import NationalAlignment, Responsibility

    for acronym in ("UNMIL", "UNMISS"):
        commitments = Commitment.objects.filter(compact__mission__acronym=acronym)
        assert set(commitments.values_list("side", flat=True)) == {"un", "government"}
        assert CommitmentUpdate.objects.filter(commitment__in=commitments, state="approved").exists()
        assert Responsibility.objects.filter(
            result__priority__framework__mission__acronym=acronym, entity__kind="government", role="lead"
        ).exists()
        assert NationalAlignment.objects.filter(framework__mission__acronym=acronym, priorities__isnull=False).exists()
