"""Comment threads on the priorities and results of a framework version."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frameworks import selectors, services
from frameworks.forms import CommentForm, CommentStatusForm
from frameworks.models import Comment, Priority, Result
from frameworks.views.frameworks import FrameworkPage
from missions.generic.exports import ExportableListMixin
from missions.generic.views import ServiceActionView, ServiceFormMixin


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


def comments_url(framework_id: int, comment_id: int | None = None) -> str:
    url = reverse("frameworks:framework-comments", args=[framework_id])
    return url + (f"#comment-{comment_id}" if comment_id else "")


def with_mentions(form, framework):
    """The form's comment box offers @-mention suggestions (static/js/mentions.js)."""
    form.fields["body"].widget.attrs.update(
        {
            "data-mentions-url": reverse("frameworks:mention-suggestions", args=[framework.pk]),
            "data-mentions-label": _("People and entities to mention"),
            "data-mentions-count": _("%s suggestions: up and down arrows to choose, Enter to take one."),
            "data-mentions-none": _("No one to mention by that name."),
        }
    )
    return form


def _comment_on(comment) -> str:
    if comment.result_id:
        return comment.result.statement
    return comment.priority.title if comment.priority_id else ""


def _comment_author(comment) -> str:
    return comment.author.get_full_name() or comment.author.username


class FrameworkCommentsView(ExportableListMixin, ServiceFormMixin, FrameworkPage):
    """All threads of a version, grouped by what they are on; GET lists, POST starts a thread. The
    threads and their replies download as CSV and Excel, a row each."""

    template_name = "frameworks/framework_comments.html"
    post_action = "comment"
    form_class = CommentForm
    success_message = gettext_lazy("Your comment is posted.")
    export_title = gettext_lazy("Comments")
    export_columns = [
        (gettext_lazy("Thread"), lambda c: c.parent_id or c.pk),
        (gettext_lazy("Comment"), "pk"),
        (gettext_lazy("On"), lambda c: _comment_on(c.thread)),
        (gettext_lazy("Made on version"), "framework_version"),
        (gettext_lazy("Author"), _comment_author),
        (gettext_lazy("Entity"), lambda c: c.author_entity.code if c.author_entity_id else ""),
        (gettext_lazy("Status"), lambda c: c.thread.get_status_display()),
        (gettext_lazy("Written at"), "created_at"),
        (gettext_lazy("Text"), "body"),
    ]

    def get_export_name(self) -> str:
        return f"comments-{self.mission.acronym.lower()}-v{self.object.version}"

    def list_rows(self):
        return selectors.comment_threads(self.object)

    def export_rows(self):
        """Each thread, then its replies."""
        for thread in self.list_rows():
            thread.thread = thread
            yield thread
            for reply in thread.replies.all():
                reply.thread = thread
                yield reply

    def get_initial(self) -> dict:
        # The editor's "open threads" badges link here with the priority or result chosen.
        return {"on": self.request.GET.get("on", "")}

    def get_form(self):
        return with_mentions(super().get_form(), self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        priorities = selectors.framework_tree(self.object)
        threads = self.list_rows()
        current_text = {}
        for priority in priorities:
            current_text[("priority", priority.pk)] = priority.title
            for result in priority.results.all():
                current_text[("result", result.pk)] = result.statement
        for thread in threads:
            key = ("priority", thread.priority_id) if thread.priority_id else ("result", thread.result_id)
            thread.current_text = current_text.get(key, "")
            thread.changed_since = thread.current_text != thread.quoted_text
            thread.reply_form = with_mentions(
                CommentForm(prefix=f"c{thread.pk}", auto_id=f"reply-{thread.pk}-%s"), self.object
            )
            thread.reply_form.fields["body"].label = _("Your reply")
            thread.status_form = CommentStatusForm(
                initial={"status": thread.status}, prefix=f"s{thread.pk}", auto_id=f"status-{thread.pk}-%s"
            )
        context.update(
            priorities=priorities,
            threads=threads,
            on_choices=on_choices(priorities),
            selected_on=context["form"]["on"].value() or "",
        )
        return context

    def perform(self, form):
        kind, _sep, target = form.cleaned_data["on"].partition("-")
        on = None
        if kind == "priority" and target.isdigit():
            on = {"priority": Priority.objects.filter(pk=target, framework=self.object).first()}
        elif kind == "result" and target.isdigit():
            on = {"result": Result.objects.filter(pk=target, priority__framework=self.object).first()}
        if not on or not any(on.values()):
            raise ValidationError({"on": _("Choose the priority or result you comment on.")})
        return services.comment_add(
            framework=self.object, actor=self.request.user, body=form.cleaned_data["body"], **on
        )

    def get_success_url(self, saved) -> str:
        return comments_url(self.object.pk, saved.pk)


class CommentThreadAction(ServiceActionView):
    """A button under a thread; back to the thread with the service's message."""

    model = Comment
    post_action = "comment"

    def get_success_url(self, result) -> str:
        thread = self.object
        return comments_url(thread.framework_id, thread.parent_id or thread.pk)


class CommentReplyView(CommentThreadAction):
    success_message = gettext_lazy("Your reply is posted.")

    def perform(self):
        thread = self.object
        form = CommentForm(self.request.POST, prefix=f"c{thread.pk}")
        if form.has_error("body", "max_length"):
            raise ValidationError(form.errors["body"][0])
        if not form.is_valid():
            raise ValidationError(_("Write a reply before sending it."))
        return services.comment_add(
            framework=thread.framework, actor=self.request.user, body=form.cleaned_data["body"], parent=thread
        )


class CommentStatusView(CommentThreadAction):
    def perform(self):
        form = CommentStatusForm(self.request.POST, prefix=f"s{self.object.pk}")
        if not form.is_valid():
            return None  # nothing chosen: nothing to change
        return services.comment_set_status(
            comment=self.object, actor=self.request.user, status=form.cleaned_data["status"]
        )

    def get_success_message(self, result) -> str:
        if result is None:
            return ""
        return _("The thread is marked %(status)s.") % {"status": result.get_status_display()}

    def get_success_url(self, result) -> str:
        return comments_url(self.object.framework_id, self.object.pk)


class MentionSuggestionsView(FrameworkPage):
    """Who can be @-mentioned in a comment on this version, for the comment forms' autocomplete
    (`?q=` the text after "@"): a short JSON list, for people who may comment."""

    action = "comment"

    def get(self, request, *args, **kwargs):
        query = request.GET.get("q", "")[:40]
        return JsonResponse({"results": selectors.mention_suggestions(self.mission, query)})
