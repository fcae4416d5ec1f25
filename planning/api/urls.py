"""API routes of the planning app, mounted under /api/."""

from django.urls import path

from planning.api import views
from planning.search.api import SearchAPIView

urlpatterns = [
    path("iap/", views.IAPListView.as_view(), name="api-iap-list"),
    path("missions/<code:acronym>/iap/", views.MissionIAPView.as_view(), name="api-mission-iap"),
    path("search/", SearchAPIView.as_view(), name="api-search"),
]
