from django.urls import path

from seminar_pages import admin_views

app_name = "seminar_access"

urlpatterns = [
    path("working-groups/<int:page_id>/roles/", admin_views.roles, name="roles"),
    path("working-groups/<int:page_id>/roles/revoke/", admin_views.revoke, name="revoke"),
    path("pages/<int:page_id>/", admin_views.closure, name="closure"),
    path("translators/", admin_views.translators, name="translators"),
    path("translators/revoke/", admin_views.revoke_translator, name="revoke_translator"),
]
