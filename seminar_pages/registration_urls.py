from django.urls import path

from seminar_pages import registration_views

app_name = "seminar_registration"

urlpatterns = [
    path("invitation/registered/", registration_views.registered, name="registered"),
    path("invitation/<str:token>/", registration_views.invitation, name="invitation"),
]
