from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from frameworks.models import (
    Comment,
    FundingLine,
    IntegratedMechanism,
    IntegratedStrategicFramework,
    IntegrationArea,
    MechanismMeeting,
    NationalAlignment,
    Priority,
    Responsibility,
    Result,
    Signature,
    StrategicAssessment,
)


@admin.register(StrategicAssessment)
class StrategicAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "mission", "started_on", "completed_on", "lead_entity", "is_internal"]
    list_filter = ["mission", "is_internal"]
    filter_horizontal = ["participants"]
    list_select_related = ["mission", "lead_entity"]


class PriorityInline(admin.StackedInline):
    model = Priority
    extra = 0
    show_change_link = True


class IntegrationAreaInline(admin.TabularInline):
    model = IntegrationArea
    extra = 0


class AlignmentInline(admin.TabularInline):
    model = NationalAlignment
    extra = 0


@admin.register(IntegratedStrategicFramework)
class FrameworkAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "mission", "status", "version", "period_start", "period_end"]
    list_filter = ["status", "mission"]
    list_select_related = ["mission"]
    inlines = [PriorityInline, IntegrationAreaInline, AlignmentInline]


class ResultInline(admin.StackedInline):
    model = Result
    extra = 0
    show_change_link = True
    filter_horizontal = ["mandate_tasks"]


class FundingInline(admin.TabularInline):
    model = FundingLine
    extra = 0


@admin.register(Priority)
class PriorityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "framework", "order"]
    list_select_related = ["framework__mission"]
    inlines = [ResultInline, FundingInline]


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0


@admin.register(Result)
class ResultAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "priority", "timeline_start", "timeline_end"]
    list_select_related = ["priority"]
    inlines = [ResponsibilityInline]
    filter_horizontal = ["mandate_tasks"]


class MeetingInline(admin.TabularInline):
    model = MechanismMeeting
    extra = 0


@admin.register(IntegratedMechanism)
class MechanismAdmin(SimpleHistoryAdmin):
    list_display = ["name", "mission", "level", "kind", "chair", "cadence_days", "is_active"]
    list_filter = ["level", "kind", "is_active"]
    filter_horizontal = ["members"]
    list_select_related = ["mission", "chair"]
    inlines = [MeetingInline]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "framework", "author", "author_entity", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["framework__mission", "author", "author_entity"]


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["framework", "entity", "decision", "signed_by", "decided_at"]
    list_select_related = ["framework__mission", "entity", "signed_by"]
