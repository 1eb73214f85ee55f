from django.urls import path

from seminar_pages import participant_views as views

app_name = "seminar_participants"

urlpatterns = [
    path("", views.editions, name="editions"),
    path("editions/<int:edition_id>/", views.participants, name="list"),
    path("editions/<int:edition_id>/import/", views.import_file, name="import"),
    path("editions/<int:edition_id>/add/", views.add, name="add"),
    path("editions/<int:edition_id>/send/", views.send, name="send"),
    path("editions/<int:edition_id>/assignment/", views.assignment_view, name="assignment"),
    path("<int:participant_id>/", views.participant, name="participant"),
    path("<int:participant_id>/action/", views.act, name="act"),
    path("<int:participant_id>/register/", views.register_on_behalf, name="register"),
    path("<int:participant_id>/move/", views.move, name="move"),
    path("<int:participant_id>/export/", views.export, name="export"),
    path("<int:participant_id>/erase/", views.erase, name="erase"),
]
