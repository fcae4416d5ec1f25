"""Framework pages: the read-only detail with its workflow, the editor and its field-group saves,
creation, export, version history and the difference between two versions.

The editor is one page of small forms. Each form posts to its own URL; with htmx it saves as the
user goes (`hx-post`, the answer's matching fragment swapped in with `hx-select`), without
JavaScript the same POST answers with the whole page. A failed save (invalid input, a stale
`updated_at`, a state that no longer allows edits) re-renders the page with that form bound to
what the user typed, so nothing typed is lost.
"""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frameworks import exports, selectors, services
from frameworks.choices import FrameworkStatus, FundingSource, ResponsibilityRole
from frameworks.diff import InlineChanges, changed_rows, framework_difference, inline_changes
from frameworks.forms import (
    ConsultationForm,
    FrameworkCreateForm,
    FrameworkForm,
    FundingForm,
    IntegrationAreaForm,
    NationalAlignmentForm,
    PriorityEditForm,
    PriorityForm,
    ReasonForm,
    ReorderForm,
    ResultEditForm,
    ResultForm,
    ResultRolesForm,
    ShowChangesForm,
    SignForm,
    TaskLinksForm,
    VersionPairForm,
)
from frameworks.models import IntegratedStrategicFramework, IntegrationArea, Priority, Result
from missions.access import check_allowed, entity_ids_of, get_allowed_object
from missions.audit import history_entries
from missions.choices import Role
from missions.generic.views import (
    MissionFormView,
    ObjectPage,
    ServiceActionView,
    ServiceFormMixin,
    apply_errors,
    htmx_status,
    may,
    remember,
)
from missions.models import Entity

# What every framework page shows of the framework besides its own fields.
FRAMEWORK_RELATED = ("mission", "mission__entity", "parent")


def edit_url(framework_id: int, saved: str = "", anchor: str = "", open_key: str = "") -> str:
    url = reverse("frameworks:framework-edit", args=[framework_id])
    query = "&".join(f"{name}={value}" for name, value in (("saved", saved), ("open", open_key)) if value)
    return url + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")


def changes_context(request, framework: IntegratedStrategicFramework, priorities: list) -> dict:
    """The "Show changes since version N" toggle of the editor and the ISF page (`?changes=1`):
    the version this one was copied from (`changes_since`, None for a first version) and, when
    asked, the changes since it (`changes`, frameworks.diff.inline_changes), set on each priority
    and result of `priorities` as `change`."""
    since = framework.parent if framework.parent_id else None
    toggle = ShowChangesForm(request.GET)
    changes: InlineChanges | None = None
    if since is not None and toggle.is_valid() and toggle.cleaned_data["changes"]:
        changes = inline_changes(since, framework)
        changes.annotate(priorities)
    return {"changes_since": since, "changes": changes}


class FrameworkPage(ObjectPage):
    """A page of one framework version."""

    model = IntegratedStrategicFramework
    context_object_name = "framework"

    def get_queryset(self):
        return IntegratedStrategicFramework.objects.select_related(*FRAMEWORK_RELATED)


# ---------- the editor ----------


def editor_context(
    request,
    framework: IntegratedStrategicFramework,
    overrides: dict | None = None,
    *,
    open_key: str = "",
    saved: str | None = None,
) -> dict:
    """Everything the editor shows, in a fixed number of queries; `overrides` maps a form key to a
    bound form that failed, so it is shown with the user's input and its errors. The outline
    shows every priority and result; a result's forms (statement, leads and contributors, mandate
    tasks) are made only for the result that is open (`open_key` "r<pk>", or a failed form of it):
    the others load them when opened."""
    overrides = overrides or {}
    mission = framework.mission
    priorities = selectors.framework_tree(framework)
    entities = selectors.entities_for(mission)
    tasks = selectors.mandate_tasks_for(mission)
    codes = {entity.pk: entity.code for entity in entities}
    for p_number, priority in enumerate(priorities, 1):
        priority.number = p_number
        priority.form_key, priority.funding_key = f"p{priority.pk}", f"f{priority.pk}"
        priority.form = overrides.get(f"p{priority.pk}") or PriorityEditForm(
            instance=priority, prefix=f"p{priority.pk}"
        )
        priority.new_result_form = overrides.get(f"nr{priority.pk}") or ResultForm(prefix=f"nr{priority.pk}")
        # Like a result's forms, a priority's funding form is made when it is open (or failed).
        priority.funding_open = open_key == priority.funding_key or priority.funding_key in overrides
        if priority.funding_open:
            priority.funding_form = overrides.get(priority.funding_key) or FundingForm(
                priority=priority, prefix=priority.funding_key
            )
        for r_number, result in enumerate(priority.results.all(), 1):
            result.number = f"{p_number}.{r_number}"
            roles = [(r.role, codes.get(r.entity_id) or r.entity.code) for r in result.responsibilities.all()]
            result.leads = sorted(code for role, code in roles if role == ResponsibilityRole.LEAD)
            result.contributors = sorted(code for role, code in roles if role == ResponsibilityRole.CONTRIBUTING)
            result.form_key, result.roles_key, result.task_key = f"r{result.pk}", f"rr{result.pk}", f"t{result.pk}"
            keys = (result.form_key, result.roles_key, result.task_key)
            result.panel = open_key == result.form_key or any(key in overrides for key in keys)
            if not result.panel:
                continue
            result.form = overrides.get(result.form_key) or ResultEditForm(instance=result, prefix=result.form_key)
            result.roles_form = overrides.get(result.roles_key) or ResultRolesForm(
                entities=entities, result=result, prefix=result.roles_key
            )
            result.task_form = overrides.get(result.task_key) or TaskLinksForm(
                tasks=tasks, prefix=result.task_key, initial={"tasks": [t.pk for t in result.mandate_tasks.all()]}
            )
    counts = indicator_counts([r.pk for p in priorities for r in p.results.all()])
    for priority in priorities:
        for result in priority.results.all():
            result.indicator_count = counts.get(result.pk, 0)
    areas = list(IntegrationArea.objects.filter(framework=framework).order_by("area", "id"))
    for area in areas:
        area.form_key = f"a{area.pk}"
        area.form = overrides.get(f"a{area.pk}") or IntegrationAreaForm(instance=area, prefix=f"a{area.pk}")
    alignments = list(framework.alignments.prefetch_related("priorities").order_by("kind", "title", "id"))
    for alignment in alignments:
        alignment.form_key = f"nf{alignment.pk}"
        alignment.form = overrides.get(alignment.form_key) or NationalAlignmentForm(
            instance=alignment, priorities=priorities, prefix=alignment.form_key
        )
    funding, total_amount, total_gap = selectors.funding_rows(priorities)
    return {
        "framework": framework,
        "mission": mission,
        "priorities": priorities,
        "entities": entities,
        "tasks": tasks,
        "coverage": selectors.coverage(priorities, tasks),
        "funding": funding,
        "total_amount": total_amount,
        "total_gap": total_gap,
        "funding_sources": FundingSource.choices,
        "areas": areas,
        "framework_form": overrides.get("framework") or FrameworkForm(instance=framework, prefix="fw"),
        "new_priority_form": overrides.get("np") or PriorityForm(prefix="np"),
        "new_area_form": overrides.get("na") or IntegrationAreaForm(prefix="na", adding=True),
        "alignments": alignments,
        "new_alignment_form": overrides.get("nn")
        or NationalAlignmentForm(priorities=priorities, prefix="nn", adding=True),
        "saved": request.GET.get("saved", "") if saved is None else saved,
        "conflicts": {key: form.conflict for key, form in overrides.items() if getattr(form, "conflict", None)},
    }


def indicator_counts(result_ids: list[int]) -> dict[int, int]:
    """{result id: indicators measuring it}, from the layer that keeps indicators
    (`WORKBENCH_RESULT_INDICATOR_COUNTS`); none without results or without the setting."""
    path = getattr(settings, "WORKBENCH_RESULT_INDICATOR_COUNTS", "")
    if not path or not result_ids:
        return {}
    return import_string(path)(result_ids)


def _find(rows, pk: int) -> tuple[object, bool, bool] | None:
    """The row with `pk` among `rows`, and whether it is the first and the last."""
    rows = list(rows)
    for index, row in enumerate(rows):
        if row.pk == pk:
            return row, index == 0, index == len(rows) - 1
    return None


class FrameworkLocked(Exception):
    """A service refused a change and the framework has left the editable states meanwhile: the
    refusal is said on the framework's page, not at a form that can no longer be saved."""

    def __init__(self, error: ValidationError):
        super().__init__(error)
        self.error = error


def refuse_locked(request, framework: IntegratedStrategicFramework, error: ValidationError) -> HttpResponse:
    """The framework left the editable states while the user was editing: say so on its page."""
    for message in error.messages:
        messages.error(request, message)
    url = reverse("frameworks:framework-detail", args=[framework.pk])
    if request.htmx:
        response = HttpResponse(status=200)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class EditorPage(ObjectPage):
    """A request of the editor about a framework or one of its parts (`model`: the framework, a
    priority, a result). The part is read from the user's visible rows (else a logged 404) and the
    action (`action` on GET, `post_action` on POST: `change`) is asked of the framework it belongs
    to (else a logged 403): editing a part is editing its framework."""

    model = IntegratedStrategicFramework
    action = "change"
    post_action = "change"
    template_name = "frameworks/framework_edit.html"

    def framework_path(self) -> str:
        """The lookup from `model` to its framework ("" for the framework itself)."""
        return self.model.access_mission_path.removesuffix("mission").removesuffix("__")

    def get_queryset(self):
        path = self.framework_path()
        return self.model._default_manager.select_related(
            *(f"{path}__{name}" if path else name for name in FRAMEWORK_RELATED)
        )

    def get_object(self):
        user, action = self.request.user, self.required_action()
        obj = get_allowed_object(self.get_queryset(), user, "view", **self.object_lookup())
        framework = obj
        for part in filter(None, self.framework_path().split("__")):
            framework = getattr(framework, part)
        check_allowed(user, action, framework)
        remember(self.request, "view", obj)
        remember(self.request, "view", framework)
        remember(self.request, action, framework)
        self.framework = framework
        return obj

    def render_editor(self, overrides: dict | None = None, status: int = 200) -> HttpResponse:
        context = editor_context(self.request, self.framework, overrides, open_key=self.request.GET.get("open", ""))
        context.update(changes_context(self.request, self.framework, context["priorities"]))
        return self.render_to_response(context, status=status)

    def render_fragment(
        self, overrides: dict | None = None, status: int = 200, saved: str = "", template: str = ""
    ) -> HttpResponse:
        """The part of the editor this request is about, alone (an htmx answer: a few KB, not
        the page): `fragment_template` with `fragment_context(context)`."""
        context = editor_context(self.request, self.framework, overrides, open_key=self.open_key, saved=saved)
        context.update(self.fragment_context(context))
        return TemplateResponse(self.request, template or self.fragment_template, context, status=status)

    fragment_template = ""
    open_key = ""

    def fragment_context(self, context: dict) -> dict:
        return {}

    def guarded(self, call):
        """Call the service; a refusal because the framework is no longer editable is FrameworkLocked."""
        try:
            return call()
        except ValidationError as error:
            if not IntegratedStrategicFramework.objects.filter(
                pk=self.framework.pk, status__in=services.EDITABLE_STATUSES
            ).exists():
                raise FrameworkLocked(error) from error
            raise

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except FrameworkLocked as locked:
            return refuse_locked(request, self.framework, locked.error)


class EditorFormView(ServiceFormMixin, EditorPage):
    """One form of the editor: saved, back to the editor at the form (`?saved=<key>`); refused,
    the editor with this form bound to the user's input and its errors (422, 409 when stale)."""

    http_method_names = ["post", "options"]  # the editor page shows every form
    prefix_pattern = ""  # the form's prefix, formatted with the pk in the path
    anchor = ""  # where the editor opens after the save; the form's key by default

    @property
    def prefix(self) -> str:
        return self.prefix_pattern.format(pk=self.kwargs["pk"])

    @property
    def form_key(self) -> str:
        """The key of the form in `editor_context`."""
        return self.prefix

    def perform(self, form):
        return self.guarded(lambda: self.save(form))

    def save(self, form):
        raise NotImplementedError

    def based_on(self, form) -> dict:
        return {**form.service_kwargs(), "based_on": form.cleaned_data["updated_at"]}

    def get_success_url(self, saved) -> str:
        return edit_url(self.framework.pk, self.form_key, self.anchor or self.form_key, self.open_key)

    def form_saved(self, saved):
        if self.request.htmx and self.fragment_template:
            return self.render_fragment(saved=self.form_key)
        return super().form_saved(saved)

    def form_refused(self, form, status: int | None = None):
        status = htmx_status(self.request, status or self.invalid_status)
        if self.request.htmx and self.fragment_template:
            return self.render_fragment({self.form_key: form}, status)
        return self.render_editor({self.form_key: form}, status)


class FrameworkEditView(EditorFormView):
    """The editor page; POST saves the label, period and vision."""

    http_method_names = ["get", "post", "options"]
    form_class = FrameworkForm
    prefix_pattern = "fw"
    form_key = "framework"
    anchor = "framework-fields"
    fragment_template = "frameworks/includes/framework_fields.html"

    def get(self, request, *args, **kwargs):
        if not self.framework.is_editable:
            messages.warning(request, _("This version cannot be edited in its current status."))
            return HttpResponseRedirect(reverse("frameworks:framework-detail", args=[self.framework.pk]))
        return self.render_editor()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.framework}

    def save(self, form):
        saved = services.framework_update(framework=self.framework, actor=self.request.user, **self.based_on(form))
        # The answer (with htmx, this form alone) shows what was saved and its new `updated_at`,
        # which the next save is based on.
        for name in (*form.model_fields, "updated_at"):
            setattr(self.framework, name, getattr(saved, name))
        return saved


class PriorityAddView(EditorFormView):
    form_class = PriorityForm
    prefix_pattern = "np"
    anchor = "structure"

    def save(self, form):
        return services.priority_add(framework=self.framework, actor=self.request.user, **form.service_kwargs())


class ResultAddView(EditorFormView):
    model = Priority
    form_class = ResultForm
    prefix_pattern = "nr{pk}"
    anchor = "structure"

    def save(self, form):
        return services.result_add(priority=self.object, actor=self.request.user, **form.service_kwargs())


class ResultRowMixin:
    """A form of one result's panel: answered (htmx) with that form and the row's summary, swapped
    out of band (and the coverage lists, for mandate-task links): `part` says which form."""

    fragment_template = "frameworks/includes/result_saved.html"
    part = "result"

    @property
    def open_key(self) -> str:
        return f"r{self.object.pk}"

    @property
    def anchor(self) -> str:
        return f"result-{self.object.pk}"

    def fragment_context(self, context: dict) -> dict:
        for priority in context["priorities"]:
            found = _find(priority.results.all(), self.object.pk)
            if found:
                result, first, last = found
                return {"result": result, "first": first, "last": last, "part": self.part}
        raise Http404("The result is no longer in this framework.")


class EditorUpdateView(EditorFormView):
    """Saves the editor's form of one priority or result."""

    update_service = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def save(self, form):
        kwargs = {self.model._meta.model_name: self.object, **self.based_on(form)}
        return self.update_service(actor=self.request.user, **kwargs)


class PriorityUpdateView(EditorUpdateView):
    model = Priority
    form_class = PriorityEditForm
    update_service = staticmethod(services.priority_update)
    prefix_pattern = "p{pk}"
    fragment_template = "frameworks/includes/priority_head.html"

    def fragment_context(self, context: dict) -> dict:
        found = _find(context["priorities"], self.object.pk)
        if not found:
            raise Http404("The priority is no longer in this framework.")
        priority, first, last = found
        return {"priority": priority, "first": first, "last": last}


class ResultUpdateView(ResultRowMixin, EditorUpdateView):
    model = Result
    form_class = ResultEditForm
    update_service = staticmethod(services.result_update)
    prefix_pattern = "r{pk}"


class ResultPanelView(ResultRowMixin, EditorPage):
    """The forms of one result (statement and timeline, leads and contributors, mandate tasks),
    fetched when the planner opens it in the outline; without htmx, the editor with it open."""

    model = Result
    fragment_template = "frameworks/includes/result_panel.html"

    def get(self, request, *args, **kwargs):
        if not request.htmx:
            return HttpResponseRedirect(edit_url(self.framework.pk, anchor=self.anchor, open_key=self.open_key))
        return self.render_fragment()


class ResultRolesView(ResultRowMixin, EditorFormView):
    """Who leads and who contributes to a result, saved together."""

    model = Result
    form_class = ResultRolesForm
    prefix_pattern = "rr{pk}"
    part = "roles"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "entities": selectors.entities_for(self.mission)}

    def save(self, form):
        data = form.cleaned_data
        return services.result_roles_set(
            result=self.object, actor=self.request.user, leads=data["leads"], contributors=data["contributors"]
        )


class ResultTasksView(ResultRowMixin, EditorFormView):
    model = Result
    form_class = TaskLinksForm
    prefix_pattern = "t{pk}"
    part = "tasks"  # the coverage lists change with the links: sent along

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "tasks": selectors.mandate_tasks_for(self.mission)}

    def save(self, form):
        return services.result_link_tasks(
            result=self.object, actor=self.request.user, task_ids=form.cleaned_data["tasks"]
        )


class IntegrationAreaSetView(EditorFormView):
    """Add an area (no `area_id`) or change or remove a recorded one."""

    form_class = IntegrationAreaForm
    anchor = "areas"

    @cached_property
    def area_id(self) -> int | None:
        value = self.request.POST.get("area_id") or ""
        return int(value) if value.isdigit() else None

    @property
    def prefix(self) -> str:
        return f"a{self.area_id}" if self.area_id else "na"

    def get_form_kwargs(self):
        existing = (
            IntegrationArea.objects.filter(framework=self.framework, pk=self.area_id).first() if self.area_id else None
        )
        return {**super().get_form_kwargs(), "adding": not self.area_id, "instance": existing}

    def save(self, form):
        return services.integration_area_set(
            framework=self.framework, actor=self.request.user, area_id=self.area_id, **self.based_on(form)
        )

    @property
    def fragment_template(self) -> str:
        # A recorded area answers with its form; adding or removing one changes the list: the editor.
        return "frameworks/includes/area_form.html" if self.area_id else ""

    def fragment_context(self, context: dict) -> dict:
        found = _find(context["areas"], self.area_id)
        if not found:
            raise Http404("The area is no longer recorded.")
        area = found[0]
        return {"area": area, "form": area.form, "key": area.form_key}

    def form_saved(self, saved):
        if self.request.htmx and self.area_id and not IntegrationArea.objects.filter(pk=self.area_id).exists():
            return self.render_editor()
        return super().form_saved(saved)


class NationalAlignmentSetView(EditorFormView):
    """Record a national framework (no `alignment_id`), or change or remove a recorded one; the
    answer is the editor (the list changes)."""

    form_class = NationalAlignmentForm
    anchor = "national-frameworks"

    @cached_property
    def alignment_id(self) -> int | None:
        value = self.request.POST.get("alignment_id") or ""
        return int(value) if value.isdigit() else None

    @property
    def prefix(self) -> str:
        return f"nf{self.alignment_id}" if self.alignment_id else "nn"

    def get_form_kwargs(self):
        priorities = list(Priority.objects.filter(framework=self.framework).order_by("order", "id"))
        return {**super().get_form_kwargs(), "priorities": priorities, "adding": not self.alignment_id}

    def save(self, form):
        return services.national_alignment_set(
            framework=self.framework, actor=self.request.user, alignment_id=self.alignment_id, **form.service_kwargs()
        )


class FundingSetView(EditorFormView):
    """GET (htmx): the priority's funding form, when the planner opens it; POST saves it."""

    http_method_names = ["get", "post", "options"]
    model = Priority
    form_class = FundingForm
    prefix_pattern = "f{pk}"
    anchor = "funding"

    @property
    def open_key(self) -> str:
        return self.prefix

    def get(self, request, *args, **kwargs):
        if not request.htmx:
            return HttpResponseRedirect(edit_url(self.framework.pk, anchor=self.anchor, open_key=self.open_key))
        return self.render_fragment(template="frameworks/includes/funding_form.html")

    def get_queryset(self):
        return super().get_queryset().prefetch_related("funding_lines")

    fragment_template = "frameworks/includes/funding_saved.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "priority": self.object}

    def fragment_context(self, context: dict) -> dict:
        found = _find(context["priorities"], self.object.pk)
        if not found:
            raise Http404("The priority is no longer in this framework.")
        priority = found[0]
        return {"priority": priority, "form": priority.funding_form, "key": priority.funding_key}

    def save(self, form):
        data = form.cleaned_data
        lines = {source: (data[f"{source}_amount"], data[f"{source}_gap"]) for source in FundingSource.values}
        return services.priority_funding_set(
            priority=self.object, actor=self.request.user, based_on=data["updated_at"], lines=lines
        )


class EditorActionView(EditorPage, ServiceActionView):
    """A button of the editor about one part of a framework: done or refused, back to the editor
    with the service's message."""

    saved_key = ""
    anchor = "structure"

    @property
    def object_kwarg(self) -> str:
        """The keyword the services take the object by: `priority`, `result`."""
        return self.model._meta.model_name

    def perform(self):
        return self.guarded(self.act)

    def act(self):
        raise NotImplementedError

    def get_success_url(self, result) -> str:
        return edit_url(self.framework.pk, self.saved_key.format(pk=self.object.pk), self.anchor)


class EditorMoveView(EditorActionView):
    """Moves a priority or result one place up or down."""

    move_service = None

    def act(self):
        direction = self.request.POST.get("direction", "")
        return self.move_service(**{self.object_kwarg: self.object}, actor=self.request.user, direction=direction)


class EditorDeleteView(EditorActionView):
    """GET asks for confirmation (the no-JavaScript path); POST removes the object and what it holds."""

    http_method_names = ["get", "post", "options"]
    template_name = "frameworks/confirm_delete.html"
    saved_key = "deleted"
    delete_service = None
    kind = ""
    text_field = ""

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "framework": self.framework,
            "kind": str(self.kind),
            "what": getattr(self.object, self.text_field),
        }

    def act(self):
        return self.delete_service(**{self.object_kwarg: self.object}, actor=self.request.user)


class EditorReorderView(EditorPage):
    """Drag and drop in the outline: POST (htmx) the full new order of a framework's priorities
    or of one priority's results, and the order the planner saw (`ReorderForm`). The rows are
    already where the planner dropped them, so a kept order is answered with what changed for
    the rows whose place changed, swapped out of band (`reordered.html`: numbers, Up and Down
    buttons; a few KB, however long the outline). A refused order (stale, not a permutation, a
    result sent to another priority) is answered with the part as it now is (`fragment_template`:
    the outline, or the priority's results) and the service's sentence. Without htmx: the editor
    with the sentence."""

    http_method_names = ["post", "options"]
    kind = ""
    target = ""  # the id of the part a refusal replaces

    def post(self, request, *args, **kwargs):
        form = ReorderForm(request.POST)
        errors = [message for field_errors in form.errors.values() for message in field_errors]
        moved: set[int] = set()
        if form.is_valid():
            order, based_on = form.cleaned_data["order"], form.cleaned_data["based_on"]
            try:
                moved = {row.pk for row in self.guarded(lambda: self.reorder(order, based_on))}
            except ValidationError as refused:
                errors = refused.messages
        if not request.htmx:
            for message in errors:
                messages.error(request, message)
            return HttpResponseRedirect(edit_url(self.framework.pk, anchor="structure"))
        self.errors, self.moved = errors, moved
        # htmx swaps only 2xx answers: a refusal says why inside the part it replaces.
        response = self.render_fragment(template="" if errors else "frameworks/includes/reordered.html")
        if errors:
            response["HX-Retarget"], response["HX-Reswap"] = f"#{self.target}", "outerHTML"
        else:
            response["HX-Reswap"] = "none"
        return response

    def reorder(self, order: list[int], based_on: list[int]):
        raise NotImplementedError

    def fragment_context(self, context: dict) -> dict:
        return {
            "reorder_kind": self.kind,
            "reorder_errors": self.errors,
            "moved_priorities": self.moved if self.kind == "priority" else set(),
            "moved_results": self.moved if self.kind == "result" else set(),
        }


class PriorityReorderView(EditorReorderView):
    kind = "priority"
    target = "outline"
    fragment_template = "frameworks/includes/outline.html"

    def reorder(self, order, based_on):
        return services.priority_reorder(
            framework=self.framework, actor=self.request.user, order=order, based_on=based_on
        )


class ResultReorderView(EditorReorderView):
    model = Priority
    kind = "result"
    fragment_template = "frameworks/includes/outline_results.html"

    @property
    def target(self) -> str:
        return f"results-{self.object.pk}"

    def reorder(self, order, based_on):
        return services.result_reorder(priority=self.object, actor=self.request.user, order=order, based_on=based_on)

    def fragment_context(self, context: dict) -> dict:
        found = _find(context["priorities"], self.object.pk)
        if not found:
            raise Http404("The priority is no longer in this framework.")
        return {**super().fragment_context(context), "priority": found[0]}


class PriorityMoveView(EditorMoveView):
    model = Priority
    move_service = staticmethod(services.priority_move)
    saved_key = "move-p{pk}"


class PriorityDeleteView(EditorDeleteView):
    model = Priority
    delete_service = staticmethod(services.priority_delete)
    kind = gettext_lazy("priority")
    text_field = "title"


class ResultMoveView(EditorMoveView):
    model = Result
    move_service = staticmethod(services.result_move)
    saved_key = "move-r{pk}"


class ResultDeleteView(EditorDeleteView):
    model = Result
    delete_service = staticmethod(services.result_delete)
    kind = gettext_lazy("result")
    text_field = "statement"


# ---------- detail, workflow, create, export ----------


def signable_entities(request, framework: IntegratedStrategicFramework, signature_rows: list[dict]) -> list[Entity]:
    """The entities the user may still sign for on this submitted version."""
    if framework.status != FrameworkStatus.SUBMITTED:
        return []
    pending = {row["entity"].pk: row for row in signature_rows if row["signature"] is None}
    if not pending:
        return []
    user = request.user
    mine = set(entity_ids_of(user, Role.SRSG_OFFICE).values_list("entity_id", flat=True))
    mine_agency = set(entity_ids_of(user, Role.AGENCY_PLANNER).values_list("entity_id", flat=True))
    may_endorse = any(row["for_mission"] and pk in mine for pk, row in pending.items()) and may(
        request, "endorse", framework
    )
    may_sign = any(not row["for_mission"] and pk in mine_agency for pk, row in pending.items()) and may(
        request, "sign", framework
    )
    return [
        row["entity"]
        for pk, row in pending.items()
        if (row["for_mission"] and pk in mine and may_endorse)
        or (not row["for_mission"] and pk in mine_agency and may_sign)
    ]


class FrameworkDetailView(FrameworkPage):
    template_name = "frameworks/framework_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        framework = self.object
        priorities = selectors.framework_tree(framework)
        entities = selectors.entities_for(framework.mission)
        signature_rows = selectors.signature_status(framework, priorities)
        funding, total_amount, total_gap = selectors.funding_rows(priorities)
        # Every thread is on a priority or a result of the tree, which counts its open ones.
        open_threads = sum(p.open_comments + sum(r.open_comments for r in p.results.all()) for p in priorities)
        pending = [row for row in signature_rows if row["signature"] is None]
        successor = next_version = None
        if framework.status == FrameworkStatus.ENDORSED:
            successor = selectors.framework_in_progress(framework.mission, user=self.request.user)
            if successor is None and may(self.request, "add", self.mission):
                next_version = selectors.next_version_number(self.mission)
        context.update(changes_context(self.request, framework, priorities))
        context.update(
            priorities=priorities,
            entities=entities,
            matrix=selectors.responsibility_matrix(priorities, entities),
            areas=list(IntegrationArea.objects.filter(framework=framework).order_by("area", "id")),
            alignments=list(framework.alignments.prefetch_related("priorities").order_by("kind", "title", "id")),
            funding=funding,
            total_amount=total_amount,
            total_gap=total_gap,
            funding_sources=FundingSource.choices,
            signatures=signature_rows,
            sign_entities=[
                (
                    entity,
                    SignForm(
                        prefix=f"s{entity.pk}",
                        initial={"entity": entity.pk},
                        # A signature that endorses: the SRSG office's, or the last one missing.
                        open_threads=open_threads
                        if entity.pk == framework.mission.entity_id or len(pending) == 1
                        else 0,
                    ),
                )
                for entity in signable_entities(self.request, framework, signature_rows)
            ],
            reason_form=ReasonForm(),
            open_threads=open_threads,
            next_step=selectors.next_step(
                framework,
                priorities=len(priorities),
                open_threads=open_threads,
                signatures=signature_rows,
                successor=successor,
            ),
            successor=successor,
            next_version=next_version,
        )
        return context


WORKFLOW = {
    "consultation": (services.framework_to_consultation, gettext_lazy("The framework is now open for consultation.")),
    "submit": (services.framework_submit, gettext_lazy("The framework is submitted for endorsement.")),
    "return": (services.framework_return_to_draft, gettext_lazy("The framework is back in draft.")),
    "sign": (services.framework_sign, gettext_lazy("Your decision is recorded.")),
}
# What each step needs. Signing for the mission (the SRSG office) also needs `endorse`, which the
# service asks once it knows the entity signed for.
STEP_ACTIONS = {"consultation": "change", "submit": "change", "return": "change", "sign": "sign"}
# The steps confirmed on a page of their own (GET): the status they start from, what is said when
# the version is not in it, and the page.
CONFIRMED_STEPS = {
    "consultation": (
        FrameworkStatus.DRAFT,
        gettext_lazy("Only a draft can go to consultation."),
        "frameworks/framework_consultation.html",
    ),
    "submit": (
        FrameworkStatus.CONSULTATION,
        gettext_lazy("Only a framework in consultation can be submitted."),
        "frameworks/framework_submit.html",
    ),
}


class FrameworkWorkflowView(FrameworkPage, ServiceActionView):
    """A workflow step: consultation, submit, return (with a reason), sign (sign or object).

    GET of consultation shows who will be asked and the comment deadline to confirm; GET of submit
    what stands before the submission (results without a lead or a timeline, open threads). POST
    takes the step. GET of another step, or of a version no longer in the step's status, leads to
    the framework's page."""

    http_method_names = ["get", "post", "options"]
    action = "change"  # the step's own, in STEP_ACTIONS
    post_action = "change"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["step"] not in WORKFLOW:
            raise Http404(_("No such step."))
        return super().dispatch(request, *args, **kwargs)

    def required_action(self) -> str:
        return STEP_ACTIONS[self.kwargs["step"]]

    @property
    def detail_url(self) -> str:
        return reverse("frameworks:framework-detail", args=[self.object.pk])

    def get_template_names(self):
        return [CONFIRMED_STEPS[self.kwargs["step"]][2]]

    def get(self, request, *args, **kwargs):
        step = self.kwargs["step"]
        if step not in CONFIRMED_STEPS:
            return HttpResponseRedirect(self.detail_url)
        status, refusal, _template = CONFIRMED_STEPS[step]
        if self.object.status != status:
            messages.warning(request, str(refusal))
            return HttpResponseRedirect(self.detail_url)
        form = ConsultationForm(
            initial={"deadline": selectors.default_consultation_deadline()}, days=selectors.consultation_days()
        )
        return self.render_confirmation(form)

    def render_confirmation(self, form=None, status: int = 200):
        framework = self.object
        context = self.get_context_data(form=form)
        if self.kwargs["step"] == "consultation":
            invitees = selectors.consultation_invitees(framework)
            context.update(
                invitees=invitees,
                people=sum(len(invitee.people) for invitee in invitees),
                has_priorities=framework.priorities.exists(),
            )
        else:
            context["check"] = selectors.submission_check(framework)
        return self.render_to_response(context, status=status)

    def post(self, request, *args, **kwargs):
        if self.kwargs["step"] != "consultation":
            return super().post(request, *args, **kwargs)
        form = ConsultationForm(request.POST, days=selectors.consultation_days())
        if form.is_valid():
            try:
                services.framework_to_consultation(
                    framework=self.object, actor=request.user, deadline=form.cleaned_data["deadline"]
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, str(WORKFLOW["consultation"][1]))
                return HttpResponseRedirect(self.detail_url)
        self.object.refresh_from_db()
        return self.render_confirmation(form, status=422)

    def perform(self):
        step, framework = self.kwargs["step"], self.object
        service, _done = WORKFLOW[step]
        kwargs = {"framework": framework, "actor": self.request.user}
        if step == "return":
            kwargs["reason"] = self.request.POST.get("reason", "")
        if step == "sign":
            entity_id = self.request.POST.get("entity", "")
            form = SignForm(self.request.POST, prefix=f"s{entity_id}" if entity_id.isdigit() else None)
            if not form.is_valid():
                raise ValidationError([error for errors in form.errors.values() for error in errors])
            entity = Entity.objects.filter(pk=form.cleaned_data["entity"]).first()
            if entity is None:
                raise Http404(_("No entity found."))
            kwargs.update(
                entity=entity,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                open_threads=form.confirmed_open_threads(),
            )
        return service(**kwargs)

    def get_success_message(self, result) -> str:
        done = str(WORKFLOW[self.kwargs["step"]][1])
        if self.kwargs["step"] == "sign":
            self.object.refresh_from_db()
            if self.object.status == FrameworkStatus.ENDORSED:
                messages.success(self.request, done)
                return _("All signatures are in: the framework is endorsed.")
        return done

    def get_success_url(self, result) -> str:
        return self.detail_url

    def get_failure_url(self) -> str:
        """A refused submission: back to its confirmation, which lists what stands in the way."""
        if self.kwargs["step"] in CONFIRMED_STEPS:
            return reverse("frameworks:framework-workflow", args=[self.object.pk, self.kwargs["step"]])
        return self.detail_url


class FrameworkCreateView(MissionFormView):
    """Start a framework for a mission. With an endorsed version the one action is the next
    version as a copy of it; a blank framework is the deliberate second choice. While a version is
    in progress no form is offered: the page says which and leads to it, and a POST is refused."""

    template_name = "frameworks/framework_create.html"
    action = "add"
    form_class = FrameworkCreateForm

    @cached_property
    def current(self) -> IntegratedStrategicFramework | None:
        return selectors.current_endorsed(self.mission)

    @cached_property
    def in_progress(self) -> IntegratedStrategicFramework | None:
        return selectors.framework_in_progress(self.mission)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "can_copy": self.current is not None}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        copying = self.current is not None and self.in_progress is None
        context.update(
            current=self.current,
            in_progress=self.in_progress,
            next_version=selectors.next_version_number(self.mission),
            contents=selectors.framework_contents(self.current) if copying else None,
        )
        return context

    def post(self, request, *args, **kwargs):
        if self.in_progress is not None:
            refusal = services.in_progress_refusal(self.in_progress)
            return self.render_to_response(self.get_context_data(refusal=refusal), status=409)
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return services.framework_create(
            mission=self.mission,
            actor=self.request.user,
            from_current=data.get("start") == "current",
            label=data["label"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            vision=data["vision"],
            illustrative=self.mission.illustrative,
        )

    def get_success_message(self, saved) -> str:
        if saved.parent_id:
            return _("Version %(version)s is started from version %(parent)s.") % {
                "version": saved.version,
                "parent": saved.parent.version,
            }
        return _("Version %(version)s is started.") % {"version": saved.version}

    def get_success_url(self, saved) -> str:
        return edit_url(saved.pk)


class FrameworkExportView(FrameworkPage):
    """The version as a Word or PDF document, for anyone who may see it."""

    def get(self, request, *args, **kwargs):
        format = kwargs["format"]
        if format not in exports.FORMATS:
            raise Http404(_("No such format."))
        framework = self.object
        response = HttpResponse(exports.framework_document(framework, format), content_type=exports.FORMATS[format])
        response["Content-Disposition"] = f'attachment; filename="{exports.filename(framework, format)}"'
        return response


# ---------- history and differences ----------


class FrameworkHistoryView(FrameworkPage):
    template_name = "frameworks/framework_history.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "versions": list(selectors.mission_frameworks(self.mission, self.request.user)),
            "entries": history_entries(self.object),
        }


class FrameworkDiffView(FrameworkPage):
    """Side by side: any two versions of the mission's framework (`?a=&b=`, default: the previous
    version and this one)."""

    template_name = "frameworks/framework_diff.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        framework = self.object
        versions = list(selectors.mission_frameworks(self.mission, self.request.user).select_related("mission"))
        by_pk = {v.pk: v for v in versions}
        older = [v for v in versions if v.version < framework.version]
        default_old = by_pk.get(framework.parent_id) or (older[0] if older else framework)
        pair = VersionPairForm(self.request.GET, versions=versions)
        pair.is_valid()  # a version left out or not among the choices falls back to the default
        new = by_pk.get(pair.cleaned_data.get("b"), framework)
        old = by_pk.get(pair.cleaned_data.get("a"), default_old)
        if old.version > new.version:
            old, new = new, old
        sections = framework_difference(old, new)
        context.update(versions=versions, old=old, new=new, sections=sections, changed=changed_rows(sections))
        return context
