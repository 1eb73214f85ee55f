"""PDFs of Key Messages, Seminar Reports and Working Group Reports, one per language.

Rendered by WeasyPrint from print templates (``outputs/pdf/``) that share nothing with the
site's chrome, with Debian's Noto and TLWG fonts (``make pdf``) chosen per language in the
stylesheet by ``:lang()``. Each PDF is tagged and declares PDF/UA-1 (WeasyPrint's
``pdf_variant="pdf/ua-1"``, which turns ``pdf_tags`` on); title, language, author, subject,
keywords and dates come from the document's ``<title>``, ``<html lang>`` and ``<meta>``.

The file is rendered after publishing (a background task, ``page_published``), stored as an
``OutputDocument`` of the page's live revision, and deleted on unpublishing. Readers get it
from the page's own ``pdf/`` route, so the gate and the access policy decide as for the
page; a missing or stale file (after a restore, say) is rendered on demand.
"""

import io
import logging
import unicodedata
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models.signals import post_delete
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.http import content_disposition_header, http_date
from django.utils.text import Truncator
from django_tasks import task
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from outputs.models import (
    KeyMessagesPage,
    OutputDocument,
    SeminarReportPage,
    WorkingGroupReportPage,
)

logger = logging.getLogger(__name__)

PAGE_TYPES = (KeyMessagesPage, SeminarReportPage, WorkingGroupReportPage)
AUTHOR = "Asia-Europe Foundation (ASEF)"
# Tagged PDF (structure tree, /Lang, /MarkInfo) with PDF/UA-1 identification (XMP).
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


class NotLive(ValueError):
    """A PDF was asked for a page that is not live: drafts are never rendered."""


def pdf_bytes(page):
    """The PDF of ``page``, from its live content.

    Args:
        page: a live Key Messages, Seminar Report or Working Group Report page, in the
            locale whose PDF is wanted (each translation has its own).

    Returns:
        The PDF as bytes: the stored file when it is that of the live revision, otherwise
        rendered now (and stored).

    Raises:
        NotLive: ``page`` is not live (a draft, unpublished, or waiting for its embargo).
        TypeError: ``page`` is not one of the three output types.
    """
    page = _live(page)
    return _current(page)[1]


def filename(page):
    """``<slug>-<language>.pdf``: what the reader's browser saves it as."""
    return f"{page.slug}-{page.locale.language_code}.pdf"


def stored_document(page):
    """The stored PDF of ``page``'s live revision, or None (not rendered yet, or stale)."""
    document = OutputDocument.objects.filter(page_id=page.pk).first()
    if document is not None and document.is_current_for(page):
        return document
    return None


def render_html(page):
    """The print document of ``page`` (its live content), in the page's own language."""
    from outputs.citation import edition_of

    language = page.locale.language_code
    edition = edition_of(page)
    with translation.override(language):
        context = {
            "page": page,
            "edition": edition,
            "language": language,
            "author": AUTHOR,
            "description": _description(page),
            "keywords": ", ".join(_keywords(page, edition)),
            "page_url": page.get_full_url(),
            **_content(page),
        }
        return render_to_string(_template(page), context)


def render_pdf(page):
    """``page`` rendered as a PDF (bytes), without storing it."""
    from weasyprint import HTML

    _complete_glyph_maps()
    return HTML(
        string=render_html(page),
        base_url=_site_root(page),
        url_fetcher=_local_fetcher(),
    ).write_pdf(**PDF_OPTIONS)


def store(page):
    """Render ``page`` (live) and keep the file as its ``OutputDocument``.

    Returns:
        (the ``OutputDocument``, the PDF bytes).
    """
    data = render_pdf(page)
    try:
        return _keep(page, data), data
    except IntegrityError:
        # Rendered by a concurrent request or task at the same moment: theirs is kept.
        return OutputDocument.objects.get(page_id=page.pk), data


def _keep(page, data):
    with transaction.atomic():
        document = OutputDocument.objects.select_for_update().filter(page_id=page.pk).first()
        old_name = document.file.name if document is not None else None
        if document is None:
            document = OutputDocument(page_id=page.pk)
        document.revision_id = page.live_revision_id
        document.language = page.locale.language_code
        document.size = len(data)
        document.file.save(filename(page), ContentFile(data), save=False)
        document.save()
        if old_name and old_name != document.file.name:
            transaction.on_commit(lambda: default_storage.delete(old_name))
    return document


def remove(page_id):
    """Delete the stored PDF of a page (its file goes with it, ``_delete_file``)."""
    for document in OutputDocument.objects.filter(page_id=page_id):
        document.delete()


def serve_pdf(page, request):
    """The response of the page's ``pdf/`` route: the page is live and readable here."""
    _document, data = _current(page)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename(page))
    response["Content-Length"] = str(len(data))
    modified = page.last_published_at or page.latest_revision_created_at
    if modified is not None:
        response["Last-Modified"] = http_date(modified.timestamp())
    response["Content-Language"] = page.locale.language_code
    return response


@task()
def render_pdf_task(page_id):
    """Render the PDF of a page that was just published, unless it is current already."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return
    page = page.specific
    if not isinstance(page, PAGE_TYPES) or not page.live or stored_document(page):
        return
    store(page)


def connect():
    for model in PAGE_TYPES:
        page_published.connect(_published, sender=model, dispatch_uid=f"outputs_pdf_{model}")
        page_unpublished.connect(
            _unpublished, sender=model, dispatch_uid=f"outputs_pdf_removed_{model}"
        )
    post_delete.connect(_delete_file, sender=OutputDocument, dispatch_uid="outputs_pdf_file")


def _published(sender, instance, **kwargs):
    page_id = instance.pk

    def enqueue():
        try:
            render_pdf_task.enqueue(page_id)
        except Exception:  # the page is published; its PDF is then rendered when asked for
            logger.exception("Could not render the PDF of page %s after publishing.", page_id)

    transaction.on_commit(enqueue)


def _unpublished(sender, instance, **kwargs):
    remove(instance.pk)


def _delete_file(sender, instance, **kwargs):
    name = instance.file.name
    if name:
        transaction.on_commit(lambda: instance.file.storage.delete(name))


def _live(page):
    page = page.specific
    if not isinstance(page, PAGE_TYPES):
        raise TypeError(f"No PDF for pages of type {type(page).__name__}.")
    # The stored row is the live content (drafts live in revisions): never an edited copy.
    page = type(page).objects.select_related("locale").filter(pk=page.pk).first()
    if page is None or not page.live:
        raise NotLive("Only live pages have a PDF.")
    return page


def _current(page):
    document = stored_document(page)
    if document is not None:
        try:
            with document.file.open("rb") as handle:
                return document, handle.read()
        except OSError:
            logger.warning("The PDF of page %s is missing; rendering it again.", page.pk)
    return store(page)


def _template(page):
    # "outputs/key_messages_page.html" -> "outputs/pdf/key_messages_page.html"
    app, name = page.template.split("/", 1)
    return f"{app}/pdf/{name}"


def _content(page):
    if isinstance(page, WorkingGroupReportPage):
        return {
            "recommendations": list(page.recommendations.prefetch_related("addressees", "themes")),
            "gaps": [
                (label, text)
                for label, text in (
                    (translation.gettext("National level"), page.gaps_national),
                    (translation.gettext("Regional level"), page.gaps_regional),
                    (translation.gettext("International level"), page.gaps_international),
                )
                if text
            ],
        }
    return {}


def _description(page):
    text = (
        page.search_description or getattr(page, "summary", "") or getattr(page, "introduction", "")
    )
    return Truncator(" ".join(strip_tags(text).split())).chars(300)


def _keywords(page, edition):
    words = []
    if edition is not None:
        words.append(edition.title)
        words += [topic.name for topic in edition.topics.all()]
    words.append(str(type(page)._meta.verbose_name))
    return words


def _site_root(page):
    site = page.get_site()
    root = site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL
    return root.rstrip("/") + "/"


def _local_fetcher():
    """Images of the page from the media storage; nothing from the network, nothing else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    media = urlsplit(settings.MEDIA_URL).path.rstrip("/") + "/images/"

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = unquote(urlsplit(url).path)
            if not path.startswith(media) or ".." in PurePosixPath(path).parts:
                raise ValueError(f"Not fetched for a PDF: {url}")
            name = path.removeprefix(urlsplit(settings.MEDIA_URL).path.rstrip("/") + "/")
            with default_storage.open(name, "rb") as handle:
                return URLFetcherResponse(url, handle.read())

    return LocalFetcher()


def _complete_glyph_maps():
    """Map every drawn glyph to its own character in the PDF's ToUnicode maps.

    WeasyPrint 70 maps each glyph to the text of the cluster where it is first drawn, the
    whole text going to the cluster's last glyph and nothing to the others. HarfBuzz's Thai
    shaper always draws SARA AM (U+0E33) as two glyphs, NIKHAHIT and SARA AA, so "สำคัญ"
    read back from the PDF as "สาคัญ" in every Thai font installed, or, when "น้ำ" came
    first, every later SARA AA read back as "้ำ". Before the fonts are written, a glyph that
    is the font's own glyph for a character (its cmap, or a single substitution of such a
    glyph, like a tone mark set lower) and is mapped to anything else gets that character;
    SARA AM then reads back as NIKHAHIT and SARA AA, its Unicode decomposition, and no
    mark is lost. Ligatures (no character of their own) keep WeasyPrint's cluster text.
    Installed once around the function that WeasyPrint 70.0 (pinned) calls to write its
    fonts; a version without that function keeps its own behaviour.
    """
    import weasyprint.pdf

    original = getattr(weasyprint.pdf, "build_fonts_dictionary", None)
    if original is None or getattr(original, "completes_glyph_maps", False):
        return

    def build_fonts_dictionary(pdf, fonts, *args, **kwargs):
        for font in fonts.values():
            _complete_glyph_map(font)
        return original(pdf, fonts, *args, **kwargs)

    build_fonts_dictionary.completes_glyph_maps = True
    weasyprint.pdf.build_fonts_dictionary = build_fonts_dictionary


# {(font file hash, face index): (characters of each glyph, ttfont)}, kept per process.
_FONT_CHARACTERS = {}


def _complete_glyph_map(font):
    if not getattr(font, "file_content", None) or not any(
        len(text) != 1 for text in font.to_unicode.values()
    ):
        # No glyph left without text nor holding a cluster's: no cluster of several glyphs.
        return
    try:
        characters, ttfont = _font_characters(font)
        variants = None
        for glyph, text in font.to_unicode.items():
            own = characters.get(glyph)
            if own:
                if text not in own and _nfkc(text) != _nfkc(own[0]):
                    # "ffi" stays on the ffi ligature, whose own character is U+FB03.
                    font.to_unicode[glyph] = own[0]
            elif not text:
                if variants is None:
                    variants = _variant_characters(ttfont, characters)
                if glyph in variants:
                    font.to_unicode[glyph] = variants[glyph]
    except Exception:  # a font fontTools cannot read keeps WeasyPrint's own map
        logger.warning("Could not read the character map of %s.", font.name, exc_info=True)


def _nfkc(text):
    return unicodedata.normalize("NFKC", text)


def _font_characters(font):
    from fontTools.ttLib import TTFont

    key = (font.hash, font.index)
    if key not in _FONT_CHARACTERS:
        ttfont = TTFont(io.BytesIO(font.file_content), fontNumber=font.index, lazy=True)
        characters = {}
        for codepoint, name in sorted(ttfont.getBestCmap().items()):
            characters.setdefault(ttfont.getGlyphID(name), []).append(chr(codepoint))
        _FONT_CHARACTERS[key] = (characters, ttfont)
    return _FONT_CHARACTERS[key]


def _variant_characters(ttfont, characters):
    """{glyph: character} of the glyphs that single substitutions draw for a character."""
    variants = {}
    if "GSUB" not in ttfont or not ttfont["GSUB"].table.LookupList:
        return variants
    for lookup in ttfont["GSUB"].table.LookupList.Lookup:
        for subtable in lookup.SubTable:
            if lookup.LookupType == 7:
                subtable = subtable.ExtSubTable
            if subtable.LookupType != 1:
                continue
            for source, variant in subtable.mapping.items():
                own = characters.get(ttfont.getGlyphID(source))
                if own:
                    variants.setdefault(ttfont.getGlyphID(variant), own[0])
    return variants
