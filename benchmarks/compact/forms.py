"""Forms of the compact pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from benchmarks.choices import CommitmentSide, CommitmentStatus
from benchmarks.models import Commitment, Compact
from frameworks.models import Priority
from missions.choices import EntityKind
from missions.models import Entity
from missions.texts import REASON_MAX

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CompactForm(forms.ModelForm):
    class Meta:
        model = Compact
        fields = ["title", "starts", "ends"]
        widgets = {"starts": DATE, "ends": DATE}


class CommitmentForm(forms.ModelForm):
    """A commitment: the owner is a UN entity of the mission (itself, its country team, the
    Secretariat) or a host-government body of its country; the service checks it is of the side."""

    class Meta:
        model = Commitment
        fields = ["side", "owner", "due_on", "priority", "text"]
        widgets = {"due_on": DATE, "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, mission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["side"].choices = CommitmentSide.choices
        owners = Entity.objects.filter(
            kind=EntityKind.HOST_GOVERNMENT, country=mission.country
        ) | Entity.objects.filter(country_teams__mission=mission)
        if mission.entity_id:
            owners = owners | Entity.objects.filter(pk=mission.entity_id)
        self.fields["owner"].queryset = owners.distinct().order_by("kind", "code")
        self.fields["owner"].help_text = _(
            "A host-government body for a government commitment, a UN entity for a UN one."
        )
        self.fields["priority"].queryset = (
            Priority.objects.filter(framework__mission=mission)
            .select_related("framework")
            .order_by("-framework__version", "order")
        )
        self.fields["priority"].label_from_instance = lambda p: f"v{p.framework.version} · {p.order}. {p.title}"


class CommitmentStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)
    as_of = forms.DateField(label=_("As of"), widget=DATE, required=False, help_text=_("Today if left empty."))
    narrative = forms.CharField(label=_("Narrative"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, max_length=500, assume_scheme="https")


class CommitmentReviewForm(forms.Form):
    APPROVE = "approve"
    RETURN = "return"

    decision = forms.ChoiceField(
        label=_("Decision"), choices=[(APPROVE, _("Approve")), (RETURN, _("Return"))], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason for return"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=REASON_MAX
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.RETURN and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the update is returned."))
        return data
