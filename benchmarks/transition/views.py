"""Pages of the transition area: the transition page of a mission, recording a mandate review,
and the handover plan of a mandate task."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from benchmarks.models import CapacityGap
from benchmarks.transition.forms import CompareForm, MandateReviewForm
from benchmarks.transition.selectors import compare_reviews, handover_plan, readiness_over_time, reviews_of
from benchmarks.transition.services import mandate_review_record
from missions.forms import HandoverForm
from missions.generic.views import MissionFormView, MissionPage, ServiceFormView
from missions.models import Handover, Mandate, MandateTask
from missions.selectors import setup_rows
from missions.services import handover_receivers, handover_save


class TransitionView(MissionPage):
    """Readiness over time (the kept quarterly points and each review's snapshot), the handover
    plan, the reviews, and two snapshots side by side (?a=<id>&b=<id>)."""

    template_name = "benchmarks/transition/transition.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, mission = self.request.user, self.mission
        reviews = reviews_of(mission, user)
        readiness = readiness_over_time(mission, reviews)
        plan = setup_rows(user, handover_plan(mission))  # each task with may_change
        compare_form = CompareForm(self.request.GET if "a" in self.request.GET else None, reviews=reviews)
        if compare_form.is_bound:
            comparison = (
                compare_reviews(compare_form.cleaned_data["a"], compare_form.cleaned_data["b"])
                if (compare_form.is_valid())
                else None
            )
        elif len(reviews) >= 2:
            compare_form = CompareForm(initial={"a": reviews[-2].pk, "b": reviews[-1].pk}, reviews=reviews)
            comparison = compare_reviews(reviews[-2], reviews[-1])
        else:
            comparison = None
        context.update(
            reviews=reviews,
            readiness=readiness,
            chart_data={
                "readiness": {
                    "labels": [row.date.isoformat() for row in readiness],
                    "values": [row.percent for row in readiness],
                    "label": _("Transition benchmarks achieved or on track (%)"),
                },
                "indicators": {},
            },
            plan=plan,
            compare_form=compare_form,
            comparison=comparison,
        )
        return context


class MandateReviewCreateView(MissionFormView):
    """Record a review or renewal of the mandate; the snapshot is taken as it is saved."""

    template_name = "benchmarks/transition/review_form.html"
    action = "add"
    success_message = _("Mandate review recorded, with a snapshot of the mission's standing.")

    def get_form(self):
        return MandateReviewForm(
            **self.get_form_kwargs(),
            mandates=Mandate.objects.restrict(self.request.user, "view").filter(mission=self.mission),
            gaps=CapacityGap.objects.restrict(self.request.user, "view")
            .filter(mission=self.mission)
            .order_by("identified_on", "pk"),
        )

    def get_initial(self):
        return {"held_on": timezone.localdate()}

    def perform(self, form):
        return mandate_review_record(mission=self.mission, actor=self.request.user, **form.service_kwargs())

    def get_success_url(self, saved):
        return reverse("transition:page", args=[self.mission.acronym])


class HandoverEditView(ServiceFormView):
    """The plan to hand one mandate task over."""

    model = MandateTask
    template_name = "benchmarks/transition/handover_form.html"
    context_object_name = "task"
    action = "change"
    success_message = _("Handover plan saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("mandate__mission", "handover_to")

    def get_form(self):
        return HandoverForm(**self.get_form_kwargs(), receivers=handover_receivers(self.mission))

    def get_initial(self):
        plan = Handover.objects.filter(task=self.object).first()
        if plan is None:
            return {"receiver": self.object.handover_to_id}
        return {"receiver": plan.receiver_id, "planned_on": plan.planned_on, "status": plan.status, "note": plan.note}

    def perform(self, form):
        return handover_save(mandatetask=self.object, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, saved):
        return reverse("transition:page", args=[self.mission.acronym])
