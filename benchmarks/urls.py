"""Pages of the benchmarks app."""

from django.urls import path  # noqa: F401

app_name = "benchmarks"
urlpatterns: list = []
