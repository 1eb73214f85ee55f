"""What the archive index holds, and keeping it in step with the page tree.

One document per recommendation of a live Working Group Report, per language, and one
per live page of the series, per language: folded text, edition (number, year), working
group, themes, addressees, level, content type, language, date and link. Drafts are never
indexed. Documents are rebuilt per translation group (a page and all its translations),
so that each knows in which languages it exists (for the fallback to English).
"""

import datetime
import logging
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, get_page_models

from search import languages
from search.backends import write_backends
from search.events import archive_index_changed
from search.text import fold, index_text, plain_text

logger = logging.getLogger(__name__)


def _option(name, default):
    return getattr(settings, "ARCHIVE_SEARCH", {}).get(name, default)


@dataclass
class IndexDocument:
    kind: str
    page_id: int
    language: str
    translation_key: str
    title: str
    url: str
    text: str
    path: str
    recommendation_id: int | None = None
    identifier: str = ""
    translated_into: list = field(default_factory=list)
    edition_number: int | None = None
    edition_year: int | None = None
    edition_title: str = ""
    working_group_number: int | None = None
    working_group_title: str = ""
    level: str = ""
    themes: list = field(default_factory=list)
    addressees: list = field(default_factory=list)
    date: datetime.date | None = None
    extra_text: str = ""

    @property
    def key(self):
        """A stable id: one per recommendation or page (each is in one language)."""
        if self.recommendation_id:
            return f"recommendation-{self.recommendation_id}"
        return f"page-{self.page_id}"

    @property
    def search_text(self):
        heading = (
            self.identifier if self.identifier == self.title else f"{self.identifier} {self.title}"
        )
        searchable = " ".join(part for part in (heading, self.text) if part.strip())
        if self.extra_text:
            searchable += " " + self.extra_text
        return index_text(searchable, limit=_option("MAX_INDEXED_CHARACTERS", 500_000))

    def entry_fields(self):
        """The fields of the database backend's ``ArchiveEntry``."""
        return {
            "kind": self.kind,
            "page_id": self.page_id,
            "recommendation_id": self.recommendation_id,
            "language": self.language,
            "translation_key": self.translation_key,
            "translated_into": "|" + "|".join(sorted(self.translated_into)) + "|",
            "title": self.title[:255],
            "identifier": self.identifier,
            "url": self.url,
            "text": self.text[: _option("MAX_SNIPPET_SOURCE", 20_000)],
            "search_text": self.search_text,
            "search_config": languages.postgres_config(self.language),
            "edition_number": self.edition_number,
            "edition_year": self.edition_year,
            "edition_title": self.edition_title[:255],
            "working_group_number": self.working_group_number,
            "working_group_title": self.working_group_title[:255],
            "level": self.level,
            "themes": list(self.themes),
            "addressees": list(self.addressees),
            "date": self.date,
        }


# What is indexed ---------------------------------------------------------------------


def _series_models():
    from seminar_pages.models import SeminarBasePage

    return [model for model in get_page_models() if issubclass(model, SeminarBasePage)]


def indexable_pages():
    """Live pages of the series, aliases left out (their source is indexed)."""
    content_types = ContentType.objects.get_for_models(*_series_models()).values()
    return Page.objects.live().filter(content_type__in=list(content_types), alias_of__isnull=True)


def working_group_label(group):
    """The group's title with its theme, the theme once: titles often carry it already."""
    if not group.theme or fold(group.theme) in fold(group.title):
        return group.title
    return f"{group.title}: {group.theme}"


class _Context:
    """Editions, working groups and languages, read once per batch of documents."""

    def __init__(self):
        from seminar_pages.models import EditionPage, WorkingGroupPage

        self.editions = {
            edition.path: edition
            for edition in EditionPage.objects.only("path", "title", "number", "year", "start_date")
        }
        self.groups = {
            group.path: group
            for group in WorkingGroupPage.objects.only("path", "title", "number", "theme")
        }
        self.languages = dict(Locale.objects.values_list("pk", "language_code"))

    @staticmethod
    def _nearest(mapping, path):
        for depth in range(len(path) // Page.steplen, 0, -1):
            found = mapping.get(path[: depth * Page.steplen])
            if found is not None:
                return found
        return None

    def describe(self, path):
        """Edition and working group fields of a document at ``path``."""
        fields = {}
        edition = self._nearest(self.editions, path)
        if edition is not None:
            fields.update(
                edition_number=edition.number,
                edition_year=edition.year,
                edition_title=edition.title,
                date=edition.start_date or datetime.date(edition.year, 1, 1),
            )
        group = self._nearest(self.groups, path)
        if group is not None:
            fields.update(
                working_group_number=group.number, working_group_title=working_group_label(group)
            )
        return fields


@lru_cache(maxsize=256)
def _pdf_text(document_id, file_name, file_size):
    from pypdf import PdfReader

    document = get_document_model().objects.get(pk=document_id)
    limit = _option("MAX_PDF_CHARACTERS", 400_000)
    parts, size = [], 0
    try:
        with document.file.open("rb") as handle:
            reader = PdfReader(handle)
            for pdf_page in reader.pages[: _option("MAX_PDF_PAGES", 300)]:
                text = pdf_page.extract_text() or ""
                parts.append(text)
                size += len(text)
                if size >= limit:
                    break
    except Exception:  # pypdf raises many kinds of errors on broken files
        logger.warning("Could not read the text of PDF document %s", document_id, exc_info=True)
        return ""
    return plain_text(" ".join(parts))[:limit]


def document_text(document):
    """The text of a public PDF document; nothing from a private collection, or on error."""
    from seminar_pages import access

    if document is None or not document.file.name.lower().endswith(".pdf"):
        return ""
    if not access.document_is_public(document):
        return ""
    try:
        size = document.file.size
    except OSError:
        logger.warning("The file of document %s is missing", document.pk)
        return ""
    return _pdf_text(document.pk, document.file.name, size)


def page_text(page):
    """The visible text of a page's searchable fields (its title apart)."""
    from wagtail.search import index

    parts = []
    for search_field in page.get_search_fields():
        if not isinstance(search_field, index.SearchField) or search_field.field_name in (
            "title",
            "search_description",
        ):
            continue
        value = search_field.get_value(page)
        if isinstance(value, list | tuple):
            value = " ".join(str(item) for item in value)
        if value:
            parts.append(plain_text(str(value)))
    return " ".join(parts)


def _documents_of(page):
    document_model = get_document_model()
    return [
        getattr(page, model_field.name)
        for model_field in page._meta.concrete_fields
        if model_field.is_relation and model_field.related_model is document_model
    ]


def page_document(page, context):
    specific = page.specific
    url = specific.get_url()
    if not url:
        return None
    language = context.languages.get(page.locale_id, languages.default_language())
    described = context.describe(page.path)
    document = IndexDocument(
        kind=specific._meta.model_name,
        page_id=page.pk,
        language=language,
        translation_key=str(page.translation_key),
        title=page.title,
        url=url,
        text=page_text(specific),
        path=page.path,
        extra_text=" ".join(document_text(doc) for doc in _documents_of(specific)),
        **described,
    )
    if document.date is None and page.last_published_at:
        document.date = page.last_published_at.date()
    return document


def recommendation_documents(report_pages, context):
    """Documents of the recommendations of these (live) report pages."""
    from django.urls import reverse

    from outputs.models import Recommendation

    reports = {page.pk: page for page in report_pages}
    if not reports:
        return
    recommendations = (
        Recommendation.objects.filter(page_id__in=list(reports))
        .exclude(identifier="")
        .prefetch_related("addressees", "themes")
        .order_by("page_id", "sort_order", "pk")
    )
    for recommendation in recommendations.iterator(chunk_size=2000):
        report = reports[recommendation.page_id]
        yield IndexDocument(
            kind="recommendation",
            page_id=report.pk,
            recommendation_id=recommendation.pk,
            language=context.languages.get(recommendation.locale_id, report.language),
            translation_key=str(recommendation.translation_key),
            title=recommendation.identifier,
            identifier=recommendation.identifier,
            url=reverse("outputs:recommendation", args=[recommendation.identifier]),
            text=recommendation.text,
            path=report.path,
            level=recommendation.level,
            themes=sorted({topic.slug for topic in recommendation.themes.all()}),
            addressees=[addressee.code for addressee in recommendation.addressees.all()],
            **context.describe(report.path),
        )


def build_documents(pages, context=None):
    """Documents of these pages (live ones of the series) and of their recommendations."""
    from outputs.models import WorkingGroupReportPage

    context = context or _Context()
    report_type = ContentType.objects.get_for_model(WorkingGroupReportPage).pk
    documents, reports = [], []
    for page in pages.filter(pk__in=indexable_pages().values("pk")).select_related("locale"):
        document = page_document(page, context)
        if document is None:
            continue
        documents.append(document)
        if page.content_type_id == report_type:
            page.language = document.language
            reports.append(page)
    documents.extend(recommendation_documents(reports, context))
    translated = {}
    for document in documents:
        translated.setdefault(document.translation_key, set()).add(document.language)
    for document in documents:
        document.translated_into = sorted(translated[document.translation_key])
    return documents


# Keeping it fresh --------------------------------------------------------------------


def _after_commit(backend, action):
    """Run a write to an external backend once the transaction commits; log failures."""

    def run():
        try:
            action()
        except Exception:
            logger.exception(
                "The %s archive index could not be updated; run rebuild_archive_index.",
                backend.name,
            )

    transaction.on_commit(run)


def _announce(page_ids):
    """Tell the receivers of ``archive_index_changed``, after the writes before it."""
    transaction.on_commit(lambda: archive_index_changed.send(sender=None, page_ids=page_ids))


def _write(page_ids, documents):
    for backend in write_backends():
        if backend.name == "database":
            backend.replace_pages(page_ids, documents)
        else:
            _after_commit(backend, lambda b=backend: b.replace_pages(page_ids, documents))
    # Registered after the external writes: on_commit runs them in order.
    _announce(list(page_ids))


def reindex_translation_keys(keys):
    """Rebuild the documents of every page with one of these translation keys."""
    keys = list(set(keys))
    if not keys:
        return
    pages = Page.objects.filter(translation_key__in=keys)
    page_ids = list(pages.values_list("pk", flat=True))
    _write(page_ids, build_documents(pages))


def reindex_pages(pages, descendants=False):
    """Rebuild the documents of these pages, their translations and (optionally) subtrees.

    Args:
        pages: page instances.
        descendants: also every page below them (after a move, or when what a page gives
            its descendants, edition and working group and address, changed).
    """
    keys = {page.translation_key for page in pages}
    if descendants:
        for page in pages:
            keys |= set(Page.objects.descendant_of(page).values_list("translation_key", flat=True))
    reindex_translation_keys(keys)


def pages_with_document(document):
    """The pages that carry ``document``'s text (through a document field)."""
    document_model = get_document_model()
    pages = []
    for model in _series_models():
        for model_field in model._meta.concrete_fields:
            if model_field.is_relation and model_field.related_model is document_model:
                pages += list(model.objects.filter(**{model_field.attname: document.pk}))
    return pages


def reindex_document_pages(pages):
    """Rebuild the documents of ``pages`` after a document of theirs changed."""
    if pages:
        _pdf_text.cache_clear()
        reindex_pages(pages)


def forget_pages(page_ids):
    """Drop the documents of deleted pages from every backend."""
    _write(list(page_ids), [])


def rebuild(backends=None, progress=None, batch_size=200):
    """Rebuild the whole index of each backend; returns the number of documents.

    Args:
        backends: the backends to rebuild (default: every written backend).
        progress: called with (done, total) after each batch.
        batch_size: pages per batch.
    """
    from outputs.models import Recommendation

    backends = backends if backends is not None else write_backends()
    for backend in backends:
        backend.check()
    rows = list(
        indexable_pages().order_by("translation_key", "path").values_list("pk", "translation_key")
    )
    page_ids = [pk for pk, _key in rows]
    total = len(page_ids) + Recommendation.objects.filter(page_id__in=page_ids).count()
    for backend in backends:
        backend.clear()
    # Batches never split a translation group: each document knows its languages.
    batches, batch = [], []
    for position, (pk, key) in enumerate(rows):
        batch.append(pk)
        following = rows[position + 1][1] if position + 1 < len(rows) else None
        if len(batch) >= batch_size and following != key:
            batches.append(batch)
            batch = []
    if batch:
        batches.append(batch)
    context, done = _Context(), 0
    for batch in batches:
        documents = build_documents(Page.objects.filter(pk__in=batch), context)
        for backend in backends:
            backend.add(documents)
        done = min(total, done + len(documents))
        if progress:
            progress(done, total)
    _announce([])
    return done
