from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeminarPagesConfig(AppConfig):
    name = "seminar_pages"
    verbose_name = _("Seminar pages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from seminar_pages import signals

        signals.connect()
