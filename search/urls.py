"""The public search page, served under each language prefix (see cms/urls.py)."""

from django.urls import path

from search import views

app_name = "search"

urlpatterns = [path("search/", views.search_page, name="page")]
