"""Reads of the missions app shared by pages and the API."""

from django.db.models import BooleanField, ExpressionWrapper, Q

from missions.models import Membership


def memberships_of(user):
    """The user's own memberships, with entity and missions, active first."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user_id=user.pk)
        .select_related("entity")
        .prefetch_related("missions")
        .order_by("-is_active", "entity__code", "role")
    )


def tokens_of(user):
    """The user's own API tokens."""
    from missions.models import ApiToken

    return ApiToken.objects.filter(user_id=user.pk).order_by("name")


def setup_rows(user, queryset) -> list:
    """The rows of `queryset` that `user` sees, each with whether they may change and delete it
    (`may_change`, `may_delete`), asked inside the query that reads them."""
    model = queryset.model
    rights = {
        f"may_{action}": ExpressionWrapper(
            Q(pk__in=model._default_manager.restrict(user, action).values("pk")), output_field=BooleanField()
        )
        for action in ("change", "delete")
    }
    return list(queryset.restrict(user, "view").annotate(**rights))
