"""What the search looks in: per kind, the model, the fields searched, the row's link and title.

On PostgreSQL each kind's vector is `to_tsvector('simple', wb_unaccent(field) || ' ' || ...)`
(lessons: in their own language, frameworks.lessons.vectors) and a GIN index holds exactly that
expression (migration planning 0003 builds it from `vector()` below, so index and query cannot
drift apart).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.postgres.search import SearchVector
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from frameworks.lessons.vectors import folded
from planning.l10n import format_date


@dataclass(frozen=True)
class SearchKind:
    key: str
    label: str  # plural, for the group heading
    model: str  # "app_label.ModelName"
    fields: tuple[str, ...]
    related: tuple[str, ...]
    title: Callable
    url: Callable

    def get_model(self):
        return apps.get_model(self.model)

    def vector(self) -> SearchVector:
        return SearchVector(*(folded(field) for field in self.fields), config="simple")

    @property
    def index_name(self) -> str:
        return f"search_{self.key}"


def _framework_url(framework_id: int, anchor: str = "") -> str:
    return reverse("frameworks:framework-detail", args=[framework_id]) + anchor


KINDS: tuple[SearchKind, ...] = (
    SearchKind(
        "mission",
        _("Missions"),
        "missions.Mission",
        ("acronym", "name"),
        (),
        title=lambda m: f"{m.acronym}: {m.name}",
        url=lambda m: reverse("mission-workspace", args=[m.acronym]),
    ),
    SearchKind(
        "framework",
        _("Frameworks"),
        "frameworks.IntegratedStrategicFramework",
        ("label", "vision"),
        ("mission",),
        title=lambda f: f"{f.mission.acronym}: {f.label or f.mission.acronym} v{f.version}",
        url=lambda f: _framework_url(f.pk),
    ),
    SearchKind(
        "priority",
        _("Priorities"),
        "frameworks.Priority",
        ("title", "description"),
        ("framework__mission",),
        title=lambda p: f"{p.framework.mission.acronym}: {p.title}",
        url=lambda p: _framework_url(p.framework_id, f"#priority-{p.pk}"),
    ),
    SearchKind(
        "result",
        _("Results"),
        "frameworks.Result",
        ("statement",),
        ("priority__framework__mission",),
        title=lambda r: f"{r.priority.framework.mission.acronym}: {r.priority.title}",
        url=lambda r: _framework_url(r.priority.framework_id, f"#result-{r.pk}"),
    ),
    SearchKind(
        "comment",
        _("Comments"),
        "frameworks.Comment",
        ("body",),
        ("framework__mission",),
        title=lambda c: f"{c.framework.mission.acronym}: {c.framework.label or c.framework.mission.acronym}",
        url=lambda c: reverse("frameworks:framework-comments", args=[c.framework_id]),
    ),
    SearchKind(
        "update",
        _("Progress updates"),
        "benchmarks.ProgressUpdate",
        ("narrative",),
        ("indicator__benchmark__mission",),
        title=lambda u: f"{u.indicator.benchmark.mission.acronym}: {u.indicator.name}",
        url=lambda u: reverse("benchmarks:benchmark-detail", args=[u.indicator.benchmark_id]),
    ),
    SearchKind(
        "assessment",
        _("Strategic assessments"),
        "frameworks.StrategicAssessment",
        ("title", "conflict_drivers", "actors", "risks", "options", "recommendations"),
        ("mission",),
        title=lambda a: f"{a.mission.acronym}: {a.title}",
        url=lambda a: reverse("frameworks:assessment-detail", args=[a.pk]),
    ),
    SearchKind(
        "decision",
        _("Mechanisms' decisions"),
        "frameworks.MechanismMeeting",
        ("decisions",),
        ("mechanism__mission",),
        title=lambda m: f"{m.mechanism.mission.acronym}: {m.mechanism.name}, {format_date(m.held_on)}",
        url=lambda m: reverse("frameworks:mechanism-detail", args=[m.mechanism_id]),
    ),
    SearchKind(
        "lesson",
        _("Lessons learned"),
        "frameworks.Lesson",
        ("title", "text"),
        ("mission",),
        title=lambda lesson: f"{lesson.mission.acronym}: {lesson.title}",
        url=lambda lesson: reverse("lessons:lesson-detail", args=[lesson.pk]),
    ),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}
