"""The full-text vector of a lesson on PostgreSQL, in the lesson's own language, accents folded.

The same expression is indexed (GIN, migration frameworks 0010) and queried, so the planner
uses the index. `wb_unaccent` is an immutable wrapper of `unaccent` (the extension's function is
only stable, and an index expression must be immutable); the migration creates it.
"""

from __future__ import annotations

from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import Case, F, FloatField, Func, Q, TextField, Value, When

from frameworks.choices import LessonLanguage

# PostgreSQL's text search configurations: Snowball stemmers for five of the six languages;
# Chinese, written without spaces, has none in PostgreSQL: its words are matched as written
# ("simple"), the whole run between spaces and punctuation.
CONFIGS = {
    LessonLanguage.ARABIC: "arabic",
    LessonLanguage.CHINESE: "simple",
    LessonLanguage.ENGLISH: "english",
    LessonLanguage.FRENCH: "french",
    LessonLanguage.RUSSIAN: "russian",
    LessonLanguage.SPANISH: "spanish",
}


class Unaccent(Func):
    function = "wb_unaccent"
    output_field = TextField()


def folded(field: str) -> Unaccent:
    return Unaccent(F(field))


def lesson_vector_in(config: str) -> SearchVector:
    return SearchVector(folded("title"), folded("text"), config=config)


def lesson_vector() -> Case:
    """A lesson's vector with the dictionary of its language (English where none is recorded)."""
    return Case(
        *(
            When(language=language, then=lesson_vector_in(config))
            for language, config in CONFIGS.items()
            if language != LessonLanguage.ENGLISH
        ),
        default=lesson_vector_in("english"),
    )


def lesson_query(text: str, config: str, search_type: str = "websearch") -> SearchQuery:
    return SearchQuery(Unaccent(Value(text)), config=config, search_type=search_type)


def matches(queries: dict) -> Q:
    """Rows annotated with `vector` that match the query of their own language."""
    return reduce(lambda a, b: a | b, (Q(language=language, vector=query) for language, query in queries.items()))


def rank_of(queries: dict) -> Case:
    return Case(
        *(When(language=language, then=SearchRank(F("vector"), query)) for language, query in queries.items()),
        default=Value(0.0),
        output_field=FloatField(),
    )


def matching_any(lessons, words: list[str], *, area: str = ""):
    """Lessons holding any of `words` (OR-ed, each folded and stemmed in the lesson's language),
    ranked; a lesson of `area` first among equals."""
    queries = {
        language: reduce(lambda a, b: a | b, (lesson_query(word, config, "plain") for word in words))
        for language, config in CONFIGS.items()
    }
    same_area = Case(When(area=area, then=Value(1)), default=Value(0)) if area else Value(0)
    return (
        lessons.annotate(vector=lesson_vector())
        .filter(matches(queries))
        .annotate(rank=rank_of(queries), same_area=same_area)
        .order_by("-rank", "-same_area", "-pk")
    )
