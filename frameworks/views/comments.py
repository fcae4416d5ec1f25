"""Comment threads on the priorities and results of a framework version."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from frameworks import selectors, services
from frameworks.forms import CommentForm, CommentStatusForm
from frameworks.models import Comment, Priority, Result
from frameworks.views.frameworks import apply_errors, get_framework
from missions.access import can
from missions.restricted import get_allowed_object


def on_choices(priorities) -> list[tuple[str, str]]:
    choices = []
    for number, priority in enumerate(priorities, start=1):
        choices.append(
            (f"priority-{priority.pk}", _("Priority %(n)s: %(text)s") % {"n": number, "text": priority.title})
        )
        for r_number, result in enumerate(priority.results.all(), start=1):
            choices.append(
                (
                    f"result-{result.pk}",
                    _("Result %(n)s.%(m)s: %(text)s") % {"n": number, "m": r_number, "text": result.statement[:90]},
                )
            )
    return choices


class FrameworkCommentsView(LoginRequiredMixin, TemplateView):
    """All threads of a version, grouped by what they are on; GET lists, POST starts a thread."""

    template_name = "frameworks/framework_comments.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        framework = self.framework
        priorities = selectors.framework_tree(framework)
        threads = selectors.comment_threads(framework)
        current_text = {}
        for priority in priorities:
            current_text[("priority", priority.pk)] = priority.title
            for result in priority.results.all():
                current_text[("result", result.pk)] = result.statement
        for thread in threads:
            key = ("priority", thread.priority_id) if thread.priority_id else ("result", thread.result_id)
            thread.current_text = current_text.get(key, "")
            thread.changed_since = thread.current_text != thread.quoted_text
            thread.reply_form = CommentForm(prefix=f"c{thread.pk}", auto_id=f"reply-{thread.pk}-%s")
            thread.reply_form.fields["body"].label = _("Your reply")
            thread.status_form = CommentStatusForm(
                initial={"status": thread.status}, prefix=f"s{thread.pk}", auto_id=f"status-{thread.pk}-%s"
            )
        form = kwargs.get("form") or CommentForm(initial={"on": self.request.GET.get("on", "")})
        context.update(
            framework=framework,
            mission=framework.mission,
            priorities=priorities,
            threads=threads,
            on_choices=on_choices(priorities),
            form=form,
            selected_on=form["on"].value() or "",
            can_comment=can(user, "comment", framework),
            can_change=can(user, "change", framework),
        )
        return context

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.framework = get_framework(request.user, kwargs["pk"], "comment" if request.method == "POST" else "view")
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk):
        form = CommentForm(request.POST)
        if form.is_valid():
            kind, _sep, target = form.cleaned_data["on"].partition("-")
            target_kwargs = {}
            if kind == "priority" and target.isdigit():
                target_kwargs["priority"] = Priority.objects.filter(pk=target, framework=self.framework).first()
            elif kind == "result" and target.isdigit():
                target_kwargs["result"] = Result.objects.filter(pk=target, priority__framework=self.framework).first()
            if not any(target_kwargs.values()):
                form.add_error("on", _("Choose the priority or result you comment on."))
            else:
                try:
                    comment = services.comment_add(
                        framework=self.framework, actor=request.user, body=form.cleaned_data["body"], **target_kwargs
                    )
                except ValidationError as error:
                    apply_errors(form, error)
                else:
                    messages.success(request, _("Your comment is posted."))
                    return HttpResponseRedirect(comments_url(pk, comment.pk))
        return self.render_to_response(self.get_context_data(form=form), status=422)


def comments_url(framework_id: int, comment_id: int | None = None) -> str:
    url = reverse("frameworks:framework-comments", args=[framework_id])
    return url + (f"#comment-{comment_id}" if comment_id else "")


class CommentReplyView(LoginRequiredMixin, View):
    def post(self, request, pk):
        thread = get_allowed_object(Comment, request.user, "comment", pk=pk)
        form = CommentForm(request.POST, prefix=f"c{thread.pk}")
        if form.is_valid():
            try:
                services.comment_add(
                    framework=thread.framework, actor=request.user, body=form.cleaned_data["body"], parent=thread
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Your reply is posted."))
        elif form.has_error("body", "max_length"):
            messages.error(request, form.errors["body"][0])
        else:
            messages.error(request, _("Write a reply before sending it."))
        return HttpResponseRedirect(comments_url(thread.framework_id, thread.parent_id or thread.pk))


class CommentStatusView(LoginRequiredMixin, View):
    def post(self, request, pk):
        thread = get_allowed_object(Comment, request.user, "comment", pk=pk)
        form = CommentStatusForm(request.POST, prefix=f"s{thread.pk}")
        if form.is_valid():
            try:
                updated = services.comment_set_status(
                    comment=thread, actor=request.user, status=form.cleaned_data["status"]
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request, _("The thread is marked %(status)s.") % {"status": updated.get_status_display()}
                )
        return HttpResponseRedirect(comments_url(thread.framework_id, thread.pk))
