"""Purges the page cache (and any frontend cache) when what readers see changes."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from operations import purge
from search.events import archive_index_changed
from seminar_pages.events import page_closed, page_opened
from seminar_pages.models import Topic


def _purge_on_commit(urls):
    urls = list(urls)
    transaction.on_commit(lambda: purge_urls_from_cache(urls))


def page_changed(sender, instance, **kwargs):
    _purge_on_commit(purge.urls_for_page_event(instance))


def page_access_changed(sender, instance, **kwargs):
    _purge_on_commit(purge.urls_for_page_event(instance, subtree=True))


def view_restriction_changed(sender, instance, **kwargs):
    # A password or login restriction covers the page and every page below it. Deleted
    # with its page, it leaves the purge to ``page_deleting``.
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        _purge_on_commit(purge.urls_for_page_event(page.specific, subtree=True))


def page_moved(sender, instance, parent_page_before, url_path_before, **kwargs):
    _purge_on_commit(purge.urls_for_move(instance, parent_page_before, url_path_before))


def page_deleting(sender, instance, **kwargs):
    # Computed before the rows go: afterwards the page has no ancestors and no URL.
    if instance.depth > 1:
        _purge_on_commit(purge.urls_for_page_event(instance))


def topic_changed(sender, instance, **kwargs):
    _purge_on_commit(purge.urls_for_topic(instance))


def document_changed(sender, instance, **kwargs):
    _purge_on_commit(purge.urls_for_document(instance))


def index_changed(sender, page_ids, **kwargs):
    # Sent after the commit (and the external index's refresh) already.
    purge_urls_from_cache(purge.search_urls())


def connect():
    page_published.connect(page_changed, dispatch_uid="page_cache_published")
    page_unpublished.connect(page_changed, dispatch_uid="page_cache_unpublished")
    page_closed.connect(page_access_changed, dispatch_uid="page_cache_closed")
    page_opened.connect(page_access_changed, dispatch_uid="page_cache_opened")
    for signal in (post_save, post_delete):
        signal.connect(
            view_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"page_cache_view_restriction_{signal is post_save}",
        )
    post_page_move.connect(page_moved, dispatch_uid="page_cache_moved")
    archive_index_changed.connect(index_changed, dispatch_uid="page_cache_search")
    pre_delete.connect(page_deleting, sender=Page, dispatch_uid="page_cache_deleting")
    post_save.connect(topic_changed, sender=Topic, dispatch_uid="page_cache_topic_saved")
    pre_delete.connect(topic_changed, sender=Topic, dispatch_uid="page_cache_topic_deleting")
    document = get_document_model()
    post_save.connect(document_changed, sender=document, dispatch_uid="page_cache_doc_saved")
    pre_delete.connect(document_changed, sender=document, dispatch_uid="page_cache_doc_deleting")
