"""Reads of the missions app shared by pages and the API."""

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
