"""Forms of the transition area: recording a mandate review, choosing two snapshots to compare."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from benchmarks.choices import GapStatus, ReviewKind
from benchmarks.transition.services import gap_field
from missions.texts import REASON_MAX


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MandateReviewForm(forms.Form):
    """A review or renewal of the mandate, and the status of each capacity gap decided at it."""

    mandate = forms.ModelChoiceField(label=_("Mandate"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=ReviewKind.choices)
    held_on = forms.DateField(label=_("Held on"), widget=_date_input())
    summary = forms.CharField(
        label=_("Summary"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the review concluded, in a few sentences."),
    )

    def __init__(self, *args, mandates, gaps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mandate"].queryset = mandates
        self.gaps = list(gaps)
        for gap in self.gaps:
            self.fields[gap_field(gap.pk)] = forms.ChoiceField(
                label=gap.description[:120], choices=GapStatus.choices, initial=gap.status
            )

    def gap_fields(self):
        return [self[gap_field(gap.pk)] for gap in self.gaps]

    def main_fields(self):
        return [self[name] for name in ("mandate", "kind", "held_on", "summary")]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "mandate": data["mandate"],
            "kind": data["kind"],
            "held_on": data["held_on"],
            "summary": data["summary"],
            "gap_statuses": {gap.pk: data[gap_field(gap.pk)] for gap in self.gaps},
        }


class CompareForm(forms.Form):
    """Two snapshots of the mission to set side by side (?a=<id>&b=<id>); each field's value is
    the review itself."""

    LABELS = {"a": _("Earlier snapshot"), "b": _("Later snapshot")}

    def __init__(self, *args, reviews, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(review.pk), str(review)) for review in reviews]
        by_pk = {str(review.pk): review for review in reviews}
        for name, label in self.LABELS.items():
            self.fields[name] = forms.TypedChoiceField(label=label, choices=choices, coerce=by_pk.__getitem__)
