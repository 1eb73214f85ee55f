"""Atom feeds, under each language prefix (see cms/urls.py)."""

from django.urls import path

from outputs.feeds import OutputsFeed, RecommendationsFeed

app_name = "outputs_feeds"

urlpatterns = [
    path("feeds/outputs/", OutputsFeed(), name="outputs"),
    path("feeds/recommendations/", RecommendationsFeed(), name="recommendations"),
    path("feeds/editions/<int:edition>/outputs/", OutputsFeed(), name="edition_outputs"),
    path(
        "feeds/editions/<int:edition>/recommendations/",
        RecommendationsFeed(),
        name="edition_recommendations",
    ),
    path("feeds/themes/<slug:theme>/outputs/", OutputsFeed(), name="theme_outputs"),
    path(
        "feeds/themes/<slug:theme>/recommendations/",
        RecommendationsFeed(),
        name="theme_recommendations",
    ),
]
