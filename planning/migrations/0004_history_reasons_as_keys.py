"""History reasons the services wrote as a sentence (in English, or in French when French was
active) become message keys, so that they read in the reader's language. Only reasons without
parameters are converted; the others, and every reason a person typed, stay as stored."""

import json

from django.db import migrations
from django.utils import translation

# Frozen copy: the reasons as they were written before keys.
KNOWN = {
    "Mission created": "mission.created",
    "Mission edited": "mission.edited",
    "Phase changed": "mission.phase_changed",
    "Mandate recorded": "mandate.recorded",
    "Mandate edited": "mandate.edited",
    "Handover planned": "handover.planned",
    "Benchmark created": "benchmark.created",
    "Benchmark edited": "benchmark.edited",
    "Indicator created": "indicator.created",
    "Indicator edited": "indicator.edited",
    "Capacity gap recorded": "gap.recorded",
    "Capacity gap edited": "gap.edited",
    "Lesson recorded": "lesson.recorded",
    "Created": "framework.created",
    "Imported from Word": "framework.imported",
    "Label, period or vision edited": "framework.edited",
    "Priority added": "priority.added",
    "Priority edited": "priority.edited",
    "Priority removed": "priority.removed",
    "Priorities reordered": "priorities.reordered",
    "Result added": "result.added",
    "Result edited": "result.edited",
    "Result removed": "result.removed",
    "Results reordered": "results.reordered",
    "Leads and contributors of a result set": "responsibilities.set",
    "Mandate task links changed": "mandate_links.changed",
    "Integration area removed": "integration_area.removed",
    "Integration area recorded": "integration_area.recorded",
    "Funding line removed": "funding.removed",
    "Funding recorded": "funding.recorded",
    "Submitted for endorsement": "framework.submitted_status",
    "Endorsed": "framework.endorsed_status",
    "Assessment recorded": "assessment.recorded",
    "Assessment edited": "assessment.edited",
    "Mechanism set up": "mechanism.set_up",
    "Mechanism edited": "mechanism.edited",
    "Members changed": "mechanism.members_changed",
}
APPS = ("missions", "frameworks", "benchmarks")


def _encoded(key: str) -> str:
    return "@msg " + json.dumps({"key": key, "params": {}})


def forwards(apps, schema_editor):
    sentences = {}
    for language in ("fr", "en"):
        with translation.override(language):
            for text, key in KNOWN.items():
                sentences[translation.gettext(text)] = key
    tables = set(schema_editor.connection.introspection.table_names())
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            # A model of a later migration of another app (not applied yet) has no table.
            if not model.__name__.startswith("Historical") or model._meta.db_table not in tables:
                continue
            field_names = {f.name for f in model._meta.get_fields()}
            if "history_change_reason" not in field_names:
                continue
            # A planner's own reason is kept as typed, even when it reads like one of ours.
            rows = model.objects.filter(history_change_reason__in=list(sentences))
            if "history_reason_given" in field_names:
                rows = rows.filter(history_reason_given=False)
            for sentence, key in sentences.items():
                rows.filter(history_change_reason=sentence).update(history_change_reason=_encoded(key))


def backwards(apps, schema_editor):
    tables = set(schema_editor.connection.introspection.table_names())
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            if not model.__name__.startswith("Historical") or model._meta.db_table not in tables:
                continue
            if "history_change_reason" not in {f.name for f in model._meta.get_fields()}:
                continue
            for text, key in KNOWN.items():
                model.objects.filter(history_change_reason=_encoded(key)).update(history_change_reason=text)


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0003_search_indexes"),
        ("missions", "0009_notification_message_key"),
        ("frameworks", "0011_merge_0009_history_reason_given_0010_lesson_search"),
        ("benchmarks", "0010_mandatereview"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
