"""Full-text search of lessons on PostgreSQL: the unaccent extension, an immutable wrapper of it
(an index expression must be immutable; unaccent() is only stable) and a GIN index on the very
expression the queries use (frameworks.lessons.vectors.lesson_vector)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

WRAPPER = """
CREATE OR REPLACE FUNCTION wb_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$
"""


def index():
    from frameworks.lessons.vectors import lesson_vector

    return GinIndex(lesson_vector(), name="lesson_search")


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("frameworks", "Lesson"), index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("frameworks", "Lesson"), index())


def wrapper(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(WRAPPER)


def drop_wrapper(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS wb_unaccent(text)")


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0009_lessons")]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(wrapper, drop_wrapper),
        migrations.RunPython(add_index, remove_index),
    ]
