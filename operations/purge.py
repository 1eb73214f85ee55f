"""What to purge when content changes: the pages that show it, and nothing else.

Wagtail's frontend cache purges a published page's own URLs. A page of this site is also
shown by others, and those are computed here (``dependent_pages``):

- its translations (each one's language switcher lists the others) and the translations
  of its listing pages: listings are built on the English tree and shown in the reader's
  language, so a French edition page shows the English report that has no translation;
- its listing pages: its ancestors up to its edition (an edition page lists its documents,
  working groups and their reports), or for an edition the archive and the home page;
- the pages that refer to it or to its recommendations in Wagtail's reference index (Key
  Messages carrying a recommendation) and the pages it refers to that way (a report shows
  where its recommendations were carried forward).

Besides pages, a page event purges ``/sitemap.xml``, and an output or an edition its
Atom feeds in every language. Recommendation permalinks answer redirects, which the page
cache never stores. The URLs go through Wagtail's ``purge_urls_from_cache``, so every
backend of ``WAGTAILFRONTENDCACHE`` (this site's own cache, a CDN) receives the same list.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.contrib.frontend_cache.utils import PurgeBatch, purge_urls_from_cache
from wagtail.models import Page, ReferenceIndex

from operations import page_cache


class PageCacheBackend(BaseBackend):
    """Wagtail frontend-cache backend that forgets this site's own stored pages by URL."""

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        page_cache.purge_paths(urlsplit(url).path for url in urls)


def _family(pages):
    keys = {page.translation_key for page in pages}
    return Page.objects.filter(translation_key__in=keys)


def listing_pages(page):
    """The ancestors whose pages list ``page``."""
    return listing_pages_under(page.get_parent()) if page.depth > 1 else []


def listing_pages_under(parent):
    """The pages that list a child of ``parent``: ``parent`` and its listing ancestors."""
    from seminar_pages.models import EditionPage

    if parent is None:
        return []
    ancestors = list(parent.get_ancestors(inclusive=True).filter(depth__gt=1).specific())
    editions = [i for i, a in enumerate(ancestors) if isinstance(a, EditionPage)]
    return ancestors[editions[-1] :] if editions else ancestors


def _recommendation_ids(pages):
    from outputs.models import Recommendation

    return list(Recommendation.objects.filter(page__in=pages).values_list("pk", flat=True))


def referring_pages(pages):
    """Pages that refer to ``pages`` or their recommendations, and those ``pages`` refer to."""
    from outputs.models import Recommendation

    page_type = ContentType.objects.get_for_model(Page)
    recommendation_type = ContentType.objects.get_for_model(Recommendation)
    page_ids = [str(page.pk) for page in pages]
    recommendation_ids = [str(pk) for pk in _recommendation_ids(pages)]
    inbound = ReferenceIndex.objects.filter(base_content_type=page_type).filter(
        to_content_type=page_type, to_object_id__in=page_ids
    ) | ReferenceIndex.objects.filter(base_content_type=page_type).filter(
        to_content_type=recommendation_type, to_object_id__in=recommendation_ids
    )
    outbound = ReferenceIndex.objects.filter(base_content_type=page_type, object_id__in=page_ids)
    # The index stores ids as text: compared as lists, never as subqueries (PostgreSQL).
    ids = {int(pk) for pk in inbound.values_list("object_id", flat=True)}
    ids |= {
        int(pk)
        for pk in outbound.filter(to_content_type=page_type).values_list("to_object_id", flat=True)
    }
    carried = outbound.filter(to_content_type=recommendation_type).values_list(
        "to_object_id", flat=True
    )
    ids |= set(
        Recommendation.objects.filter(pk__in=[int(pk) for pk in carried]).values_list(
            "page_id", flat=True
        )
    )
    return list(Page.objects.filter(pk__in=ids))


def dependent_pages(page):
    """``page``'s translations, listing pages (in every language) and referring pages."""
    family = list(_family([page]))
    listings = [listing for member in family for listing in listing_pages(member)]
    shown = set(family) | set(_family(listings))
    shown |= set(referring_pages(family))
    return shown


def feed_urls(page):
    """The feeds that list ``page`` if it is an output or an edition, in every language."""
    from outputs.models import OutputPage, WorkingGroupReportPage
    from seminar_pages.models import EditionPage

    page = page.specific
    if isinstance(page, EditionPage):
        edition = page
    elif isinstance(page, OutputPage | WorkingGroupReportPage):
        edition = EditionPage.objects.ancestor_of(page).first()
    else:
        return []
    names = [("outputs_feeds:outputs", {}), ("outputs_feeds:recommendations", {})]
    if edition is not None:
        names += [
            (f"outputs_feeds:edition_{kind}", {"edition": edition.number})
            for kind in ("outputs", "recommendations")
        ]
        names += [
            (f"outputs_feeds:theme_{kind}", {"theme": slug})
            for slug in edition.topics.values_list("slug", flat=True)
            for kind in ("outputs", "recommendations")
        ]
    return [
        _absolute(name, kwargs, code) for code, _ in settings.LANGUAGES for name, kwargs in names
    ]


def _absolute(name, kwargs, language=None):
    with translation.override(language):
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def page_urls(pages, extra=()):
    """Every cached URL of ``pages`` (with ``get_cached_paths``), and ``extra`` ones."""
    batch = PurgeBatch(extra)
    batch.add_pages(pages)
    return batch.urls


def urls_for_page_event(page, subtree=False):
    """What a published, unpublished, deleted, closed or opened page is shown on."""
    pages = set(dependent_pages(page))
    if subtree:
        for member in _family([page]):
            pages |= set(member.get_descendants())
    return page_urls(pages, [_absolute("sitemap", {}), *feed_urls(page)])


def purge_page_event(page, subtree=False):
    purge_urls_from_cache(urls_for_page_event(page, subtree=subtree))


def urls_for_topic(topic):
    """A topic is shown on the archive (its filter), its editions and their theme feeds."""
    from seminar_pages.models import EditionIndexPage, EditionPage, Topic

    family = Topic.objects.filter(translation_key=topic.translation_key)
    editions = EditionPage.objects.filter(topics__in=family).distinct()
    pages = set(_family(list(editions))) | set(_family(list(EditionIndexPage.objects.all())))
    slugs = set(family.values_list("slug", flat=True)) | {topic.slug}
    feeds = [
        _absolute(f"outputs_feeds:theme_{kind}", {"theme": slug}, code)
        for code, _ in settings.LANGUAGES
        for slug in slugs
        for kind in ("outputs", "recommendations")
    ]
    return page_urls(pages, feeds)


def urls_for_document(document):
    """A document is shown by the pages that refer to it (and their translations)."""
    page_type = ContentType.objects.get_for_model(Page)
    ids = ReferenceIndex.get_references_to(document).filter(base_content_type=page_type)
    pages = Page.objects.filter(pk__in=[int(pk) for pk in ids.values_list("object_id", flat=True)])
    return page_urls(set(_family(list(pages))))


def urls_for_move(page, parent_before, url_path_before):
    """A moved page: its subtree at both addresses, and the listings of both places."""
    page = Page.objects.get(pk=page.pk).specific
    urls = urls_for_page_event(page, subtree=True)
    urls |= page_urls(set(_family(listing_pages_under(parent_before))))
    new_url = page.get_full_url()
    site = page.get_site()
    if new_url is None or site is None:
        return urls
    root_path = site.root_page.url_path
    tail_after = page.url_path.removeprefix(root_path)
    if not url_path_before.startswith(root_path) or not new_url.endswith(tail_after):
        return urls
    old_tail = url_path_before.removeprefix(root_path).rstrip("/") + "/"
    old_url = new_url[: len(new_url) - len(tail_after)] + old_tail
    for url in page_urls(page.get_descendants(inclusive=True)):
        if url.startswith(new_url):
            urls.add(old_url + url[len(new_url) :])
    return urls
