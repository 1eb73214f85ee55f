"""What the public site says about languages: which translations of a page a reader may
switch to, which URLs are ``hreflang`` alternates, and when the reader is shown English
because the page has no translation in their language.

A page has no translation in a language when that language's tree lacks it (the reader
reaches the English page through the fallback in ``SeminarSeriesPage.route``) or holds
only an alias of it (wagtail-localize's synchronised trees: the English text under the
language's URL).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.utils.translation import get_language, get_language_info
from wagtail.models import Locale, Page

from seminar_pages import access


@dataclass(frozen=True)
class Alternate:
    language_code: str
    name_local: str
    url: str
    current: bool


def content_page(page):
    """The page whose text ``page`` shows: the source of an alias, else the page itself."""
    if page.alias_of_id:
        return Page.objects.select_related("locale").get(pk=page.alias_of_id)
    return page


def alternates(request, source):
    """The translations of a text that the reader may switch to, one per language.

    Args:
        request: the current request (its user decides what is readable).
        source: the page whose text is shown (``content_page`` of the page served).

    Returns:
        A list of ``Alternate`` in the order of ``settings.LANGUAGES``: live, readable,
        real translations (aliases show another language's text, so they are left out).
    """
    codes = {pk: code for code, pk in _locale_ids(request).items()}
    enabled = [code for code, _name in settings.LANGUAGES]
    translations = access.visible_pages(
        request.user,
        Page.objects.filter(translation_key=source.translation_key, alias_of__isnull=True),
    )
    by_language = {codes.get(translation.locale_id): translation for translation in translations}
    shown = codes.get(source.locale_id)
    return [
        Alternate(
            language_code=code,
            name_local=get_language_info(code)["name_local"],
            url=by_language[code].get_url(request),
            current=code == shown,
        )
        for code in enabled
        if code in by_language
    ]


def fallback_language(request, source):
    """The language of ``source`` (the text shown) when it is not the reader's, else None."""
    codes = {pk: code for code, pk in _locale_ids(request).items()}
    shown = codes.get(source.locale_id)
    reader = get_language()
    if shown and reader and shown != reader and shown.split("-")[0] != reader.split("-")[0]:
        return shown
    return None


def _locale_ids(request):
    """{language code: locale id}, fetched once per request."""
    ids = getattr(request, "_seminar_locale_ids", None)
    if ids is None:
        ids = dict(Locale.objects.values_list("language_code", "pk"))
        request._seminar_locale_ids = ids
    return ids


def listing_base(request, page):
    """The page whose children a listing shows: the English source of a translation.

    A language's tree holds only what was translated (and the aliases wagtail-localize
    creates above it), so its listings are built from the English tree and then shown
    in the reader's language with ``localize``.
    """
    source_id = _locale_ids(request).get(settings.LANGUAGE_CODE)
    if page.locale_id == source_id:
        return page
    return page.get_translation_or_none(source_id) or page


def localize(request, pages, prefetch=()):
    """Each page of ``pages`` in the reader's language, where a readable translation exists.

    Args:
        request: the current request (its language and user).
        pages: specific pages, usually of the English tree.
        prefetch: relations to prefetch on the translations substituted.

    Returns:
        A list in the same order; pages without a translation are kept as they are (their
        links stay in the reader's language through the ``reader_url`` tag).
    """
    pages = list(pages)
    reader = _locale_ids(request).get(get_language())
    missing = [page for page in pages if page.locale_id != reader]
    if reader is None or not missing:
        return pages
    found = {
        page.translation_key: page
        for page in access.visible_pages(
            request.user,
            Page.objects.filter(
                translation_key__in=[page.translation_key for page in missing],
                locale_id=reader,
                alias_of__isnull=True,
            ),
        )
        .specific()
        .defer_streamfields()
    }
    if prefetch and found:
        prefetch_related_objects(list(found.values()), *prefetch)
    return [found.get(page.translation_key, page) for page in pages]


def reader_url(request, page):
    """The URL of ``page`` under the reader's language prefix.

    A page without a translation in the reader's language is served there in English
    (see ``SeminarBasePage.route``), so links keep the reader in their language.
    """
    url = page.get_url(request)
    language = get_language()
    if not url or not language or url.startswith(f"/{language}/"):
        return url
    for code, _name in settings.LANGUAGES:
        if url.startswith(f"/{code}/"):
            return f"/{language}/{url[len(code) + 2 :]}"
    return url
