"""Keep the archive index in step with the page tree.

The database index is written before the response returns; Elasticsearch after commit
(``search.indexing``). Closing or opening a page needs nothing here: both backends apply
the access policy when they search. Recommendations change with their report's publish.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from search import indexing
from search.models import ArchiveEntry


def _gives_descendants_context(page):
    """Whether a change of ``page`` changes the documents below it (edition, group, URL)."""
    from seminar_pages.models import EditionPage, WorkingGroupPage

    if isinstance(page.specific, EditionPage | WorkingGroupPage):
        return True
    stored = ArchiveEntry.objects.filter(page_id=page.pk, recommendation=None).first()
    return stored is not None and stored.url != page.specific.get_url()


def page_changed(sender, instance, **kwargs):
    indexing.reindex_pages([instance], descendants=_gives_descendants_context(instance))


def page_unpublished_handler(sender, instance, **kwargs):
    indexing.reindex_pages([instance])


def page_moved(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    # A move (or a reorder in the explorer) also shifts the tree paths of the siblings'
    # subtrees, which the Elasticsearch index stores: reindex below both parents.
    parents = [page for page in (parent_page_before, parent_page_after) if page is not None]
    indexing.reindex_pages([instance, *parents], descendants=True)


def document_saved(sender, instance, **kwargs):
    """A document moved into a private collection or replaced: the pages that carry its
    text are indexed again (a private document's text never enters the index)."""
    indexing.reindex_document_pages(indexing.pages_with_document(instance))


def document_deleting(sender, instance, **kwargs):
    # Its pages lose the link when it is deleted: find them while the link is there.
    instance._archive_pages = indexing.pages_with_document(instance)


def document_deleted(sender, instance, **kwargs):
    indexing.reindex_document_pages(getattr(instance, "_archive_pages", []))


def page_deleted(sender, instance, **kwargs):
    indexing.forget_pages([instance.pk])
    # Its translations no longer exist in its language: they may now be fallbacks.
    indexing.reindex_translation_keys([instance.translation_key])


def connect():
    page_published.connect(page_changed, dispatch_uid="archive_search_published")
    page_unpublished.connect(page_unpublished_handler, dispatch_uid="archive_search_unpublished")
    post_page_move.connect(page_moved, dispatch_uid="archive_search_moved")
    post_delete.connect(page_deleted, sender=Page, dispatch_uid="archive_search_deleted")
    document_model = get_document_model()
    post_save.connect(document_saved, sender=document_model, dispatch_uid="archive_search_doc")
    pre_delete.connect(
        document_deleting, sender=document_model, dispatch_uid="archive_search_doc_deleting"
    )
    post_delete.connect(
        document_deleted, sender=document_model, dispatch_uid="archive_search_doc_deleted"
    )
