from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "archive_search"
    verbose_name = _("Archive search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from outputs import continuity
        from search import signals, similarity
        from seminar_pages import gate

        signals.connect()
        continuity.register_finder(similarity.asked_before)
        # The search page and its API filter every hit, count and facet by the policy.
        for view_name in (
            "search:page",
            "search_api:recommendations",
            "search_api:recommendations_csv",
            "search_api:openapi",
        ):
            gate.register_listing(view_name)
