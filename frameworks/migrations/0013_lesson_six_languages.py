"""Lessons in any of the six languages of the Organization, each searched with its language"s
dictionary: the GIN index is built again on the new expression (frameworks.lessons.vectors)."""

from django.db import migrations, models


def rebuild_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex

    from frameworks.lessons.vectors import lesson_vector

    schema_editor.execute("DROP INDEX IF EXISTS lesson_search")
    schema_editor.add_index(apps.get_model("frameworks", "Lesson"), GinIndex(lesson_vector(), name="lesson_search"))


class Migration(migrations.Migration):
    dependencies = [
        ("frameworks", "0012_national_alignment_priorities"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicallesson",
            name="language",
            field=models.CharField(
                choices=[
                    ("ar", "Arabic"),
                    ("zh", "Chinese"),
                    ("en", "English"),
                    ("fr", "French"),
                    ("ru", "Russian"),
                    ("es", "Spanish"),
                ],
                default="en",
                max_length=2,
                verbose_name="language",
            ),
        ),
        migrations.AlterField(
            model_name="lesson",
            name="language",
            field=models.CharField(
                choices=[
                    ("ar", "Arabic"),
                    ("zh", "Chinese"),
                    ("en", "English"),
                    ("fr", "French"),
                    ("ru", "Russian"),
                    ("es", "Spanish"),
                ],
                default="en",
                max_length=2,
                verbose_name="language",
            ),
        ),
        migrations.RunPython(rebuild_index, rebuild_index),
    ]
