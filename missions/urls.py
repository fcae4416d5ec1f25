"""Pages of the missions app."""

from django.urls import path

from missions import views

app_name = "missions"
urlpatterns = [
    path("history/<str:model>/<int:pk>/", views.HistoryView.as_view(), name="history"),
    path("tokens/", views.TokensView.as_view(), name="tokens"),
    # Setup and upkeep of missions. Fixed paths come before the site's missions/<acronym>/.
    path("new/", views.MissionCreateView.as_view(), name="mission-create"),
    path("<code:acronym>/edit/", views.MissionEditView.as_view(), name="mission-edit"),
    path("<code:acronym>/country-team/", views.CountryTeamView.as_view(), name="country-team"),
    path("country-team/<int:pk>/remove/", views.CountryTeamRemoveView.as_view(), name="country-team-remove"),
    path("<code:acronym>/leadership/", views.LeadershipView.as_view(), name="leadership"),
    path("leadership/<int:pk>/edit/", views.LeadershipEditView.as_view(), name="leadership-edit"),
    path("leadership/<int:pk>/remove/", views.LeadershipRemoveView.as_view(), name="leadership-remove"),
    path("<code:acronym>/lifecycle/", views.LifecycleView.as_view(), name="lifecycle"),
    path("<code:acronym>/mandates/", views.MandateListView.as_view(), name="mandate-list"),
    path("<code:acronym>/mandates/new/", views.MandateCreateView.as_view(), name="mandate-create"),
    path("mandates/<int:pk>/edit/", views.MandateEditView.as_view(), name="mandate-edit"),
    path("mandate-tasks/<int:pk>/edit/", views.MandateTaskEditView.as_view(), name="mandate-task-edit"),
    path("mandate-tasks/<int:pk>/remove/", views.MandateTaskRemoveView.as_view(), name="mandate-task-remove"),
]
