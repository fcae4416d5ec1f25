"""Forms of the benchmarks pages. They parse and validate input; services do the writing."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from benchmarks.choices import ProgressStatus
from benchmarks.excel import check_upload
from benchmarks.models import Benchmark, CapacityGap, Indicator
from frameworks.models import Result
from frameworks.selectors import entities_for
from missions.models import Entity, MandateTask, Mission
from missions.texts import LONG_TEXT_MAX, REASON_MAX


class BenchmarkForm(forms.ModelForm):
    class Meta:
        model = Benchmark
        fields = ["title", "description", "order", "is_transition", "results", "mandate_tasks"]
        widgets = {
            "results": forms.CheckboxSelectMultiple,
            "mandate_tasks": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, mission: Mission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["results"].queryset = Result.objects.filter(priority__framework__mission=mission).select_related(
            "priority__framework"
        )
        self.fields["results"].label_from_instance = lambda r: (
            f"{r.priority.framework.label} v{r.priority.framework.version}: {r}"
        )
        self.fields["mandate_tasks"].queryset = MandateTask.objects.filter(mandate__mission=mission).select_related(
            "mandate"
        )


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "direction",
            "frequency",
            "aggregation",
            "data_source",
            "responsible_entity",
        ]
        widgets = {
            "baseline_date": forms.DateInput(attrs={"type": "date"}),
            "target_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, mission=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The mission and its country team (frameworks.selectors.entities_for), and the entity
        # already responsible, so an older indicator can still be saved as it is.
        pks = {entity.pk for entity in entities_for(mission)} if mission is not None else set()
        if self.instance.responsible_entity_id:
            pks.add(self.instance.responsible_entity_id)
        self.fields["responsible_entity"].queryset = Entity.objects.filter(pk__in=pks).order_by("code")


class UpdateForm(forms.Form):
    period_start = forms.TypedChoiceField(label=_("Period"), coerce=dt.date.fromisoformat)
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2, required=False)
    # No default: a status is the entity's judgement, chosen each time (an empty first choice).
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Choose a status"))] + list(ProgressStatus.choices),
        error_messages={"required": _("Choose the status of the indicator in this period.")},
    )
    narrative = forms.CharField(
        label=_("Narrative"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=LONG_TEXT_MAX
    )
    evidence_url = forms.URLField(label=_("Evidence link"), max_length=500, required=False, assume_scheme="https")
    # The withdrawn or returned update the form was filled with: correcting it must not file its
    # text under another period.
    correcting = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, periods: list[tuple], corrections: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.corrections = corrections or {}
        self.fields["period_start"].choices = [
            (start.isoformat(), _("%(start)s to %(end)s") % {"start": start, "end": end}) for start, end in periods
        ]

    def clean(self):
        data = super().clean()
        correcting, start = data.get("correcting"), data.get("period_start")
        if correcting and start and self.corrections.get(correcting) not in (None, start):
            self.add_error(
                "period_start",
                _(
                    "This form corrects the update for the period starting %(date)s. Keep that period, "
                    "or open the page again to report another one."
                )
                % {"date": self.corrections[correcting]},
            )
        return data


class ReviewForm(forms.Form):
    APPROVE = "approve"
    RETURN = "return"

    updates = forms.TypedMultipleChoiceField(label=_("Updates"), coerce=int)
    decision = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (RETURN, _("Return"))])
    reason = forms.CharField(
        label=_("Reason for return"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=REASON_MAX
    )

    def __init__(self, *args, update_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["updates"].choices = [(pk, pk) for pk in update_ids]
        self.fields["updates"].error_messages["required"] = _("Select at least one update.")

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.RETURN and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the updates are returned."))
        return data


class ExcelUploadForm(forms.Form):
    file = forms.FileField(label=_("Filled-in workbook (.xlsx)"))

    def clean_file(self):
        """Only what is cheap, before any work: the name, the size and the number of rows."""
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload the .xlsx workbook downloaded from this page."))
        check_upload(upload)
        return upload


class CapacityGapForm(forms.ModelForm):
    class Meta:
        model = CapacityGap
        fields = ["category", "requirement", "description", "effect", "status", "identified_on"]
        widgets = {
            "requirement": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "effect": forms.Textarea(attrs={"rows": 3}),
            "identified_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "description": _("The staff, skills, funds or assets the mission lacks."),
            "effect": _("What the gap keeps the mission from delivering."),
        }
