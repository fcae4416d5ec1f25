"""GIN indexes for the one search, on PostgreSQL: per searched table, on the very vector the
search queries (planning.search.kinds.SearchKind.vector), built from that definition so the two
cannot differ. Lessons have their own (frameworks 0010), which also creates `wb_unaccent`."""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations


def _indexed():
    from planning.search.kinds import KINDS

    return [kind for kind in KINDS if kind.key != "lesson"]


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for kind in _indexed():
        model = apps.get_model(kind.model)
        schema_editor.add_index(model, GinIndex(kind.vector(), name=kind.index_name))


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for kind in _indexed():
        model = apps.get_model(kind.model)
        schema_editor.remove_index(model, GinIndex(kind.vector(), name=kind.index_name))


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0002_iap_findings_with_links"),
        ("missions", "0006_api_token_expiry"),
        ("frameworks", "0010_lesson_search"),
        ("benchmarks", "0008_rollup_readiness_points"),
    ]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
