"""The form that records a lesson, and the source it is drawn from as named in a link."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from frameworks.choices import IntegrationAreaKind, LessonLanguage
from frameworks.models import IntegratedMechanism, MechanismMeeting, StrategicAssessment
from frameworks.models.lessons import LESSON_TEXT_MAX
from missions.choices import Phase
from missions.models import Mandate, PhaseChange

# A source is named "kind:id" (`?source=assessment:12` on the record link).
SOURCE_MODELS = {
    "assessment": (StrategicAssessment, "mission"),
    "mechanism": (IntegratedMechanism, "mission"),
    "meeting": (MechanismMeeting, "mechanism__mission"),
    "phase_change": (PhaseChange, "mission"),
    "mandate": (Mandate, "mission"),
}


def source_value(obj) -> str:
    """How a link names `obj` as a lesson's source."""
    for kind, (model, _path) in SOURCE_MODELS.items():
        if type(obj) is model:
            return f"{kind}:{obj.pk}"
    raise ValueError(f"{type(obj).__name__} is no source of lessons")


def resolve_source(user, mission, value: str):
    """(kind, object) for a source named "kind:id" that `user` sees on `mission`; (None, None)
    for no source. A source that is malformed, missing, invisible or of another mission is a
    ValidationError (all alike: "does not exist")."""
    if not value:
        return None, None
    kind, _sep, pk = value.partition(":")
    if kind not in SOURCE_MODELS or not pk.isascii() or not pk.isdigit() or len(pk) > 18:
        raise ValidationError(_("This source does not exist."))
    model, path = SOURCE_MODELS[kind]
    obj = model.objects.restrict(user, "view").filter(pk=int(pk), **{path: mission}).first()
    if obj is None:
        raise ValidationError(_("This source does not exist."))
    return kind, obj


def prefill(kind: str | None, source, mission) -> dict:
    """What the form starts with for a source: its mission's phase (a transition's own phase) and
    the source's text to draw on (an assessment's recommendations, a meeting's decisions, a
    transition's note)."""
    initial = {"phase": mission.phase}
    if kind == "phase_change":
        initial["phase"] = source.phase
    text = {
        "assessment": lambda: source.recommendations,
        "meeting": lambda: source.decisions,
        "phase_change": lambda: source.note,
    }.get(kind, lambda: "")()
    if text:
        initial["text"] = text[:LESSON_TEXT_MAX]
    return initial


class LessonForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("What was learned"),
        max_length=LESSON_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What worked or did not, and what another mission should do. At most 4,000 characters."),
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=LessonLanguage.choices)
    phase = forms.ChoiceField(
        label=_("Phase"), choices=Phase.choices, help_text=_("The mission's phase it was learned in.")
    )
    area = forms.ChoiceField(
        label=_("Integration area"),
        choices=[("", _("None in particular")), *IntegrationAreaKind.choices],
        required=False,
    )
    source = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, mission, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.mission = user, mission

    def clean_source(self):
        kind, obj = resolve_source(self.user, self.mission, self.cleaned_data.get("source", ""))
        self.source_kind, self.source_object = kind, obj
        return self.cleaned_data.get("source", "")


class SourceForm(forms.Form):
    """The source a record link names (`?source=kind:id`)."""

    source = forms.CharField(required=False)


class SuggestForm(forms.Form):
    """What the suggestions are asked for: the text drafted, its area, its mission."""

    text = forms.CharField(required=False, max_length=20000)
    area = forms.ChoiceField(choices=[("", ""), *IntegrationAreaKind.choices], required=False)
    mission = forms.CharField(required=False, max_length=20)
