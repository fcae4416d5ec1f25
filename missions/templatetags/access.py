"""Templates ask the access layer before they offer anything.

    {% load access %}
    {% allowed_url "benchmarks:update-queue" mission as queue_url %}
    {% if queue_url %}<a href="{{ queue_url }}">…</a>{% endif %}

    {% allowed "comment" framework as may_comment %}

`allowed_url` reverses the page for the object (by the page's lookup field) and asks the access
layer for the action that page itself needs on a GET, so a link is shown only when following it
answers the page. `allowed` asks for one action, for buttons that POST. Both are answered once per
request (`missions.generic.views.may`).
"""

from __future__ import annotations

from django import template
from django.urls import get_resolver, resolve, reverse

from missions.generic.views import ObjectPage, may

register = template.Library()


# The view behind each URL name, per URL conf: one name is one view, whatever the arguments.
_VIEWS: dict = {}


def _page_of(name: str, obj, args) -> tuple[str, type | None]:
    lookup = getattr(obj, "acronym", None) if obj._meta.label == "missions.Mission" else obj.pk
    url = reverse(name, args=[lookup, *args])
    key = (name, get_resolver())
    if key not in _VIEWS:
        _VIEWS[key] = getattr(resolve(url).func, "view_class", None)
    return url, _VIEWS[key]


@register.simple_tag(takes_context=True)
def allowed_url(context, name: str, obj, *args) -> str:
    """The URL of page `name` for `obj` (and any further path arguments) when the signed-in user
    may open it; "" otherwise."""
    request = context.get("request")
    if request is None or obj is None:
        return ""
    url, view = _page_of(name, obj, args)
    if not (isinstance(view, type) and issubclass(view, ObjectPage)):
        raise template.TemplateSyntaxError(f"{name} is not a page about one object; link it without allowed_url.")
    return url if may(request, view.action, obj) else ""


@register.simple_tag(takes_context=True)
def lesson_record_url(context, mission, plans: bool) -> str:
    """The page recording a lesson of `mission` when the signed-in user may record one: on an open
    mission, whoever plans it (`plans`: the page has already asked); on a closed one, which plans
    nothing more, asked again with the closed-mission rule off (missions.access.after_closing)."""
    from django.urls import reverse

    from missions.access import after_closing
    from missions.access import allowed as may_do
    from missions.choices import Phase

    request = context.get("request")
    if request is None or mission is None:
        return ""
    if not plans and mission.phase == Phase.CLOSED:
        with after_closing():
            plans = may_do(request.user, "add", mission)
    return reverse("lessons:lesson-record", args=[mission.acronym]) if plans else ""


@register.simple_tag(takes_context=True)
def allowed(context, action: str, obj) -> bool:
    """Whether the signed-in user may do `action` on `obj`."""
    request = context.get("request")
    return bool(request is not None and obj is not None and may(request, action, obj))


@register.simple_tag(takes_context=True)
def mission_create_url(context) -> str:
    """The URL of the new-mission page when the signed-in user may create missions; "" otherwise
    (a page naming no object, so not `allowed_url`)."""
    from missions.access import departments_creating_missions

    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    answers = getattr(request, "_access_answers", None)
    if answers is None:
        answers = request._access_answers = {}
    key = ("create", "missions.Mission", None)
    if key not in answers:
        answers[key] = departments_creating_missions(request.user).exists()
    return reverse("missions:mission-create") if answers[key] else ""
