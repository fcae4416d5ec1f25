"""Every write to the data the IAP evaluation reads marks the mission's kept IAP standing for
evaluation again, in the writing transaction (`planning.iap.iap_mark_changed`).

The evaluation reads a dozen kinds of rows from three apps and the admin writes some of them, so
the mark follows the rows (post_save, pre_delete, m2m_changed) rather than a call in each service:
a service, the admin, a cascade or a data migration that saves or deletes one of these rows marks
it alike. The mark is one UPDATE naming the row's mission by its `access_mission_path`.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save

# The models `planning.iap._load` reads, by label.
WATCHED = (
    "missions.Mission",
    "missions.CountryTeamMember",
    "missions.Mandate",
    "frameworks.StrategicAssessment",
    "frameworks.IntegratedStrategicFramework",
    "frameworks.Priority",
    "frameworks.Result",
    "frameworks.Responsibility",
    "frameworks.IntegratedMechanism",
    "frameworks.MechanismMeeting",
    "benchmarks.Benchmark",
    "benchmarks.Indicator",
    "benchmarks.ProgressUpdate",
    "benchmarks.ProgressReport",
)
# Many-to-many sets the evaluation reads: (model label, field name).
WATCHED_SETS = (
    ("frameworks.StrategicAssessment", "participants"),
    ("frameworks.IntegratedMechanism", "members"),
    ("benchmarks.Benchmark", "results"),
)


def _missions_of(model, pk):
    """The id of the mission of row `pk` of `model`, as a subquery."""
    path = model.access_mission_path
    if not path:
        return [pk]
    return model._default_manager.filter(pk=pk).values(path)


def mark_row(sender, instance, **kwargs) -> None:
    from planning.iap import iap_mark_changed

    if instance.pk is not None:
        iap_mark_changed(_missions_of(type(instance), instance.pk))


def note_entity_kind(sender, instance, **kwargs) -> None:
    """Before an entity is saved: whether its kind (mission side or country team) changes."""
    old = sender._default_manager.filter(pk=instance.pk).values_list("kind", flat=True).first()
    instance._iap_kind_changed = old is not None and old != instance.kind


def mark_every_mission(sender, instance, **kwargs) -> None:
    """An entity's kind counts for every mission it takes part in; a rename counts for none."""
    from planning.iap import iap_mark_changed

    if getattr(instance, "_iap_kind_changed", False):
        iap_mark_changed()


def connect() -> None:
    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(mark_row, sender=model, dispatch_uid=f"iap-save-{label}")
        pre_delete.connect(mark_row, sender=model, dispatch_uid=f"iap-delete-{label}")
    for label, field in WATCHED_SETS:
        through = getattr(apps.get_model(label), field).through
        m2m_changed.connect(mark_set, sender=through, dispatch_uid=f"iap-set-{label}-{field}")
    entity = apps.get_model("missions.Entity")
    pre_save.connect(note_entity_kind, sender=entity, dispatch_uid="iap-entity-kind")
    post_save.connect(mark_every_mission, sender=entity, dispatch_uid="iap-entity")


def mark_set(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    from planning.iap import iap_mark_changed

    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        iap_mark_changed(_missions_of(type(instance), instance.pk))
    elif hasattr(model, "access_mission_path") and pk_set:
        iap_mark_changed(model._default_manager.filter(pk__in=pk_set).values(model.access_mission_path or "pk"))
    else:
        iap_mark_changed()
