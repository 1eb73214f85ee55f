"""Which locale is the source, which workflow reviews translations, and which locale is
which language on this request.

Kept apart from the translation workflow (``seminar_pages.translation``) and the language
helpers (``seminar_pages.languages``) because the page models and their listings ask these
questions, and both of those modules import the access policy, which the models must never
import. Imports only Wagtail.
"""

from django.conf import settings
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import DraftStateMixin, Locale, Workflow

REVIEW_WORKFLOW = "Review of translations"


def source_locale():
    """The locale every output is written in (English)."""
    return Locale.get_default()


def is_translation(page):
    """Whether ``page`` belongs to a locale other than the source locale."""
    return page.locale_id != source_locale().pk


def review_workflow():
    """The active workflow in which the Secretariat reviews translations, or None."""
    return Workflow.objects.filter(name=REVIEW_WORKFLOW, active=True).first()


def locale_ids(request):
    """{language code: locale id}, fetched once per request."""
    ids = getattr(request, "_seminar_locale_ids", None)
    if ids is None:
        ids = dict(Locale.objects.values_list("language_code", "pk"))
        request._seminar_locale_ids = ids
    return ids


def active_locale(request):
    """The locale of the active language, as ``Locale.get_active()``, from the request's table.

    An unsaved ``Locale`` holding the id and the language code: enough to filter by and to
    compare, for no query of its own.
    """
    ids = locale_ids(request)
    for language in (get_language(), settings.LANGUAGE_CODE):
        try:
            code = get_supported_content_language_variant(language)
        except LookupError:
            continue
        if code in ids:
            return Locale(pk=ids[code], language_code=code)
    return Locale.get_active()


def localized(page, request):
    """``page.localized`` (its live translation in the active language, else ``page``),
    with the active locale read from the request's table."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return page
    locale = active_locale(request)
    if locale.pk == page.locale_id:
        return page
    translation = page.get_translation_or_none(locale.pk)
    if translation is None or (isinstance(translation, DraftStateMixin) and not translation.live):
        return page
    return translation


def language_code_of(page, request=None):
    """The language code of ``page``'s locale, from the request's table when there is one."""
    if request is not None:
        for code, pk in locale_ids(request).items():
            if pk == page.locale_id:
                return code
    return page.locale.language_code
