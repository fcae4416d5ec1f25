"""Pages of the frameworks app."""

from django.urls import path

from frameworks.views import assessments, comments, frameworks, mechanisms, presence
from frameworks.views.imports import FrameworkImportView

app_name = "frameworks"
urlpatterns: list = [
    path("missions/<code:acronym>/assessments/", assessments.AssessmentListView.as_view(), name="assessment-list"),
    path(
        "missions/<code:acronym>/assessments/new/",
        assessments.AssessmentCreateView.as_view(),
        name="assessment-create",
    ),
    path("assessments/<int:pk>/", assessments.AssessmentDetailView.as_view(), name="assessment-detail"),
    path("assessments/<int:pk>/edit/", assessments.AssessmentEditView.as_view(), name="assessment-edit"),
    path("missions/<code:acronym>/mechanisms/", mechanisms.MechanismListView.as_view(), name="mechanism-list"),
    path(
        "missions/<code:acronym>/mechanisms/new/",
        mechanisms.MechanismCreateView.as_view(),
        name="mechanism-create",
    ),
    path("mechanisms/<int:pk>/", mechanisms.MechanismDetailView.as_view(), name="mechanism-detail"),
    path("mechanisms/<int:pk>/edit/", mechanisms.MechanismEditView.as_view(), name="mechanism-edit"),
    path(
        "mechanisms/<int:pk>/meetings/",
        mechanisms.MeetingRecordView.as_view(),
        name="mechanism-meeting-record",
    ),
    # Integrated Strategic Frameworks
    path("missions/<code:acronym>/frameworks/new/", frameworks.FrameworkCreateView.as_view(), name="framework-create"),
    path("missions/<code:acronym>/frameworks/import/", FrameworkImportView.as_view(), name="framework-import"),
    path("<int:pk>/", frameworks.FrameworkDetailView.as_view(), name="framework-detail"),
    path("<int:pk>/edit/", frameworks.FrameworkEditView.as_view(), name="framework-edit"),
    path("<int:pk>/presence/", presence.FrameworkPresenceView.as_view(), name="framework-presence"),
    path("<int:pk>/history/", frameworks.FrameworkHistoryView.as_view(), name="framework-history"),
    path("<int:pk>/diff/", frameworks.FrameworkDiffView.as_view(), name="framework-diff"),
    path("<int:pk>/export.<str:format>", frameworks.FrameworkExportView.as_view(), name="framework-export"),
    path("<int:pk>/workflow/<str:step>/", frameworks.FrameworkWorkflowView.as_view(), name="framework-workflow"),
    path("<int:pk>/priorities/add/", frameworks.PriorityAddView.as_view(), name="priority-add"),
    path("<int:pk>/areas/", frameworks.IntegrationAreaSetView.as_view(), name="area-set"),
    path(
        "<int:pk>/national-frameworks/",
        frameworks.NationalAlignmentSetView.as_view(),
        name="national-framework-set",
    ),
    path("<int:pk>/priorities/order/", frameworks.PriorityReorderView.as_view(), name="priority-reorder"),
    path("priorities/<int:pk>/", frameworks.PriorityUpdateView.as_view(), name="priority-update"),
    path("priorities/<int:pk>/results/order/", frameworks.ResultReorderView.as_view(), name="result-reorder"),
    path("priorities/<int:pk>/move/", frameworks.PriorityMoveView.as_view(), name="priority-move"),
    path("priorities/<int:pk>/delete/", frameworks.PriorityDeleteView.as_view(), name="priority-delete"),
    path("priorities/<int:pk>/results/add/", frameworks.ResultAddView.as_view(), name="result-add"),
    path("priorities/<int:pk>/funding/", frameworks.FundingSetView.as_view(), name="funding-set"),
    path("results/<int:pk>/", frameworks.ResultUpdateView.as_view(), name="result-update"),
    path("results/<int:pk>/move/", frameworks.ResultMoveView.as_view(), name="result-move"),
    path("results/<int:pk>/delete/", frameworks.ResultDeleteView.as_view(), name="result-delete"),
    path("results/<int:pk>/tasks/", frameworks.ResultTasksView.as_view(), name="result-tasks"),
    path("results/<int:pk>/panel/", frameworks.ResultPanelView.as_view(), name="result-panel"),
    path("results/<int:pk>/roles/", frameworks.ResultRolesView.as_view(), name="result-roles"),
    path("<int:pk>/comments/", comments.FrameworkCommentsView.as_view(), name="framework-comments"),
    path("<int:pk>/mentions/", comments.MentionSuggestionsView.as_view(), name="mention-suggestions"),
    path("comments/<int:pk>/reply/", comments.CommentReplyView.as_view(), name="comment-reply"),
    path("comments/<int:pk>/status/", comments.CommentStatusView.as_view(), name="comment-status"),
]
