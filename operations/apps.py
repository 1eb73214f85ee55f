from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the site: serving, the page cache, outages, health, backups.

    The reference site's own app: it may use the three seminar apps, they never use it.
    """

    name = "operations"
    verbose_name = _("Site operations")

    def ready(self):
        from operations import checks, signals  # noqa: F401 (checks register themselves)

        signals.connect()
