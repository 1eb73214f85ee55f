"""Public search and the recommendations API are added here by the archive search work."""

app_name = "search"

urlpatterns = []
