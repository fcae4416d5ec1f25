"""Pages of the missions app: the audit trail of any object, and the user's API tokens."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.views.generic import TemplateView

from missions.audit import has_history, history_entries
from missions.restricted import get_allowed_object


def history_model(label: str):
    """The model named by `label` ("app_label.model_name") if it keeps history and is restricted."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404 from None
    if not (has_history(model) and hasattr(model._default_manager, "restrict")):
        raise Http404
    return model


class HistoryView(LoginRequiredMixin, TemplateView):
    """The audit trail of one object, for anyone who may see the object."""

    template_name = "missions/history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        model = history_model(self.kwargs["model"])
        obj = get_allowed_object(model, self.request.user, "view", pk=self.kwargs["pk"])
        get_url = getattr(obj, "get_absolute_url", None)
        context.update(
            object=obj,
            kind=model._meta.verbose_name,
            object_url=get_url() if get_url else None,
            history=history_entries(obj),
        )
        return context
