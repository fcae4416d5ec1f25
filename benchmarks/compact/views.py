"""Pages of the compact: the mission's compact (both sides' delivery at a glance and by quarter,
and every commitment with its updates), and the forms that record compacts, commitments, status
updates and their review. All on the generic pages."""

from __future__ import annotations

import copy

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from benchmarks.choices import CommitmentSide, CommitmentStatus
from benchmarks.compact import selectors, services
from benchmarks.compact.forms import CommitmentForm, CommitmentReviewForm, CommitmentStatusForm, CompactForm
from benchmarks.models import Commitment, CommitmentUpdate, Compact
from missions.generic.views import MissionFormView, MissionPage, ObjectPage, ServiceFormView

STATUS_LABELS = {**dict(CommitmentStatus.choices), selectors.NOT_REPORTED: _("Not reported")}
SIDE_LABELS = dict(CommitmentSide.choices)


def compact_context(user, compact: Compact | None) -> dict:
    """What the compact page shows of `compact` (None: the mission has none yet)."""
    if compact is None:
        return {"compact": None}
    commitments = selectors.commitments_with_updates(user, compact)
    for commitment in commitments:
        commitment.standing = selectors.standing_of(commitment)
        commitment.standing_label = STATUS_LABELS[commitment.standing]
    delivery = selectors.delivery(commitments)
    return {
        "compact": compact,
        "sides": [
            {"side": side, "label": SIDE_LABELS[side], "commitments": [c for c in commitments if c.side == side]}
            for side in CommitmentSide.values
        ],
        "status_columns": [(code, STATUS_LABELS[code]) for code in selectors.STATUS_COLUMNS],
        "delivery_rows": [
            {"label": SIDE_LABELS[side], "counts": counts, "total": total} for side, counts, total in delivery.rows()
        ],
        "quarters": [
            {**row, "sides": [{**cell, "label": SIDE_LABELS[cell["side"]]} for cell in row["sides"]]}
            for row in selectors.delivery_by_quarter(compact, commitments)
        ],
        "side_labels": [SIDE_LABELS[side] for side in CommitmentSide.values],
    }


class MissionCompactView(MissionPage):
    """The mission's current compact (the latest), with links to earlier ones."""

    template_name = "benchmarks/compact/compact.html"

    @cached_property
    def compacts(self) -> list[Compact]:
        return list(selectors.compacts_of_mission(self.request.user, self.mission))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(compact_context(self.request.user, self.compacts[0] if self.compacts else None))
        context["other_compacts"] = self.compacts[1:]
        return context


class CompactDetailView(ObjectPage):
    model = Compact
    template_name = "benchmarks/compact/compact.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(compact_context(self.request.user, self.object))
        return context


def compact_url(compact: Compact) -> str:
    return reverse("benchmarks:compact-detail", args=[compact.pk])


class CompactCreateView(MissionFormView):
    page_title = _("Record a compact")
    submit_label = _("Save")
    template_name = "benchmarks/compact/form.html"
    action = "add"
    form_class = CompactForm
    success_message = _("Compact recorded.")

    def perform(self, form):
        return services.compact_create(mission=self.mission, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, saved):
        return compact_url(saved)


class CompactEditView(ServiceFormView):
    page_title = _("Edit the compact")
    submit_label = _("Save")
    model = Compact
    template_name = "benchmarks/compact/form.html"
    context_object_name = "compact"
    action = "change"
    form_class = CompactForm
    success_message = _("Compact saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": copy.copy(self.object)}

    def perform(self, form):
        return services.compact_update(compact=self.object, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, saved):
        return compact_url(saved)


class CommitmentCreateView(ServiceFormView):
    page_title = _("Add a commitment")
    submit_label = _("Save")
    model = Compact
    template_name = "benchmarks/compact/form.html"
    context_object_name = "compact"
    action = post_action = "add"
    form_class = CommitmentForm
    success_message = _("Commitment recorded.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "mission": self.mission}

    def perform(self, form):
        return services.commitment_create(compact=self.object, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, saved):
        return compact_url(self.object)


class CommitmentEditView(ServiceFormView):
    page_title = _("Edit the commitment")
    submit_label = _("Save")
    model = Commitment
    template_name = "benchmarks/compact/form.html"
    context_object_name = "commitment"
    action = "change"
    form_class = CommitmentForm
    success_message = _("Commitment saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("compact__mission")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "mission": self.mission, "instance": copy.copy(self.object)}

    def perform(self, form):
        return services.commitment_update(commitment=self.object, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, saved):
        return compact_url(self.object.compact)


class CommitmentStatusView(ServiceFormView):
    """The owner's entity reports where the commitment stands."""

    page_title = _("Report where the commitment stands")
    submit_label = _("Submit for review")
    model = Commitment
    template_name = "benchmarks/compact/form.html"
    context_object_name = "commitment"
    action = post_action = "submit_update"
    form_class = CommitmentStatusForm
    success_message = _("Update submitted for review.")

    def get_queryset(self):
        return super().get_queryset().select_related("compact__mission", "owner")

    def perform(self, form):
        return services.commitment_status_submit(commitment=self.object, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, saved):
        return compact_url(self.object.compact)


class CommitmentReviewView(ServiceFormView):
    """The mission planning unit approves an update or returns it with a reason."""

    page_title = _("Review the update")
    submit_label = _("Record the decision")
    model = CommitmentUpdate
    template_name = "benchmarks/compact/form.html"
    context_object_name = "update"
    action = post_action = "approve_update"
    form_class = CommitmentReviewForm

    def get_queryset(self):
        return super().get_queryset().select_related("commitment__compact__mission", "commitment__owner")

    def perform(self, form):
        if form.cleaned_data["decision"] == CommitmentReviewForm.APPROVE:
            return services.commitment_status_approve(commitmentupdate=self.object, actor=self.request.user)
        return services.commitment_status_return(
            commitmentupdate=self.object, actor=self.request.user, reason=form.cleaned_data["reason"]
        )

    def get_success_message(self, saved):
        return str(_("Update approved.") if saved.state == "approved" else _("Update returned."))

    def get_success_url(self, saved):
        return compact_url(self.object.commitment.compact)
