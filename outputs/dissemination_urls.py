from django.urls import path

from outputs import dissemination_views

app_name = "outputs_dissemination"

urlpatterns = [
    path("", dissemination_views.index, name="index"),
    path("<int:page_id>/", dissemination_views.record, name="record"),
    path("<int:page_id>/send/", dissemination_views.send, name="send"),
    path(
        "<int:page_id>/partners/<int:partner_id>/",
        dissemination_views.receipt,
        name="receipt",
    ),
]
