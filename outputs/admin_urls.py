from django.urls import path

from outputs import admin_views, compilation_views

app_name = "outputs_admin"

urlpatterns = [
    path("translation-status/", admin_views.translation_status, name="translation_status"),
    path(
        "translations/<int:translation_id>/submit-for-review/",
        admin_views.submit_for_review,
        name="submit_for_review",
    ),
    path(
        "seminar-reports/<int:page_id>/compile/",
        compilation_views.compile_view,
        name="compile_seminar_report",
    ),
]
