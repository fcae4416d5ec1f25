"""Pages of lessons learned: browse them, read one, record one, and the suggestions the ISF
editor loads while a priority or result is drafted."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from frameworks.lessons.forms import LessonForm, SourceForm, prefill, resolve_source
from frameworks.lessons.selectors import lesson_rows, lessons_for, similar_lessons
from frameworks.lessons.services import lesson_record
from frameworks.models import Lesson
from missions.access import after_closing
from missions.generic.views import MissionFormView, ObjectPage, SignedInPage
from missions.models import Mission


class LessonListView(SignedInPage):
    """Every lesson the user sees, newest first, filtered by area, phase, mission type, mission."""

    template_name = "frameworks/lessons/list.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset, lessons = lessons_for(self.request.user, filters=self.request.GET or None)
        page = Paginator(lessons, self.paginate_by).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=filterset.form,
            filtered=filterset.filtered,
            page_obj=page,
            lessons=page.object_list,
            query=query.urlencode(),
        )
        return context


class LessonDetailView(ObjectPage):
    """One lesson. Lessons are read across missions: the reader may not see the lesson's mission,
    though the base records it as seen, so the page offers no link to the mission's pages."""

    model = Lesson
    template_name = "frameworks/lessons/detail.html"
    context_object_name = "lesson"

    def get_queryset(self):
        return lesson_rows()


class LessonRecordView(MissionFormView):
    """Record a lesson of the mission; a link from a source's page names it (`?source=kind:id`)
    and the form starts from it."""

    template_name = "frameworks/lessons/form.html"
    action = "add"
    form_class = LessonForm
    heading = _("Record a lesson")
    success_message = _("Lesson recorded.")

    def dispatch(self, request, *args, **kwargs):
        # A closed mission keeps recording what it learned (its other planning is read-only).
        with after_closing():
            return super().dispatch(request, *args, **kwargs)

    def source(self):
        if not hasattr(self, "_source"):
            form = SourceForm(self.request.GET)
            value = form.cleaned_data["source"] if form.is_valid() else ""
            try:
                self._source = resolve_source(self.request.user, self.mission, value)
            except ValidationError:
                self._source = (None, None)
        return self._source

    def get_initial(self):
        kind, obj = self.source()
        initial = prefill(kind, obj, self.mission)
        if obj is not None:
            initial["source"] = self.request.GET.get("source", "")
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "mission": self.mission}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        kind, obj = (getattr(form, "source_kind", None), getattr(form, "source_object", None))
        if not form.is_bound:
            kind, obj = self.source()
        if obj is not None:
            # An unsaved lesson drawn from the source, so the page names it as a lesson's page does.
            sources = {kind: obj, **({"mechanism": obj.mechanism} if kind == "meeting" else {})}
            context["drawn_from"] = Lesson(mission=self.mission, **sources)
        return context

    def perform(self, form):
        data = form.cleaned_data
        sources = {form.source_kind: form.source_object} if form.source_object is not None else {}
        return lesson_record(
            actor=self.request.user,
            mission=self.mission,
            title=data["title"],
            text=data["text"],
            phase=data["phase"],
            area=data["area"],
            language=data["language"],
            **sources,
        )

    @property
    def cancel_url(self):
        kind, obj = self.source()
        if kind == "assessment":
            return reverse("frameworks:assessment-detail", args=[obj.pk])
        if kind in ("mechanism", "meeting"):
            mechanism = obj if kind == "mechanism" else obj.mechanism
            return reverse("frameworks:mechanism-detail", args=[mechanism.pk])
        return reverse("mission-workspace", args=[self.mission.acronym])

    def get_success_url(self, saved):
        return reverse("lessons:lesson-detail", args=[saved.pk])


class LessonSuggestionsView(SignedInPage):
    """An htmx fragment: up to three lessons of other missions like the text being drafted."""

    template_name = "frameworks/lessons/_suggestions.html"

    def get_context_data(self, **kwargs):
        from frameworks.lessons.forms import SuggestForm

        context = super().get_context_data(**kwargs)
        form = SuggestForm(self.request.GET)
        data = form.cleaned_data if form.is_valid() else {}
        mission = None
        if data.get("mission"):
            mission = Mission.objects.restrict(self.request.user, "view").filter(acronym=data["mission"]).first()
        context["suggestions"] = similar_lessons(
            self.request.user, text=data.get("text", ""), mission=mission, area=data.get("area", "")
        )
        return context
