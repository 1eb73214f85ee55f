"""The recommendations API, outside the language prefixes (``lang=`` chooses)."""

from django.urls import path

from search import api

app_name = "search_api"

urlpatterns = [
    path("api/v1/recommendations/", api.recommendations, name="recommendations"),
    path("api/v1/recommendations.csv", api.recommendations_csv, name="recommendations_csv"),
    path("api/v1/openapi.json", api.openapi, name="openapi"),
]
