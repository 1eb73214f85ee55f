"""What to purge when content changes: the pages that show it, and nothing else.

Wagtail's frontend cache purges a published page's own URLs. A page of this site is also
shown by others, and those are computed here (``dependent_pages``):

- its translations (each one's language switcher lists the others), its aliases, and the
  translations of its listing pages: listings are built on the English tree and shown in
  the reader's language, so a French edition page shows the English report that has no
  translation;
- the addresses at which an English page is served in the languages that lack it: their
  tree as far as it has live translations, then the English slugs
  (``SeminarSeriesPage.route``), so ``/fr/<French edition>/<English group>/``;
- its listing pages: its ancestors up to its edition (an edition page lists its documents,
  working groups and their reports), or for an edition the archive and the home page;
- the pages below it, which name it in their breadcrumb and citation;
- the pages that refer to it or to its recommendations in Wagtail's reference index (Key
  Messages carrying a recommendation) and the pages it refers to that way (a report shows
  where its recommendations were carried forward).

Besides pages, a page event purges ``/sitemap.xml``, the citation downloads of the page
and of the pages below it (and of their recommendations), and an output or an edition (or
a page above outputs that is closed or opened) its Atom feeds in every language. The search
page and the API's JSON answers (``search_urls``: every query string of them at once) are
purged whenever the archive index changes (``search.events.archive_index_changed``), and
when what they may show changes without it: a page closed or opened, a view restriction,
a topic's name (their facet labels).
Recommendation permalinks answer redirects, which the page cache never stores. The URLs go
through Wagtail's ``purge_urls_from_cache``, so every backend of ``WAGTAILFRONTENDCACHE``
(this site's own cache, a CDN) receives the same list.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.contrib.frontend_cache.utils import PurgeBatch, purge_urls_from_cache
from wagtail.models import Locale, Page, ReferenceIndex, Site

from operations import page_cache


class PageCacheBackend(BaseBackend):
    """Wagtail frontend-cache backend that forgets this site's own stored pages by URL."""

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        page_cache.purge_paths(urlsplit(url).path for url in urls)


def _family(pages):
    """``pages``, their translations, and the aliases of any of them (in any language)."""
    keys = {page.translation_key for page in pages}
    members = Page.objects.filter(translation_key__in=keys).values("pk")
    return Page.objects.filter(Q(translation_key__in=keys) | Q(alias_of__in=members))


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


def feed_urls(page, subtree=False):
    """The feeds that list ``page`` if it is an output or an edition, in every language;
    with ``subtree``, also if an output lies below it."""
    from outputs.models import OutputPage, WorkingGroupReportPage
    from seminar_pages.models import EditionPage

    page = page.specific
    outputs = (OutputPage, WorkingGroupReportPage)
    if isinstance(page, EditionPage):
        edition = page
    elif isinstance(page, outputs) or (subtree and page.get_descendants().type(*outputs).exists()):
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
    """Every cached URL of ``pages`` (with ``get_cached_paths``), in every language that
    serves them, and ``extra`` ones."""
    batch = PurgeBatch(extra)
    batch.add_pages(pages)
    return set(batch.urls) | fallback_urls(pages)


def fallback_urls(pages):
    """The URLs at which the English pages among ``pages`` are served in the languages that
    have no live translation of them (every path of ``get_cached_paths``)."""
    return {
        base + path.lstrip("/")
        for page, _, base in _fallback_bases(pages)
        for path in page.specific_deferred.get_cached_paths()
    }


def _fallback_bases(pages):
    """(page, language, URL) for each English page among ``pages`` and each language that
    has no live translation of it.

    A language's tree is followed from the site's root as far as it holds live translations
    of the page's ancestors, each the child of the one before; from there the English
    slugs lead, as ``SeminarSeriesPage.route`` routes.
    """
    source = Locale.get_default()
    pages = [page for page in pages if page.locale_id == source.pk]
    if not pages:
        return
    # Wagtail's own list of site roots (cached, most specific first).
    roots = Site.get_site_root_paths()
    chains = []
    for page in pages:
        root = next((root for root in roots if page.url_path.startswith(root.root_path)), None)
        if root is not None:
            chains.append((page, root.root_url, root.root_path.count("/")))
    paths = {
        page.path[: Page.steplen * depth]
        for page, _, root_depth in chains
        for depth in range(root_depth, page.depth + 1)
    }
    english = {
        page.path: page
        for page in Page.objects.filter(path__in=paths).only("path", "slug", "translation_key")
    }
    translated = {
        (key, code): (path, slug)
        for key, code, path, slug in Page.objects.filter(
            translation_key__in={page.translation_key for page in english.values()}, live=True
        )
        .exclude(locale=source)
        .values_list("translation_key", "locale__language_code", "path", "slug")
    }
    for page, root_url, root_depth in chains:
        chain = [
            english.get(page.path[: Page.steplen * d]) for d in range(root_depth, page.depth + 1)
        ]
        if None in chain:
            continue
        for code, _ in settings.LANGUAGES:
            if code == source.language_code or (page.translation_key, code) in translated:
                continue
            slugs = [member.slug for member in chain[1:]]
            parent = translated.get((chain[0].translation_key, code))
            for i, member in enumerate(chain[1:]):
                found = translated.get((member.translation_key, code))
                if parent is None or found is None or found[0][: -Page.steplen] != parent[0]:
                    break
                slugs[i] = found[1]
                parent = found
            tail = "".join(f"{slug}/" for slug in slugs)
            with translation.override(code):
                yield page, code, root_url + reverse("wagtail_serve", args=[tail])


def _language_bases(page):
    """{language: the URL at which ``page`` is read in it}: its own, its live translations',
    and the fallback addresses in the other languages."""
    bases = {
        member.locale.language_code: member.get_full_url()
        for member in [page, *page.get_translations().live().select_related("locale")]
    }
    bases |= {code: url for _, code, url in _fallback_bases([page])}
    return {code: url for code, url in bases.items() if url is not None}


def search_urls():
    """The search page in every language and the recommendations API: a purge of a path
    drops every query string stored under it. (The CSV is streamed, never stored.)"""
    urls = {_absolute("search:page", {}, code) for code, _ in settings.LANGUAGES}
    return urls | {_absolute("search_api:recommendations", {})}


def citation_urls(pages):
    """The citation downloads of ``pages`` and of their recommendations, in every format
    and language (``outputs.citation_urls``): each names its page, recommendation and
    edition."""
    from outputs.citation import FORMATS
    from outputs.models import Recommendation

    page_ids = {page.pk for page in pages}
    identifiers = set(
        Recommendation.objects.filter(page_id__in=page_ids)
        .exclude(identifier="")
        .values_list("identifier", flat=True)
    )
    return {
        _absolute(f"outputs_citations:{kind}_{name}", {argument: value}, code)
        for code, _ in settings.LANGUAGES
        for name in FORMATS
        for kind, argument, values in (
            ("page", "page_id", page_ids),
            ("recommendation", "identifier", identifiers),
        )
        for value in values
    }


def urls_for_page_event(page, subtree=False):
    """What a published, unpublished, deleted, closed or opened page is shown on.

    The pages below it go too, with their citations: each names its ancestors (the
    breadcrumb, "Cite this": an edition, a working group). With ``subtree`` (closed or
    opened), also what refers to a page below it, and the search.
    """
    family = set(_family([page]))
    pages = set(dependent_pages(page))
    below = {child for member in family for child in member.get_descendants()}
    pages |= below | set(_family(list(below)))
    extra = [_absolute("sitemap", {}), *feed_urls(page, subtree=subtree)]
    extra += citation_urls(family | below)
    if subtree:
        pages |= set(referring_pages(list(below)))
        # Its documents stay in the index; the search leaves them out from now on.
        extra += search_urls()
    return page_urls(pages, extra)


def purge_page_event(page, subtree=False):
    purge_urls_from_cache(urls_for_page_event(page, subtree=subtree))


def urls_for_topic(topic):
    """A topic is shown on the archive (its filter), its editions, the pages that list them
    (the home page shows the latest edition's) and their theme feeds."""
    from seminar_pages.models import EditionIndexPage, EditionPage, Topic

    family = Topic.objects.filter(translation_key=topic.translation_key)
    editions = list(EditionPage.objects.filter(topics__in=family).distinct())
    listings = [listing for edition in editions for listing in listing_pages(edition)]
    pages = set(_family([*editions, *listings, *EditionIndexPage.objects.all()]))
    slugs = set(family.values_list("slug", flat=True)) | {topic.slug}
    feeds = [
        _absolute(f"outputs_feeds:theme_{kind}", {"theme": slug}, code)
        for code, _ in settings.LANGUAGES
        for slug in slugs
        for kind in ("outputs", "recommendations")
    ]
    # The search's theme filter is labelled with its name.
    return page_urls(pages, [*feeds, *search_urls()])


def urls_for_document(document):
    """A document is shown by the pages that refer to it (and their translations)."""
    page_type = ContentType.objects.get_for_model(Page)
    ids = ReferenceIndex.get_references_to(document).filter(base_content_type=page_type)
    pages = Page.objects.filter(pk__in=[int(pk) for pk in ids.values_list("object_id", flat=True)])
    return page_urls(set(_family(list(pages))))


def urls_for_move(page, parent_before, url_path_before):
    """A moved page: its subtree at both addresses (in every language), and the listings
    of both places."""
    page = Page.objects.get(pk=page.pk).specific
    urls = urls_for_page_event(page, subtree=True)
    urls |= page_urls(set(_family(listing_pages_under(parent_before))))
    old_slug = url_path_before.rstrip("/").rsplit("/", 1)[-1]
    bases = _language_bases(parent_before).values()
    for member in page.get_descendants(inclusive=True).specific(defer=True):
        below = old_slug + "/" + member.url_path.removeprefix(page.url_path)
        for base in bases:
            urls |= {base + below + path.lstrip("/") for path in member.get_cached_paths()}
    return urls
