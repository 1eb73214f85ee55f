"""What the public site says about languages: which translations of a page a reader may
switch to, which URLs are ``hreflang`` alternates, and when the reader is shown English
because the page has no translation in their language.

A page has no translation in a language when that language's tree lacks it (the reader
reaches the English page through the fallback in ``SeminarSeriesPage.route``) or holds
only an alias of it (wagtail-localize's synchronised trees: the English text under the
language's URL). A translation is there for readers once it is published: started and
in progress, it is a draft, and readers get the English page. What a page lists, in the
reader's language, is ``seminar_pages.listings``.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page

from seminar_pages import access
from seminar_pages.locales import is_translation, locale_ids, source_locale


@dataclass(frozen=True)
class Alternate:
    language_code: str
    name_local: str
    url: str
    current: bool
    # False for a language the text is not translated into (the switcher's English text
    # under that language's interface); ``alternates`` lists translations only.
    translated: bool = True


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


def switcher(request, source, translations=None):
    """Every enabled language, for the language switcher of a page showing ``source``.

    Args:
        request: the current request (its language is the one marked current).
        source: the page whose text is shown (``content_page`` of the page served).
        translations: ``alternates(request, source)``, when the caller has them.

    Returns:
        A list of ``Alternate`` in the order of ``settings.LANGUAGES``: a translation the
        reader may read leads to it; any other language to the English text under that
        language's interface (served with the "not yet translated" notice).
    """
    if translations is None:
        translations = alternates(request, source)
    by_language = {alternate.language_code: alternate for alternate in translations}
    english = by_language.get(settings.LANGUAGE_CODE)
    base_url = english.url if english is not None else source.get_url(request)
    reader = get_language()
    return [
        Alternate(
            language_code=code,
            name_local=get_language_info(code)["name_local"],
            url=by_language[code].url if code in by_language else url_in_language(base_url, code),
            current=code == reader,
            translated=code in by_language,
        )
        for code, _name in settings.LANGUAGES
    ]


def path_switcher(request):
    """Every enabled language, for the switcher of a view that is not a page (the search
    page): the same path and query under each language's prefix."""
    path = request.get_full_path()
    reader = get_language()
    return [
        Alternate(
            language_code=code,
            name_local=get_language_info(code)["name_local"],
            url=url_in_language(path, code),
            current=code == reader,
            translated=True,
        )
        for code, _name in settings.LANGUAGES
    ]


def shown_ancestors(ancestors):
    """``ancestors`` as readers see them: a translation not yet published (a draft) shows
    as its English page, whose text it has until its own is approved."""
    drafts = [page for page in ancestors if not page.live and is_translation(page)]
    if not drafts:
        return list(ancestors)
    english = {
        page.translation_key: page
        for page in Page.objects.filter(
            translation_key__in=[page.translation_key for page in drafts],
            locale=source_locale(),
        )
    }
    return [
        english.get(page.translation_key, page) if page in drafts else page for page in ancestors
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
    if not url or not language:
        return url
    return url_in_language(url, language)


def url_in_language(url, language):
    """``url``, a page's URL under a language prefix, under ``language``'s prefix instead."""
    if not url or url.startswith(f"/{language}/"):
        return url
    for code, _name in settings.LANGUAGES:
        if url.startswith(f"/{code}/"):
            return f"/{language}/{url[len(code) + 2 :]}"
    return url
