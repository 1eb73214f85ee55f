"""What the public site says about languages: which translations of a page a reader may
switch to, which URLs are ``hreflang`` alternates, and when the reader is shown English
because the page has no translation in their language.

A page has no translation in a language when that language's tree lacks it (the reader
reaches the English page through the fallback in ``SeminarSeriesPage.route``) or holds
only an alias of it (wagtail-localize's synchronised trees: the English text under the
language's URL). What a page lists, in the reader's language, is ``seminar_pages.listings``.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page

from seminar_pages import access
from seminar_pages.locales import locale_ids


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
    codes = {pk: code for code, pk in locale_ids(request).items()}
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
    codes = {pk: code for code, pk in locale_ids(request).items()}
    shown = codes.get(source.locale_id)
    reader = get_language()
    if shown and reader and shown != reader and shown.split("-")[0] != reader.split("-")[0]:
        return shown
    return None


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
