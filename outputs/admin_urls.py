from django.urls import path

from outputs import admin_views

app_name = "outputs_admin"

urlpatterns = [
    path("translation-status/", admin_views.translation_status, name="translation_status"),
    path(
        "translations/<int:translation_id>/submit-for-review/",
        admin_views.submit_for_review,
        name="submit_for_review",
    ),
]
