"""System checks of the settings a host site must give these apps."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.compatibility)
def check_translations_start_as_drafts(app_configs=None, **kwargs):
    """wagtail-localize publishes a started translation (a copy of the English page) by
    default; readers would be offered it as the translation before a word is translated."""
    if getattr(settings, "WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE", True):
        return [
            Error(
                "Translations would be published as soon as they are started.",
                hint="Set WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False.",
                id="seminar_pages.E001",
            )
        ]
    return []
