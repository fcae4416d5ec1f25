"""Pages of the missions app."""

from django.urls import path

from missions import views

app_name = "missions"
urlpatterns = [
    path("history/<str:model>/<int:pk>/", views.HistoryView.as_view(), name="history"),
    path("tokens/", views.TokensView.as_view(), name="tokens"),
]
