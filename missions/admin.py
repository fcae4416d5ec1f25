from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from missions.models import (
    ApiToken,
    CountryTeamMember,
    Entity,
    LeadershipPost,
    Mandate,
    MandateTask,
    Membership,
    Mission,
    Notification,
    PhaseChange,
    QueuedTask,
    SignInIdentity,
)


@admin.register(Entity)
class EntityAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["code", "name"]


class PhaseChangeInline(admin.TabularInline):
    model = PhaseChange
    extra = 0


class LeadershipInline(admin.TabularInline):
    model = LeadershipPost
    extra = 0


class CountryTeamInline(admin.TabularInline):
    model = CountryTeamMember
    extra = 0
    autocomplete_fields = ["entity"]


# Not guardian's GuardedModelAdmin: object permissions are derived from memberships only, and a
# permission granted by hand would be undone at the user's next sync.
@admin.register(Mission)
class MissionAdmin(SimpleHistoryAdmin):
    list_display = ["acronym", "name", "country", "mission_type", "lead_department", "phase"]
    list_filter = ["mission_type", "phase", "lead_department"]
    search_fields = ["acronym", "name", "country"]
    list_select_related = ["lead_department"]
    inlines = [PhaseChangeInline, LeadershipInline, CountryTeamInline]


class MandateTaskInline(admin.TabularInline):
    model = MandateTask
    extra = 0


@admin.register(Mandate)
class MandateAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "mission", "adopted_on", "expires_on", "chapter"]
    list_filter = ["chapter", "mission"]
    list_select_related = ["mission"]
    inlines = [MandateTaskInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    """Assigns users to entities, roles and missions. Saving (fields or missions) and deleting go
    through the membership signals, which re-derive the user's permissions on commit."""

    list_display = ["user", "entity", "role", "is_active"]
    list_filter = ["role", "is_active", "entity"]
    search_fields = ["user__username", "user__email", "entity__code"]
    filter_horizontal = ["missions"]
    list_select_related = ["user", "entity"]
    autocomplete_fields = ["user", "entity"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "text", "kind", "created_at", "read_at"]
    list_select_related = ["user"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their owners (missions:tokens); administrators can see and revoke them."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at"]
    exclude = ["key_hash"]

    def has_add_permission(self, request):
        return False


@admin.register(QueuedTask)
class QueuedTaskAdmin(admin.ModelAdmin):
    """Jobs waiting for the broker: the sweep sends them; administrators can see what waits."""

    list_display = ["name", "args", "created_at", "attempts", "last_error"]
    readonly_fields = ["name", "args", "queue", "created_at", "attempts", "last_error"]

    def has_add_permission(self, request):
        return False


@admin.register(SignInIdentity)
class SignInIdentityAdmin(admin.ModelAdmin):
    """Who signs in through the identity provider, and the entity its claims name: the hint an
    administrator grants a membership from (Memberships)."""

    list_display = ["user", "entity", "subject", "last_signed_in_at"]
    list_filter = ["entity"]
    search_fields = ["user__username", "user__email", "subject"]
    readonly_fields = ["issuer", "subject", "last_signed_in_at"]
