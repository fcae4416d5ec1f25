"""Who else is here: the editor's report of what the user edits, answered with who else has the
framework open (frameworks.presence). Polled by static/js/presence.js every 20 s, so it stays
small: an unchanged list answers 204 with no body, and the editor leaves its live region alone."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseBadRequest

from frameworks.forms import PresenceForm
from frameworks.models import IntegratedStrategicFramework
from frameworks.presence import presence_fingerprint, presence_leave, presence_list, presence_touch
from missions.generic.views import ObjectPage


class FrameworkPresenceView(ObjectPage):
    """POST `editing=<element key>&seen=<fingerprint>`: records the report and answers the list of
    the others (frameworks/includes/presence.html), or 204 when it is the one the editor shows;
    `leave=1` takes the user off the list. For those who may change the framework (its editors)."""

    model = IntegratedStrategicFramework
    action = "change"
    post_action = "change"
    http_method_names = ["post", "options"]
    template_name = "frameworks/includes/presence.html"

    def post(self, request, *args, **kwargs):
        form = PresenceForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest(form.error_text(), content_type="text/plain; charset=utf-8")
        framework_id = self.object.pk
        if form.cleaned_data["leave"]:
            presence_leave(framework_id=framework_id, user=request.user)
            return HttpResponse(status=204)
        presence_touch(framework_id=framework_id, user=request.user, editing=form.cleaned_data["editing"])
        people = presence_list(framework_id=framework_id, exclude_user_id=request.user.pk)
        fingerprint = presence_fingerprint(people)
        if fingerprint == form.cleaned_data["seen"]:
            return HttpResponse(status=204)
        return self.render_to_response({"people": people, "fingerprint": fingerprint, "answered": True})
