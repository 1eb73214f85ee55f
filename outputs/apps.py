from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutputsConfig(AppConfig):
    name = "outputs"
    verbose_name = _("Seminar outputs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from outputs import chatham, choosers, feeds, pdf, sharing, signals, workflow
        from outputs.views import (
            may_read_page,
            readable_page,
            readable_permalink,
            recommendations_named,
        )
        from seminar_pages import gate

        signals.connect()
        # The Chatham House Rule, at every publish of an output (``outputs.publishing``).
        chatham.connect()
        workflow.connect_notifier()
        pdf.connect()
        sharing.connect()
        # The translation board shows each translator their own languages only.
        gate.register_listing("outputs_admin:translation_status")
        # Permalinks, without and under a language prefix.
        for namespace in ("outputs", "outputs_permalinks"):
            gate.register_traversal(
                namespace, "identifier", recommendations_named, readable_permalink
            )
        # Citation downloads name a page or a recommendation, read as on the public site.
        gate.register_traversal("outputs_citations", "page_id", readable_page, may_read_page)
        gate.register_traversal(
            "outputs_citations", "identifier", recommendations_named, readable_permalink
        )
        # Feeds list public material only (``feeds.py``); an edition's feed is refused like
        # the edition, a theme is shared vocabulary.
        gate.register_listing("outputs_feeds:outputs")
        gate.register_listing("outputs_feeds:recommendations")
        gate.register_traversal(
            "outputs_feeds", "edition", feeds.edition_named, feeds.may_read_edition
        )
        gate.register_traversal("outputs_feeds", "theme", feeds.theme_named, feeds.any_reader)
        # The recommendation chooser lists readable recommendations only (``choosers.py``).
        gate.register_listing("recommendation_chooser:choose")
        gate.register_listing("recommendation_chooser:choose_results")
        gate.register_traversal(
            "recommendation_chooser", "pk", choosers.chosen_recommendation, choosers.may_choose
        )
