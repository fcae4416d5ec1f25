"""The monitoring rules (benchmarks.rules, docs/MONITORING.md), and the standings the services keep
by them: examples of each rule, an independent oracle over random histories (hypothesis), and the
kept rows against a from-scratch computation after random sequences of service calls."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks import rules
from benchmarks.choices import Aggregation, Direction, Frequency, ProgressStatus

BASELINE_DATE = dt.date(2024, 1, 1)


def indicator(aggregation="latest", direction="up", baseline="0", target="100", frequency=Frequency.QUARTERLY):
    return rules.Settings(
        aggregation=aggregation,
        direction=direction,
        baseline_value=Decimal(baseline),
        baseline_date=BASELINE_DATE,
        target_value=Decimal(target),
        frequency=frequency,
    )


def quarter(year: int, q: int, value, status=ProgressStatus.ON_TRACK) -> rules.Approved:
    start = dt.date(year, 3 * q - 2, 1)
    end = (dt.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)) - dt.timedelta(days=1)
    return rules.Approved(start, end, None if value is None else Decimal(value), status)


HISTORY = [quarter(2023, 4, 40), quarter(2024, 1, 100), quarter(2024, 2, 150), quarter(2024, 3, 120)]


@pytest.mark.parametrize(
    ("aggregation", "baseline", "expected"),
    [
        ("latest", "0", "120"),
        ("max", "0", "150"),  # every approved value, also before the baseline date
        ("average", "0", "123.33"),  # periods starting on or after the baseline date only
        ("sum", "10", "380"),  # baseline + increments from the baseline date: 10 + 100 + 150 + 120
    ],
)
def test_each_rule_counts_what_the_monitoring_rules_say(aggregation, baseline, expected):
    ind = indicator(aggregation=aggregation, baseline=baseline, target="1000")
    assert rules.figure(ind, rules.counted(HISTORY, dt.date(2024, 12, 31))) == Decimal(expected)


def test_a_figure_as_of_a_date_counts_only_periods_ended_by_then():
    ind = indicator(aggregation="sum")
    assert rules.figure(ind, rules.counted(HISTORY, dt.date(2024, 6, 29))) == Decimal("100")
    assert rules.figure(ind, rules.counted(HISTORY, dt.date(2024, 6, 30))) == Decimal("250")
    assert rules.figure(ind, rules.counted(HISTORY, dt.date(2023, 1, 1))) is None


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "value", "expected"),
    [
        ("up", "2", "15", "9", 53),  # 7/13 = 53.8%: rounded down
        ("up", "2", "15", "15", 100),
        ("up", "2", "15", "40", 100),  # past the target: clamped
        ("up", "2", "15", "1", 0),  # below the baseline: clamped
        ("down", "100", "50", "75", 50),
        ("down", "100", "50", "120", 0),
        ("up", "5", "5", "5", 100),  # target equals baseline: reached
        ("up", "5", "5", "4", 0),
        ("down", "5", "5", "4", 100),
        ("up", "0", "500", "16927", 100),
        ("up", "0", "400", "399.99", 99),  # never 100 before the target is reached
    ],
)
def test_progress_is_the_share_of_the_way_from_baseline_to_target(direction, baseline, target, value, expected):
    ind = indicator(direction=direction, baseline=baseline, target=target)
    assert rules.progress(ind, Decimal(value)) == expected


def test_reported_status_and_progress_that_contradict_each_other_are_flagged():
    assert rules.disagreement(ProgressStatus.ACHIEVED, 80) == "achieved_below_target"
    assert rules.disagreement(ProgressStatus.OFF_TRACK, 100) == "reached_but_off_track"
    assert rules.disagreement(ProgressStatus.ON_TRACK, 100) == ""
    assert rules.disagreement(ProgressStatus.ACHIEVED, 100) == ""
    assert rules.disagreement(None, 100) == ""


def test_data_is_stale_when_the_last_two_due_periods_have_no_approved_update_or_the_mission_closed():
    ind = indicator()
    history = [quarter(2024, 1, 10), quarter(2024, 2, 20)]
    # On 15 Sept 2024 (grace 30): due are Q2 (ended 30 June) and Q1; Q2 is approved.
    assert not rules.is_stale(ind, history, dt.date(2024, 9, 15), 30)
    # On 15 Dec 2024: due are Q3 and Q2; Q2 approved: not stale yet.
    assert not rules.is_stale(ind, history, dt.date(2024, 12, 15), 30)
    # On 15 March 2025: due are Q4 and Q3, neither approved.
    assert rules.is_stale(ind, history, dt.date(2025, 3, 15), 30)
    assert rules.is_stale(ind, history, dt.date(2024, 9, 15), 30, closed=True)


# An independent oracle: the same rules written with exact fractions, straight from the text.


def oracle(ind: rules.Settings, history: list[rules.Approved], as_of: dt.date):
    rows = sorted((u for u in history if u.period_end <= as_of and u.value is not None), key=lambda u: u.period_start)
    if not rows:
        return None, None
    since = [Fraction(u.value) for u in rows if u.period_start >= ind.baseline_date]
    value = {
        Aggregation.LATEST: Fraction(rows[-1].value),
        Aggregation.MAX: max(Fraction(u.value) for u in rows),
        Aggregation.AVERAGE: (sum(since) / len(since)) if since else None,
        Aggregation.SUM: Fraction(ind.baseline_value) + sum(since),
    }[ind.aggregation]
    if value is None:
        return None, None
    b, t = Fraction(ind.baseline_value), Fraction(ind.target_value)
    up = ind.direction == Direction.UP
    if t == b:
        percent = 100 if (value >= t if up else value <= t) else 0
    else:
        share = (value - b) / (t - b) if up else (b - value) / (b - t)
        percent = max(0, min(100, int(share * 100 // 1)))
    return value, percent


amounts = st.decimals(min_value=-1000, max_value=100000, places=2, allow_nan=False, allow_infinity=False)
histories = st.lists(
    st.tuples(st.integers(2022, 2026), st.integers(1, 4), st.one_of(st.none(), amounts)),
    max_size=12,
    unique_by=lambda row: (row[0], row[1]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    aggregation=st.sampled_from(Aggregation.values),
    direction=st.sampled_from(Direction.values),
    baseline=amounts,
    target=amounts,
    rows=histories,
    as_of=st.dates(dt.date(2022, 1, 1), dt.date(2027, 12, 31)),
)
def test_the_rules_agree_with_an_oracle_written_from_the_text(aggregation, direction, baseline, target, rows, as_of):
    ind = indicator(aggregation=aggregation, direction=direction, baseline=str(baseline), target=str(target))
    history = [quarter(year, q, value) for year, q, value in rows]
    value, percent = oracle(ind, history, as_of)
    got = rules.standing(ind, history, as_of, 30)
    if value is None:
        assert got.value is None and got.progress is None
    else:
        if aggregation == Aggregation.AVERAGE:
            assert abs(Fraction(got.value) - value) <= Fraction(1, 200)  # shown to the cent
        else:
            assert Fraction(got.value) == value
        if aggregation != Aggregation.AVERAGE:
            assert got.progress == percent
    assert 0 <= (got.progress or 0) <= 100


# The kept rows: random sequences of service calls, then every kept standing and roll-up compared
# with a computation from scratch over what the database holds.

QUARTERS = [(2024, q) for q in (1, 2, 3, 4)] + [(2025, 1), (2025, 2)]
operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("submit"),
            st.integers(0, 1),
            st.integers(0, len(QUARTERS) - 1),
            st.decimals(0, 5000, places=2),
            st.sampled_from(ProgressStatus.values),
        ),
        st.tuples(st.just("approve"), st.integers(0, 1)),
        st.tuples(st.just("return"), st.integers(0, 1)),
        st.tuples(
            st.just("edit"),
            st.integers(0, 1),
            st.sampled_from(Aggregation.values),
            st.sampled_from(Direction.values),
            st.decimals(0, 100, places=0),
            st.decimals(0, 6000, places=0),
        ),
    ),
    min_size=1,
    max_size=14,
)


def _snapshot(model, key):
    from django.forms.models import model_to_dict

    return {getattr(row, key): model_to_dict(row) for row in model.objects.order_by(key)}


@pytest.mark.django_db(transaction=True)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(steps=operations)
def test_the_standings_kept_by_the_services_equal_a_computation_from_scratch(world, steps):
    from django.db import transaction

    from benchmarks.models import Indicator, IndicatorStanding, MissionStanding, ProgressUpdate
    from benchmarks.services import (
        indicator_create,
        indicator_update,
        update_submit,
        updates_approve_many,
        updates_return_many,
    )
    from benchmarks.standing import standings_rebuild
    from tests.benchmarks.conftest import TODAY

    with transaction.atomic():
        standings_rebuild()  # the world's indicator was made by a factory, past the services
        indicators = [
            world.indicator,
            indicator_create(
                benchmark=world.benchmark,
                actor=world.mission_planner,
                name="Cumulative recruits",
                unit="officers",
                baseline_value=Decimal("100"),
                baseline_date=dt.date(2024, 1, 1),
                target_value=Decimal("400"),
                target_date=dt.date(2026, 12, 31),
                direction=Direction.UP,
                frequency=Frequency.QUARTERLY,
                aggregation=Aggregation.SUM,
                data_source="",
                responsible_entity=world.agency,
            ),
        ]
        for step in steps:
            kind, which = step[0], indicators[step[1]]
            pending = ProgressUpdate.objects.filter(indicator=which, state="submitted").values_list("pk", flat=True)
            try:
                if kind == "submit":
                    year, q = QUARTERS[step[2]]
                    update_submit(
                        indicator=which,
                        actor=world.agency_planner,
                        period_start=dt.date(year, 3 * q - 2, 1),
                        value=step[3],
                        status=step[4],
                        today=TODAY,
                    )
                elif kind == "approve" and pending:
                    updates_approve_many(update_ids=list(pending), actor=world.mission_planner)
                elif kind == "return" and pending:
                    updates_return_many(
                        update_ids=list(pending), actor=world.mission_planner, reason="Check the source."
                    )
                elif kind == "edit":
                    indicator_update(
                        indicator=which,
                        actor=world.mission_planner,
                        aggregation=step[2],
                        direction=step[3],
                        baseline_value=step[4],
                        target_value=step[5],
                    )
            except Exception as error:  # a refusal by the rules (a locked period): nothing changes
                from django.core.exceptions import ValidationError

                assert isinstance(error, ValidationError), error
        kept = (_snapshot(IndicatorStanding, "indicator_id"), _snapshot(MissionStanding, "mission_id"))
        assert set(kept[0]) == set(Indicator.objects.values_list("pk", flat=True))
        standings_rebuild()
        assert (_snapshot(IndicatorStanding, "indicator_id"), _snapshot(MissionStanding, "mission_id")) == kept
        transaction.set_rollback(True)
