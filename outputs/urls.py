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
