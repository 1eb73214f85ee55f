"""Public URLs of the site's operations, outside the language prefixes."""

from django.urls import path

from operations.health import HealthView

urlpatterns = [
    path("health/", HealthView.as_view(), name="health"),
]
