"""Recommendation permalinks under each language prefix (see cms/urls.py).

``/ja/recommendations/<identifier>/`` leads to the recommendation in Japanese, or to its
English text under the Japanese interface: links on the site keep the reader's language.
``outputs.urls`` holds the same permalink without a prefix, as printed and cited.
"""

from django.urls import path

from outputs import views

app_name = "outputs_permalinks"

urlpatterns = [
    path(
        "recommendations/<str:identifier>/",
        views.recommendation_permalink,
        name="recommendation",
    ),
]
