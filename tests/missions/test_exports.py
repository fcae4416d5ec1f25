"""List pages download as CSV and Excel (missions.generic.exports): the same rows as the page, with
its filters and its access, values written one way."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from benchmarks.choices import UpdateState
from frameworks.choices import FrameworkStatus
from missions.choices import MissionType, Phase
from missions.generic.exports import write_csv, write_xlsx
from tests.benchmarks.conftest import make_world
from tests.factories import (
    BenchmarkFactory,
    CapacityGapFactory,
    CommentFactory,
    FrameworkFactory,
    IndicatorFactory,
    PriorityFactory,
    ProgressUpdateFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2025, 8, 15))


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def client_as(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def read_csv(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response):
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return sheet, rows[0], rows[1:]


def test_every_list_downloads_in_both_formats_with_a_link_on_the_page(world, client_as):
    framework = FrameworkFactory(mission=world.mission, status=FrameworkStatus.CONSULTATION)
    CommentFactory(
        priority=PriorityFactory(framework=framework), author=world.agency_planner, author_entity=world.agency
    )
    CapacityGapFactory(mission=world.mission)
    ProgressUpdateFactory(indicator=world.indicator, state=UpdateState.SUBMITTED, submitted_by=world.agency_planner)
    client = client_as(world.mission_planner)
    pages = {
        reverse("mission-list"): "UNMIL",
        reverse("benchmarks:benchmark-list", args=["UNMIL"]): "National police take over",
        reverse("benchmarks:benchmark-detail", args=[world.benchmark.pk]): "Counties with police",
        reverse("benchmarks:update-queue", args=["UNMIL"]): "Counties with police",
        reverse("frameworks:framework-comments", args=[framework.pk]): "youth employment",
        reverse("benchmarks:capacity-gap-list", args=["UNMIL"]): "Too few police advisers",
    }
    for url, expected in pages.items():
        html = client.get(url).content.decode()
        assert f"{url}?format=csv" in html and f"{url}?format=xlsx" in html, url
        rows = read_csv(client.get(url, {"format": "csv"}))
        assert any(expected in value for row in rows for value in row.values()), url
        _sheet, header, data = read_xlsx(client.get(url, {"format": "xlsx"}))
        assert list(header) == list(rows[0].keys()) and len(data) == len(rows), url


def test_the_mission_list_export_applies_the_pages_filters(world, client_as):
    world.other_mission.mission_type = MissionType.POLITICAL
    world.other_mission.save()
    client = client_as(world.hq)
    everything = read_csv(client.get(reverse("mission-list"), {"format": "csv"}))
    assert [row["Acronym"] for row in everything] == ["UNMIL", "UNMISS"]
    filtered = read_csv(client.get(reverse("mission-list"), {"format": "csv", "type": MissionType.POLITICAL}))
    assert [row["Acronym"] for row in filtered] == ["UNMISS"]
    page = client.get(reverse("mission-list"), {"type": MissionType.POLITICAL}).content.decode()
    assert "format=csv&amp;type=spm" in page or "type=spm&amp;format=csv" in page
    sorted_desc = read_csv(client.get(reverse("mission-list"), {"format": "csv", "sort": "-acronym"}))
    assert [row["Acronym"] for row in sorted_desc] == ["UNMISS", "UNMIL"]
    # A refused filter value is ignored, as on the page.
    assert len(read_csv(client.get(reverse("mission-list"), {"format": "csv", "phase": "nonsense"}))) == 2


def test_an_agency_users_export_holds_exactly_what_their_page_shows(world, client_as):
    FrameworkFactory(mission=world.mission, version=1, status=FrameworkStatus.ENDORSED, endorsed_on=dt.date(2024, 1, 1))
    FrameworkFactory(mission=world.mission, version=2, status=FrameworkStatus.DRAFT)
    FrameworkFactory(mission=world.other_mission, version=1, status=FrameworkStatus.DRAFT)
    BenchmarkFactory(mission=world.other_mission, title="Secret benchmark of another mission")
    client = client_as(world.agency_planner)
    [row] = read_csv(client.get(reverse("mission-list"), {"format": "csv"}))
    assert row["Acronym"] == "UNMIL" and row["Framework"] == "Endorsed v1"  # not the draft v2
    _sheet, _header, data = read_xlsx(client.get(reverse("mission-list"), {"format": "xlsx"}))
    assert [r[0] for r in data] == ["UNMIL"]
    page = client.get(reverse("mission-list")).content.decode()
    assert "UNMISS" not in page and "Draft" not in page
    benchmarks = read_csv(client.get(reverse("benchmarks:benchmark-list", args=["UNMIL"]), {"format": "csv"}))
    assert [b["Benchmark"] for b in benchmarks] == ["National police take over"]
    # Another mission's list is not found, for the download as for the page.
    other = reverse("benchmarks:benchmark-list", args=["UNMISS"])
    assert client.get(other).status_code == 404
    assert client.get(other, {"format": "csv"}).status_code == 404
    # The update queue is the planning unit's: refused for the download too.
    assert client.get(reverse("benchmarks:update-queue", args=["UNMIL"]), {"format": "xlsx"}).status_code == 403


def test_values_are_written_one_way(world, client_as):
    IndicatorFactory(
        benchmark=world.benchmark,
        name="=HYPERLINK(1)",
        baseline_value=Decimal("2.50"),
        baseline_date=dt.date(2024, 1, 1),
        target_value=Decimal("10"),
        responsible_entity=world.agency,
    )
    url = reverse("benchmarks:benchmark-detail", args=[world.benchmark.pk])
    client = client_as(world.mission_planner)
    rows = {row["Indicator"]: row for row in read_csv(client.get(url, {"format": "csv"}))}
    formula = rows["'=HYPERLINK(1)"]
    assert formula["Baseline"] == "2.50" and formula["Target"] == "10"
    assert formula["Baseline date"] == "2024-01-01" and formula["Responsible"] == "UNDP"
    assert formula["Overdue"] in ("Yes", "No")
    sheet, header, data = read_xlsx(client.get(url, {"format": "xlsx"}))
    row = next(r for r in data if r[0] == "=HYPERLINK(1)")
    col = {name: i for i, name in enumerate(header)}
    assert row[col["Baseline"]] == 2.5 and row[col["Target"]] == 10
    assert row[col["Baseline date"]] == dt.datetime(2024, 1, 1)
    assert sheet.cell(row=data.index(row) + 2, column=1).data_type == "s"  # text, never a formula
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:L{len(data) + 1}"
    assert sheet.column_dimensions["A"].width > len("Indicator")


def test_headings_follow_the_language(world, client):
    client.force_login(world.mission_planner)
    client.cookies["django_language"] = "fr"
    response = client.get(reverse("benchmarks:benchmark-list", args=["UNMIL"]), {"format": "csv"})
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert "Indicateurs" in header


def test_writers_handle_empty_lists():
    columns = [("Name", "name"), ("When", "when")]
    assert write_csv(columns, []).decode("utf-8-sig").strip() == "Name,When"
    sheet = load_workbook(io.BytesIO(write_xlsx(columns, [], title="Empty"))).active
    assert [c.value for c in sheet[1]] == ["Name", "When"] and sheet.max_row == 1


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("name", ["benchmark-list", "mission-list", "capacity-gap-list"])
def test_an_exports_query_count_does_not_grow_with_the_list(world, client_as, name):
    client = client_as(world.hq)
    url = reverse("mission-list") if name == "mission-list" else reverse(f"benchmarks:{name}", args=["UNMIL"])
    # A mission list keeps the IAP status of each mission (planning.iap): the first request after
    # a change computes it again, so each size is counted on the second request.
    client.get(url, {"format": "xlsx"})
    small = _queries(client, url, {"format": "xlsx"})
    for i in range(12):
        benchmark = BenchmarkFactory(mission=world.mission, order=i + 2)
        IndicatorFactory(benchmark=benchmark, responsible_entity=world.agency)
        CapacityGapFactory(mission=world.mission, description=f"Gap {i}")
    world.mission.phase = Phase.CONSOLIDATION
    world.mission.save()
    client.get(url, {"format": "xlsx"})
    large = _queries(client, url, {"format": "xlsx"})
    assert large == small
    assert large <= {"benchmark-list": 7, "mission-list": 8, "capacity-gap-list": 6}[name]
