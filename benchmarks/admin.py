from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from benchmarks.models import (
    Benchmark,
    CapacityGap,
    CapacityGapReview,
    ExcelImport,
    Indicator,
    MandateReview,
    ProgressReport,
    ProgressUpdate,
)


class IndicatorInline(admin.StackedInline):
    model = Indicator
    extra = 0
    show_change_link = True


@admin.register(Benchmark)
class BenchmarkAdmin(SimpleHistoryAdmin):
    list_display = ["title", "mission", "is_transition", "order"]
    list_filter = ["is_transition", "mission"]
    list_select_related = ["mission"]
    filter_horizontal = ["results", "mandate_tasks"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "benchmark", "unit", "frequency", "aggregation", "responsible_entity"]
    list_filter = ["frequency", "aggregation", "responsible_entity"]
    list_select_related = ["benchmark__mission", "responsible_entity"]
    search_fields = ["name"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["indicator", "period_start", "value", "status", "state"]
    list_filter = ["state", "status"]
    list_select_related = ["indicator"]
    raw_id_fields = ["indicator", "submitted_by", "approved_by"]
    date_hierarchy = "period_start"
    show_full_result_count = False


class GapReviewInline(admin.TabularInline):
    model = CapacityGapReview
    extra = 0


@admin.register(CapacityGap)
class CapacityGapAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "mission", "category", "status", "identified_on"]
    list_filter = ["category", "status"]
    inlines = [GapReviewInline]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "state", "percent", "requested_by", "created_at", "finished_at"]
    list_filter = ["state"]
    list_select_related = ["mission", "requested_by"]


@admin.register(ExcelImport)
class ExcelImportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "state", "uploaded_by", "rows_done", "rows_total", "stored", "created_at", "finished_at"]
    list_filter = ["state"]
    list_select_related = ["mission", "uploaded_by"]
    readonly_fields = ["rows_total", "rows_done", "stored", "errors", "started_at", "finished_at"]


@admin.register(MandateReview)
class MandateReviewAdmin(admin.ModelAdmin):
    """Read only: a review and its snapshot are recorded on the transition page and never changed."""

    list_display = ["__str__", "mission", "kind", "held_on", "recorded_by"]
    list_filter = ["kind"]
    list_select_related = ["mission", "mandate", "recorded_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
