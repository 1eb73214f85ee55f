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


GATE = "seminar_pages.gate.AccessGate"
AUTHENTICATION = "django.contrib.auth.middleware.AuthenticationMiddleware"
GUARDIAN_BACKEND = "guardian.backends.ObjectPermissionBackend"


@register(Tags.security)
def check_host_site_closes_what_the_policy_closes(app_configs=None, **kwargs):
    """What the access policy relies on from the host's settings: without the gate, closed
    pages, documents and admin views are served to anyone Wagtail would serve them to."""
    errors = []
    middleware = list(settings.MIDDLEWARE)
    if GATE not in middleware:
        errors.append(
            Error(
                "The access gate is not installed: closed material would be served.",
                hint=f"Add {GATE!r} to MIDDLEWARE after {AUTHENTICATION!r}.",
                id="seminar_pages.E002",
            )
        )
    elif AUTHENTICATION not in middleware[: middleware.index(GATE)]:
        errors.append(
            Error(
                "The access gate runs before the user is known.",
                hint=f"Put {GATE!r} after {AUTHENTICATION!r} in MIDDLEWARE.",
                id="seminar_pages.E003",
            )
        )
    if GUARDIAN_BACKEND not in settings.AUTHENTICATION_BACKENDS:
        errors.append(
            Error(
                "Grants on single objects (translators' languages, closed material) are "
                "never consulted.",
                hint=f"Add {GUARDIAN_BACKEND!r} to AUTHENTICATION_BACKENDS.",
                id="seminar_pages.E004",
            )
        )
    if getattr(settings, "WAGTAILDOCS_SERVE_METHOD", None) != "serve_view":
        errors.append(
            Error(
                "Documents could be downloaded without the access check.",
                hint='Set WAGTAILDOCS_SERVE_METHOD = "serve_view".',
                id="seminar_pages.E005",
            )
        )
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        errors.append(
            Error(
                "The seminar pages are translated, but Wagtail's localisation is off.",
                hint="Set WAGTAIL_I18N_ENABLED = True.",
                id="seminar_pages.E006",
            )
        )
    return errors
