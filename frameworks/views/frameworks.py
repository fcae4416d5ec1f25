"""Framework pages: the read-only detail with its workflow, the editor and its field-group saves,
creation, version history and the difference between two versions.

The editor is one page of small forms. Each form posts to its own URL; with htmx it saves as the
user goes (`hx-post`, the answer's matching fragment swapped in with `hx-select`), without
JavaScript the same POST answers with the whole page. A failed save (invalid input, a stale
`updated_at`, a state that no longer allows edits) re-renders the page with that form bound to
what the user typed, so nothing typed is lost.
"""

from __future__ import annotations

import difflib
import re
from itertools import zip_longest

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from frameworks import selectors, services
from frameworks.choices import FrameworkStatus, FundingSource, ResponsibilityRole
from frameworks.forms import (
    FrameworkCreateForm,
    FrameworkForm,
    FundingForm,
    IntegrationAreaForm,
    PriorityForm,
    ReasonForm,
    ResponsibilityForm,
    ResultForm,
    SignForm,
    TaskLinksForm,
)
from frameworks.models import IntegratedStrategicFramework, IntegrationArea, Priority, Result
from missions.access import can, entity_ids_of
from missions.audit import history_entries
from missions.choices import Role
from missions.models import Entity, Mission
from missions.restricted import check_allowed, get_allowed_object, hide
from missions.stale import StaleEditError


def get_framework(user, pk: int, action: str = "view") -> IntegratedStrategicFramework:
    """The framework if `user` may see it (else 404) and do `action` on it (else 403), in one query."""
    framework = (
        IntegratedStrategicFramework.objects.restrict(user, "view")
        .select_related("mission", "mission__entity", "parent")
        .filter(pk=pk)
        .first()
    )
    if framework is None:
        raise hide(user, action, IntegratedStrategicFramework, {"pk": pk})
    if action != "view":
        check_allowed(user, action, framework)
    return framework


def edit_url(framework_id: int, saved: str = "", anchor: str = "") -> str:
    url = reverse("frameworks:framework-edit", args=[framework_id])
    if saved:
        url += f"?saved={saved}"
    return url + (f"#{anchor}" if anchor else "")


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def conflict_rows(form, error: StaleEditError) -> list[dict]:
    return [
        {"label": form.fields[name].label, "theirs": theirs, "yours": yours}
        for name, (theirs, yours) in error.changed.items()
        if name in form.fields
    ]


# ---------- the editor ----------


def editor_context(request, framework: IntegratedStrategicFramework, overrides: dict | None = None) -> dict:
    """Everything the editor shows, in a fixed number of queries; `overrides` maps a form key to a
    bound form that failed, so it is shown with the user's input and its errors."""
    overrides = overrides or {}
    mission = framework.mission
    priorities = selectors.framework_tree(framework)
    entities = selectors.entities_for(mission)
    tasks = selectors.mandate_tasks_for(mission)
    for priority in priorities:
        priority.form_key, priority.funding_key = f"p{priority.pk}", f"f{priority.pk}"
        priority.form = overrides.get(f"p{priority.pk}") or PriorityForm(instance=priority, prefix=f"p{priority.pk}")
        priority.new_result_form = overrides.get(f"nr{priority.pk}") or ResultForm(prefix=f"nr{priority.pk}")
        priority.funding_form = overrides.get(f"f{priority.pk}") or FundingForm(
            priority=priority, prefix=f"f{priority.pk}"
        )
        for result in priority.results.all():
            result.form_key, result.task_key = f"r{result.pk}", f"t{result.pk}"
            result.form = overrides.get(f"r{result.pk}") or ResultForm(instance=result, prefix=f"r{result.pk}")
            result.task_form = overrides.get(f"t{result.pk}") or TaskLinksForm(
                tasks=tasks, prefix=f"t{result.pk}", initial={"tasks": [t.pk for t in result.mandate_tasks.all()]}
            )
    areas = list(IntegrationArea.objects.filter(framework=framework).order_by("area", "id"))
    for area in areas:
        area.form_key = f"a{area.pk}"
        area.form = overrides.get(f"a{area.pk}") or IntegrationAreaForm(instance=area, prefix=f"a{area.pk}")
    funding, total_amount, total_gap = selectors.funding_rows(priorities)
    return {
        "framework": framework,
        "mission": mission,
        "priorities": priorities,
        "entities": entities,
        "tasks": tasks,
        "matrix": selectors.responsibility_matrix(priorities, entities),
        "role_choices": [("", _("None"))] + list(ResponsibilityRole.choices),
        "coverage": selectors.coverage(priorities, tasks),
        "funding": funding,
        "total_amount": total_amount,
        "total_gap": total_gap,
        "funding_sources": FundingSource.choices,
        "areas": areas,
        "framework_form": overrides.get("framework") or FrameworkForm(instance=framework, prefix="fw"),
        "new_priority_form": overrides.get("np") or PriorityForm(prefix="np"),
        "new_area_form": overrides.get("na") or IntegrationAreaForm(prefix="na", adding=True),
        "saved": request.GET.get("saved", ""),
        "conflicts": {key: form.conflict for key, form in overrides.items() if getattr(form, "conflict", None)},
    }


def render_editor(
    request, framework: IntegratedStrategicFramework, overrides: dict, error_status: int = 422
) -> HttpResponse:
    # htmx 2 swaps only 2xx answers; a page load shows the refusal with its proper status.
    status = 200 if request.htmx else error_status
    return render(
        request, "frameworks/framework_edit.html", editor_context(request, framework, overrides), status=status
    )


class FrameworkEditView(LoginRequiredMixin, View):
    """The editor page; POST saves the label, period and vision."""

    def get(self, request, pk):
        framework = get_framework(request.user, pk, "change")
        if not framework.is_editable:
            messages.warning(request, _("This version cannot be edited in its current status."))
            return HttpResponseRedirect(reverse("frameworks:framework-detail", args=[pk]))
        return render(request, "frameworks/framework_edit.html", editor_context(request, framework))

    def post(self, request, pk):
        framework = get_framework(request.user, pk, "change")
        form = FrameworkForm(request.POST, instance=framework, prefix="fw")
        return save_form(
            request,
            framework,
            form,
            "framework",
            lambda data: services.framework_update(framework=framework, actor=request.user, **data),
            anchor="framework-fields",
        )


def save_form(request, framework, form, key: str, call, anchor: str = "", data=None):
    """Validate `form`, call the service with its data, and answer: back to the editor when it
    saved; the editor with the form bound to the user's input when it did not."""
    if form.is_valid():
        kwargs = data() if data else {**form.service_kwargs(), "based_on": form.cleaned_data["updated_at"]}
        try:
            call(kwargs)
        except StaleEditError as error:
            form.conflict = {"rows": conflict_rows(form, error), "current": error.current}
            form.rebase(error.current)
            return render_editor(request, framework, {key: form}, error_status=409)
        except ValidationError as error:
            if not framework_still_editable(framework):
                return refuse_locked(request, framework, error)
            apply_errors(form, error)
        else:
            return HttpResponseRedirect(edit_url(framework.pk, key, anchor or key))
    return render_editor(request, framework, {key: form})


def framework_still_editable(framework: IntegratedStrategicFramework) -> bool:
    return IntegratedStrategicFramework.objects.filter(pk=framework.pk, status__in=services.EDITABLE_STATUSES).exists()


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


class EditorActionView(LoginRequiredMixin, View):
    """A POST from the editor about one object of a framework."""

    model = None

    @property
    def object_kwarg(self) -> str:
        """The keyword the services take the object by: `priority`, `result`."""
        return self.model._meta.model_name

    def load(self, request, pk):
        obj = get_allowed_object(self.model, request.user, "view", pk=pk)
        framework_id = obj.framework_id if isinstance(obj, Priority | IntegrationArea) else None
        if isinstance(obj, Result):
            obj = Result.objects.select_related("priority").get(pk=obj.pk)
            framework_id = obj.priority.framework_id
        if isinstance(obj, IntegratedStrategicFramework):
            framework_id = obj.pk
        framework = get_framework(request.user, framework_id, "change")
        return obj, framework

    def run(self, request, framework, call, key: str, anchor: str = ""):
        try:
            call()
        except ValidationError as error:
            if not framework_still_editable(framework):
                return refuse_locked(request, framework, error)
            for message in error.messages:
                messages.error(request, message)
        return HttpResponseRedirect(edit_url(framework.pk, key, anchor or key))


class EditorAddView(EditorActionView):
    """Adds a priority to a framework or a result to a priority, from the editor's empty form."""

    form_class = None
    add_service = None
    parent_kwarg = ""
    prefix = ""  # formatted with the parent's pk

    def post(self, request, pk):
        obj, framework = self.load(request, pk)
        # A new priority goes to the framework as loaded for a change, not the row looked up by pk.
        parent = framework if isinstance(obj, IntegratedStrategicFramework) else obj
        prefix = self.prefix.format(pk=pk)
        form = self.form_class(request.POST, prefix=prefix)
        return save_form(
            request,
            framework,
            form,
            prefix,
            lambda data: self.add_service(**{self.parent_kwarg: parent}, actor=request.user, **data),
            anchor="structure",
            data=form.service_kwargs if form.is_valid() else None,
        )


class EditorUpdateView(EditorActionView):
    """Saves the editor's form of one priority or result."""

    form_class = None
    update_service = None
    prefix = ""  # formatted with the object's pk

    def post(self, request, pk):
        obj, framework = self.load(request, pk)
        prefix = self.prefix.format(pk=pk)
        form = self.form_class(request.POST, instance=obj, prefix=prefix)
        return save_form(
            request,
            framework,
            form,
            prefix,
            lambda data: self.update_service(**{self.object_kwarg: obj}, actor=request.user, **data),
        )


class EditorMoveView(EditorActionView):
    """Moves a priority or result one place up or down."""

    move_service = None
    key_prefix = ""

    def post(self, request, pk):
        obj, framework = self.load(request, pk)
        direction = request.POST.get("direction", "")
        return self.run(
            request,
            framework,
            lambda: self.move_service(**{self.object_kwarg: obj}, actor=request.user, direction=direction),
            f"move-{self.key_prefix}{pk}",
            anchor="structure",
        )


class EditorDeleteView(EditorActionView):
    """GET asks for confirmation (the no-JavaScript path); POST removes the object and what it holds."""

    delete_service = None
    kind = ""
    text_field = ""

    def get(self, request, pk):
        obj, framework = self.load(request, pk)
        return render(
            request,
            "frameworks/confirm_delete.html",
            {"framework": framework, "object": obj, "kind": str(self.kind), "what": getattr(obj, self.text_field)},
        )

    def post(self, request, pk):
        obj, framework = self.load(request, pk)
        return self.run(
            request,
            framework,
            lambda: self.delete_service(**{self.object_kwarg: obj}, actor=request.user),
            "deleted",
            anchor="structure",
        )


class PriorityAddView(EditorAddView):
    model = IntegratedStrategicFramework
    form_class = PriorityForm
    add_service = staticmethod(services.priority_add)
    parent_kwarg = "framework"
    prefix = "np"


class PriorityUpdateView(EditorUpdateView):
    model = Priority
    form_class = PriorityForm
    update_service = staticmethod(services.priority_update)
    prefix = "p{pk}"


class PriorityMoveView(EditorMoveView):
    model = Priority
    move_service = staticmethod(services.priority_move)
    key_prefix = "p"


class PriorityDeleteView(EditorDeleteView):
    model = Priority
    delete_service = staticmethod(services.priority_delete)
    kind = gettext_lazy("priority")
    text_field = "title"


class ResultAddView(EditorAddView):
    model = Priority
    form_class = ResultForm
    add_service = staticmethod(services.result_add)
    parent_kwarg = "priority"
    prefix = "nr{pk}"


class ResultUpdateView(EditorUpdateView):
    model = Result
    form_class = ResultForm
    update_service = staticmethod(services.result_update)
    prefix = "r{pk}"


class ResultMoveView(EditorMoveView):
    model = Result
    move_service = staticmethod(services.result_move)
    key_prefix = "r"


class ResultDeleteView(EditorDeleteView):
    model = Result
    delete_service = staticmethod(services.result_delete)
    kind = gettext_lazy("result")
    text_field = "statement"


class ResultTasksView(EditorActionView):
    model = Result

    def post(self, request, pk):
        result, framework = self.load(request, pk)
        form = TaskLinksForm(request.POST, tasks=selectors.mandate_tasks_for(framework.mission), prefix=f"t{pk}")
        return save_form(
            request,
            framework,
            form,
            f"t{pk}",
            lambda data: services.result_link_tasks(result=result, actor=request.user, task_ids=data["tasks"]),
            anchor="coverage",
            data=lambda: {"tasks": form.cleaned_data["tasks"]},
        )


class ResponsibilitySetView(EditorActionView):
    model = Result

    def post(self, request, pk):
        result, framework = self.load(request, pk)
        form = ResponsibilityForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose leads, contributes or none."))
            return HttpResponseRedirect(edit_url(framework.pk, "matrix", "matrix"))
        entity = Entity.objects.filter(pk=form.cleaned_data["entity"]).first()
        if entity is None:
            messages.error(request, _("That entity does not exist."))
            return HttpResponseRedirect(edit_url(framework.pk, "matrix", "matrix"))
        return self.run(
            request,
            framework,
            lambda: services.responsibility_set(
                result=result, entity=entity, role=form.cleaned_data["role"], actor=request.user
            ),
            f"m{pk}-{entity.pk}",
            anchor="matrix",
        )


class IntegrationAreaSetView(EditorActionView):
    """Add an area (no `area_id`) or change or remove a recorded one."""

    model = IntegratedStrategicFramework

    def post(self, request, pk):
        _obj, framework = self.load(request, pk)
        area_id = request.POST.get("area_id") or None
        if area_id and not str(area_id).isdigit():
            area_id = None
        key = f"a{area_id}" if area_id else "na"
        existing = IntegrationArea.objects.filter(framework=framework, pk=area_id).first() if area_id else None
        form = IntegrationAreaForm(request.POST, prefix=key, adding=not area_id, instance=existing)
        return save_form(
            request,
            framework,
            form,
            key,
            lambda data: services.integration_area_set(
                framework=framework, actor=request.user, area_id=int(area_id) if area_id else None, **data
            ),
            anchor="areas",
            data=lambda: {**form.service_kwargs(), "based_on": form.cleaned_data["updated_at"]},
        )


class FundingSetView(EditorActionView):
    model = Priority

    def post(self, request, pk):
        priority, framework = self.load(request, pk)
        priority = Priority.objects.prefetch_related("funding_lines").get(pk=priority.pk)
        form = FundingForm(request.POST, priority=priority, prefix=f"f{pk}")

        def data():
            return {
                "based_on": form.cleaned_data["updated_at"],
                "lines": {
                    s: (form.cleaned_data[f"{s}_amount"], form.cleaned_data[f"{s}_gap"]) for s in FundingSource.values
                },
            }

        return save_form(
            request,
            framework,
            form,
            f"f{pk}",
            lambda kwargs: services.priority_funding_set(priority=priority, actor=request.user, **kwargs),
            anchor="funding",
            data=data,
        )


# ---------- detail, workflow, create ----------


def signable_entities(user, framework: IntegratedStrategicFramework, signature_rows: list[dict]) -> list[Entity]:
    """The entities `user` may still sign for on this submitted version."""
    if framework.status != FrameworkStatus.SUBMITTED:
        return []
    pending = {row["entity"].pk: row for row in signature_rows if row["signature"] is None}
    if not pending:
        return []
    mine = set(entity_ids_of(user, Role.SRSG_OFFICE).values_list("entity_id", flat=True))
    mine_agency = set(entity_ids_of(user, Role.AGENCY_PLANNER).values_list("entity_id", flat=True))
    may_endorse = any(row["for_mission"] and pk in mine for pk, row in pending.items()) and can(
        user, "endorse", framework
    )
    may_sign = any(not row["for_mission"] and pk in mine_agency for pk, row in pending.items()) and can(
        user, "sign", framework
    )
    return [
        row["entity"]
        for pk, row in pending.items()
        if (row["for_mission"] and pk in mine and may_endorse)
        or (not row["for_mission"] and pk in mine_agency and may_sign)
    ]


class FrameworkDetailView(LoginRequiredMixin, TemplateView):
    template_name = "frameworks/framework_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        framework = get_framework(user, self.kwargs["pk"])
        priorities = selectors.framework_tree(framework)
        entities = selectors.entities_for(framework.mission)
        signature_rows = selectors.signature_status(framework, priorities)
        can_change = can(user, "change", framework)
        funding, total_amount, total_gap = selectors.funding_rows(priorities)
        context.update(
            framework=framework,
            mission=framework.mission,
            priorities=priorities,
            entities=entities,
            matrix=selectors.responsibility_matrix(priorities, entities),
            areas=list(IntegrationArea.objects.filter(framework=framework).order_by("area", "id")),
            funding=funding,
            total_amount=total_amount,
            total_gap=total_gap,
            funding_sources=FundingSource.choices,
            signatures=signature_rows,
            can_change=can_change,
            can_edit=can_change and framework.is_editable,
            can_comment=can(user, "comment", framework),
            can_start_version=framework.status == FrameworkStatus.ENDORSED and can(user, "add", framework.mission),
            sign_entities=[
                (entity, SignForm(prefix=f"s{entity.pk}", initial={"entity": entity.pk}))
                for entity in signable_entities(user, framework, signature_rows)
            ],
            reason_form=ReasonForm(),
        )
        return context


WORKFLOW = {
    "consultation": (services.framework_to_consultation, _("The framework is now open for consultation.")),
    "submit": (services.framework_submit, _("The framework is submitted for endorsement.")),
    "return": (services.framework_return_to_draft, _("The framework is back in draft.")),
    "sign": (services.framework_sign, _("Your decision is recorded.")),
}


class FrameworkWorkflowView(LoginRequiredMixin, View):
    """POST a workflow step: consultation, submit, return (with a reason), sign (sign or object)."""

    def post(self, request, pk, step):
        if step not in WORKFLOW:
            return HttpResponse(status=404)
        framework = get_framework(request.user, pk)
        service, done = WORKFLOW[step]
        kwargs = {"framework": framework, "actor": request.user}
        if step == "return":
            kwargs["reason"] = request.POST.get("reason", "")
        if step == "sign":
            entity_id = request.POST.get("entity", "")
            form = SignForm(request.POST, prefix=f"s{entity_id}" if entity_id.isdigit() else None)
            if not form.is_valid():
                for errors in form.errors.values():
                    for error in errors:
                        messages.error(request, error)
                return HttpResponseRedirect(reverse("frameworks:framework-detail", args=[pk]))
            entity = Entity.objects.filter(pk=form.cleaned_data["entity"]).first()
            if entity is None:
                return HttpResponse(status=404)
            kwargs.update(entity=entity, decision=form.cleaned_data["decision"], reason=form.cleaned_data["reason"])
        try:
            result = service(**kwargs)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
            if step == "sign":
                framework.refresh_from_db()
                if framework.status == FrameworkStatus.ENDORSED:
                    messages.success(request, _("All signatures are in: the framework is endorsed."))
            del result
        return HttpResponseRedirect(reverse("frameworks:framework-detail", args=[pk]))


class FrameworkCreateView(LoginRequiredMixin, TemplateView):
    """Start a framework for a mission: blank, or a new version of the endorsed one."""

    template_name = "frameworks/framework_create.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.mission = get_allowed_object(Mission, request.user, "add", acronym=kwargs["acronym"])
        self.current = selectors.current_endorsed(self.mission)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", FrameworkCreateForm(can_copy=self.current is not None))
        context.update(mission=self.mission, current=self.current)
        return context

    def post(self, request, acronym):
        form = FrameworkCreateForm(request.POST, can_copy=self.current is not None)
        if form.is_valid():
            data = form.cleaned_data
            try:
                framework = services.framework_create(
                    mission=self.mission,
                    actor=request.user,
                    from_current=data.get("start") == "current",
                    label=data["label"],
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    vision=data["vision"],
                    illustrative=self.mission.illustrative,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Version %(version)s is started.") % {"version": framework.version})
                return HttpResponseRedirect(edit_url(framework.pk))
        return self.render_to_response(self.get_context_data(form=form), status=422)


class FrameworkExportView(LoginRequiredMixin, View):
    """The version as a Word or PDF document, for anyone who may see it."""

    def get(self, request, pk, format):
        from frameworks import exports

        if format not in exports.FORMATS:
            raise Http404
        framework = get_framework(request.user, pk)
        response = HttpResponse(exports.framework_document(framework, format), content_type=exports.FORMATS[format])
        response["Content-Disposition"] = f'attachment; filename="{exports.filename(framework, format)}"'
        return response


# ---------- history and differences ----------


class FrameworkHistoryView(LoginRequiredMixin, TemplateView):
    template_name = "frameworks/framework_history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        framework = get_framework(self.request.user, self.kwargs["pk"])
        context.update(
            framework=framework,
            mission=framework.mission,
            versions=list(selectors.mission_frameworks(framework.mission, self.request.user)),
            entries=history_entries(framework),
            can_change=can(self.request.user, "change", framework),
        )
        return context


TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def diff_words(old: str, new: str) -> tuple[str, str]:
    """Two HTML strings: `old` with removed words in <del>, `new` with added words in <ins>."""
    a, b = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        before, after = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(before)
            right.append(after)
            continue
        if before:
            left.append(f"<del>{before}</del>")
        if after:
            right.append(f"<ins>{after}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 - every piece is escaped above


def _row(label: str, old: str, new: str) -> dict:
    left, right = diff_words(old, new)
    return {"label": label, "old": left, "new": right, "changed": (old or "") != (new or "")}


def _responsibilities_text(result) -> str:
    if result is None:
        return ""
    return "; ".join(f"{r.entity.code}: {r.get_role_display()}" for r in result.responsibilities.all())


def _timeline(result) -> str:
    if result is None or not (result.timeline_start or result.timeline_end):
        return ""
    return f"{result.timeline_start or '…'} – {result.timeline_end or '…'}"


def framework_difference(old: IntegratedStrategicFramework, new: IntegratedStrategicFramework) -> list[dict]:
    """Sections of rows (label, old html, new html, changed), matching priorities and results by position."""
    sections = [
        {
            "title": _("Framework"),
            "rows": [
                _row(_("Label"), old.label, new.label),
                _row(_("Period"), f"{old.period_start} – {old.period_end}", f"{new.period_start} – {new.period_end}"),
                _row(_("Shared vision"), old.vision, new.vision),
            ],
        }
    ]
    old_tree, new_tree = selectors.framework_tree(old), selectors.framework_tree(new)
    for number, (p_old, p_new) in enumerate(zip_longest(old_tree, new_tree), start=1):
        rows = [
            _row(_("Title"), p_old.title if p_old else "", p_new.title if p_new else ""),
            _row(_("Description"), p_old.description if p_old else "", p_new.description if p_new else ""),
        ]
        results_old = list(p_old.results.all()) if p_old else []
        results_new = list(p_new.results.all()) if p_new else []
        for r_number, (r_old, r_new) in enumerate(zip_longest(results_old, results_new), start=1):
            prefix = _("Result %(n)s.%(m)s") % {"n": number, "m": r_number}
            rows.append(_row(prefix, r_old.statement if r_old else "", r_new.statement if r_new else ""))
            rows.append(_row(prefix + " · " + _("timeline"), _timeline(r_old), _timeline(r_new)))
            rows.append(
                _row(
                    prefix + " · " + _("responsibilities"), _responsibilities_text(r_old), _responsibilities_text(r_new)
                )
            )
        sections.append({"title": _("Priority %(n)s") % {"n": number}, "rows": rows})
    return sections


class FrameworkDiffView(LoginRequiredMixin, TemplateView):
    """Side by side: any two versions of the mission's framework (`?a=&b=`, default: the previous
    version and this one)."""

    template_name = "frameworks/framework_diff.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        framework = get_framework(user, self.kwargs["pk"])
        versions = list(selectors.mission_frameworks(framework.mission, user).select_related("mission"))
        by_pk = {v.pk: v for v in versions}

        def pick(name, default):
            value = self.request.GET.get(name, "")
            return by_pk.get(int(value)) if value.isdigit() and int(value) in by_pk else default

        older = [v for v in versions if v.version < framework.version]
        new = pick("b", framework)
        old = pick("a", by_pk.get(framework.parent_id) or (older[0] if older else framework))
        if old.version > new.version:
            old, new = new, old
        sections = framework_difference(old, new)
        context.update(
            framework=framework,
            mission=framework.mission,
            versions=versions,
            old=old,
            new=new,
            sections=sections,
            can_change=can(user, "change", framework),
            changed=sum(1 for s in sections for r in s["rows"] if r["changed"]),
        )
        return context
