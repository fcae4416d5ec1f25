"""What the header navigation needs on every page, looked up lazily in one query."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.utils.functional import SimpleLazyObject

from benchmarks.selectors import reviews_waiting_count
from missions.access import mission_ids_with
from missions.choices import Role
from missions.models import Membership, Mission, Notification


def _count(queryset) -> Subquery:
    return Subquery(
        queryset.order_by().annotate(one=Value(1)).values("one").annotate(n=Count("pk")).values("n"),
        output_field=IntegerField(),
    )


def _visible_missions(user):
    """How many missions the user sees: the permissions the request has read, counted here, or
    (a superuser, outside a request) a count in the query."""
    if not user.is_superuser:
        ids = mission_ids_with(user, "view_mission")
        if isinstance(ids, list):
            return Value(len(set(ids)), output_field=IntegerField())
    return _count(Mission.objects.restrict(user, "view"))


def _all_facts(user) -> dict:
    """Unread notices, how many missions the user may see (through the access layer), whether
    they plan at headquarters and how many submitted updates wait for their review, in one query."""
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            unread=_count(Notification.objects.filter(user_id=user.pk, read_at__isnull=True)),
            missions=_visible_missions(user),
            hq=Exists(Membership.objects.filter(user_id=OuterRef("pk"), role=Role.HQ_PLANNER, is_active=True)),
            to_review=_count(reviews_waiting_count(user)),
        )
        .values("unread", "missions", "hq", "to_review")
        .first()
    ) or {}
    return {
        "unread": row.get("unread") or 0,
        "missions": row.get("missions") or 0,
        "hq": bool(row.get("hq")),
        "to_review": row.get("to_review") or 0,
    }


def nav_facts(user) -> dict:
    """What the navigation shows, in one query."""
    facts = _all_facts(user)
    return {
        "unread": facts["unread"],
        "to_review": facts["to_review"],
        "missions": facts["missions"],
        "show_iap_overview": facts["hq"] or user.is_superuser or facts["missions"] > 1,
    }


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav": SimpleLazyObject(lambda: nav_facts(user))}
