from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutputsConfig(AppConfig):
    name = "outputs"
    verbose_name = _("Seminar outputs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from outputs import signals
        from outputs.views import readable_permalink, recommendations_named
        from seminar_pages import gate

        signals.connect()
        # The translation board shows each translator their own languages only.
        gate.register_listing("outputs_admin:translation_status")
        gate.register_traversal("outputs", "identifier", recommendations_named, readable_permalink)
