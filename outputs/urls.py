"""The recommendation permalink without a language prefix, as printed and cited: the
reader lands in the language Django chose for the request (``outputs.permalink_urls``
holds the same permalink under each language prefix)."""

from django.urls import path

from outputs import views

app_name = "outputs"

urlpatterns = [
    path(
        "recommendations/<str:identifier>/",
        views.recommendation_permalink,
        name="recommendation",
    ),
]
