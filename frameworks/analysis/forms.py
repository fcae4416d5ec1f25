"""Forms for strategic assessments, integrated mechanisms and their meetings.

They parse and validate input; saving goes through `frameworks.analysis.services`. Entity pickers
offer every entity grouped by side (mission and Secretariat, country team, others) so a planner
sees at a glance whether both sides are represented.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frameworks.analysis.selectors import SIDE_LABELS, Sides, entities_by_side
from frameworks.models import IntegratedMechanism, MechanismMeeting, StrategicAssessment
from missions.models import Entity

ANALYSIS_TEXTS = ("conflict_drivers", "actors", "risks", "options", "recommendations")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class GroupedEntitiesMixin:
    """Gives single entity pickers grouped options and multi pickers grouped checkboxes."""

    entity_fields: tuple[str, ...] = ()
    entity_multi_fields: tuple[str, ...] = ()

    def _group_entities(self, sides: Sides) -> None:
        groups = entities_by_side(sides)
        labelled = [
            (str(SIDE_LABELS[side]), [(e.pk, f"{e.code} ({e.name})") for e in entities]) for side, entities in groups
        ]
        queryset = Entity.objects.all()
        for name in (*self.entity_fields, *self.entity_multi_fields):
            field = self.fields[name]
            field.queryset = queryset
            field.choices = ([("", "---------")] if name in self.entity_fields else []) + labelled

    def grouped_options(self, name: str):
        """[(group label, [option dicts with name, value, label, selected, attrs.id])] for a template."""
        bound = self[name]
        widget = bound.field.widget
        value = widget.format_value(bound.value())
        return [
            (group, options)
            for group, options, _index in widget.optgroups(bound.html_name, value, {"id": bound.auto_id})
        ]


class AssessmentForm(GroupedEntitiesMixin, forms.ModelForm):
    entity_fields = ("lead_entity",)
    entity_multi_fields = ("participants",)

    class Meta:
        model = StrategicAssessment
        fields = [
            "title",
            "started_on",
            "completed_on",
            "lead_entity",
            "participants",
            "conflict_drivers",
            "actors",
            "risks",
            "options",
            "recommendations",
            "is_internal",
        ]
        widgets = {
            "started_on": DateInput(),
            "completed_on": DateInput(),
            "participants": forms.CheckboxSelectMultiple(),
            **{name: forms.Textarea(attrs={"rows": 4}) for name in ANALYSIS_TEXTS},
        }
        help_texts = {
            "participants": _("Joint analysis needs at least one mission-side and one country-team entity."),
            "conflict_drivers": _("What drives the conflict, in a few sentences or a list."),
        }

    def __init__(self, *args, sides: Sides, **kwargs):
        super().__init__(*args, **kwargs)
        self._group_entities(sides)

    @property
    def participants_groups(self):
        return self.grouped_options("participants")


class MechanismForm(GroupedEntitiesMixin, forms.ModelForm):
    entity_fields = ("chair",)
    entity_multi_fields = ("members",)

    class Meta:
        model = IntegratedMechanism
        fields = ["name", "level", "kind", "chair", "members", "cadence_days", "is_active", "terms_of_reference"]
        widgets = {
            "members": forms.CheckboxSelectMultiple(),
            "terms_of_reference": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "members": _("An integrated mechanism needs members from both the mission side and the country team."),
            "cadence_days": _("How often it should meet; a longer gap shows as not within its cadence."),
        }

    def __init__(self, *args, sides: Sides, **kwargs):
        super().__init__(*args, **kwargs)
        self._group_entities(sides)
        self.fields["cadence_days"].widget.attrs.setdefault("min", 1)

    @property
    def members_groups(self):
        return self.grouped_options("members")


class MeetingForm(forms.ModelForm):
    class Meta:
        model = MechanismMeeting
        fields = ["held_on", "decisions"]
        widgets = {"held_on": DateInput(), "decisions": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"held_on": _("One meeting per day; not in the future.")}

    def validate_unique(self):
        # The service checks "one meeting per day" and names the date field; the form has no mechanism.
        pass
