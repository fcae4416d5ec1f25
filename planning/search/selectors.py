"""The one search: every kind's rows the user may see (`restrict(user, "view")`) that hold the
words, ranked, with a highlighted snippet and the count of visible matches per kind, in one query
per kind.

PostgreSQL: `websearch_to_tsquery` on each kind's indexed vector (planning.search.kinds),
accents folded (`wb_unaccent`), 'simple' dictionary, lessons in their own language; the snippet
is `ts_headline`. Elsewhere (the embedded SQLite default): every word in some searched field
(`icontains`), newest first, the snippet cut around the first word found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, CharField, Count, F, Q, TextField, Value, When, Window
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

from frameworks.lessons import vectors
from planning.search.kinds import KINDS, SearchKind

PER_KIND = 10
QUERY_MAX = 200
# Markers ts_headline puts around a match, turned into <mark> after the text is escaped.
START, STOP = "\u27e6", "\u27e7"


@dataclass
class Hit:
    title: str
    url: str
    snippet: str
    rank: float
    obj: object = None


@dataclass
class Group:
    key: str
    label: str
    count: int
    hits: list[Hit] = field(default_factory=list)


def search(user, text: str, *, per_kind: int = PER_KIND) -> list[Group]:
    """The groups of matches, best group first; kinds with no visible match are left out."""
    text = (text or "").strip()[:QUERY_MAX]
    if not text:
        return []
    postgres = connection.vendor == "postgresql"
    groups = []
    for kind in KINDS:
        rows = _rows_postgres(kind, user, text) if postgres else _rows_fallback(kind, user, text)
        rows = list(rows[:per_kind])
        if not rows:
            continue
        hits = [
            Hit(
                title=kind.title(row),
                url=kind.url(row),
                snippet=_marked(row.headline) if postgres else _cut(kind, row, text),
                rank=getattr(row, "rank", 0.0),
                obj=row,
            )
            for row in rows
        ]
        groups.append(Group(kind.key, str(kind.label), rows[0].total, hits))
    if postgres:
        groups.sort(key=lambda group: -group.hits[0].rank)
    return groups


def _visible(kind: SearchKind, user):
    return kind.get_model()._default_manager.restrict(user, "view").select_related(*kind.related)


def _document(kind: SearchKind):
    parts = [Coalesce(F(name), Value(""), output_field=TextField()) for name in kind.fields]
    if len(parts) == 1:
        return parts[0]
    spaced = [parts[0]]
    for part in parts[1:]:
        spaced += [Value(" … "), part]
    return Concat(*spaced, output_field=TextField())


def _query(text: str, config: str) -> SearchQuery:
    return SearchQuery(vectors.Unaccent(Value(text)), config=config, search_type="websearch")


def _headline(kind: SearchKind, query: SearchQuery, config: str):
    return SearchHeadline(
        _document(kind),
        query,
        config=config,
        start_sel=START,
        stop_sel=STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def _rows_postgres(kind: SearchKind, user, text: str):
    return _matching(kind, _visible(kind, user), text)


def _matching(kind: SearchKind, rows, text: str):
    """`rows` holding the words, ranked, with their snippet and the count of them all."""
    total = Window(Count("*"))
    if kind.key == "lesson":
        queries = {language: _query(text, config) for language, config in vectors.CONFIGS.items()}
        headline = Case(
            *(
                When(language=language, then=_headline(kind, queries[language], config))
                for language, config in vectors.CONFIGS.items()
            ),
            default=Value(""),
            output_field=CharField(),
        )
        return (
            rows.annotate(vector=vectors.lesson_vector())
            .filter(vectors.matches(queries))
            .annotate(rank=vectors.rank_of(queries), headline=headline, total=total)
            .order_by("-rank", "-pk")
        )
    query = _query(text, "simple")
    return (
        rows.annotate(vector=kind.vector())
        .filter(vector=query)
        .annotate(rank=SearchRank(F("vector"), query), headline=_headline(kind, query, "simple"), total=total)
        .order_by("-rank", "-pk")
    )


def words_of(text: str) -> list[str]:
    return [word for word in re.findall(r"\w+", text.lower()) if word not in ("or", "and")][:10]


def _rows_fallback(kind: SearchKind, user, text: str):
    words = words_of(text)
    if not words:
        return kind.get_model()._default_manager.none()
    every = reduce(
        lambda a, b: a & b,
        (reduce(lambda x, y: x | y, (Q(**{f"{name}__icontains": word}) for name in kind.fields)) for word in words),
    )
    return _visible(kind, user).filter(every).annotate(total=Window(Count("*"))).order_by("-pk")


def _marked(headline: str) -> str:
    return mark_safe(escape(headline or "").replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def _cut(kind: SearchKind, row, text: str, width: int = 160) -> str:
    """The fallback's snippet: the first searched field holding a word, around it, words marked."""
    words = words_of(text)
    for name in kind.fields:
        value = getattr(row, name) or ""
        found = next((m for w in words if (m := re.search(re.escape(w), value, re.I))), None)
        if found:
            start = max(0, found.start() - width // 3)
            piece = ("…" if start else "") + value[start : start + width] + ("…" if start + width < len(value) else "")
            marked = escape(piece)
            for word in words:
                marked = re.sub(f"({re.escape(escape(word))})", r"<mark>\1</mark>", marked, flags=re.I)
            return mark_safe(marked)  # noqa: S308
    return ""


__all__ = ["Group", "Hit", "search"]
