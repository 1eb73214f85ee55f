from django import template
from wagtail.models import Site

from seminar_pages import languages, listings, locales
from seminar_pages.models import EditionIndexPage

register = template.Library()


def _site_pages(request):
    """(home, edition archive) of the request's site as the reader sees them, once a request:
    the menu and the topic links point at the same archive, for no further query."""
    cached = getattr(request, "_seminar_site_pages", None)
    if cached is not None:
        return cached
    site = Site.find_for_request(request)
    home = editions = None
    if site is not None:
        home = locales.localized(site.root_page, request)
        base = listings.listing_base(request, home)
        editions = listings.archive_index(request, base, EditionIndexPage.objects.child_of(base))
    request._seminar_site_pages = (home, editions)
    return home, editions


def _ancestors(request, page):
    """The ancestors of ``page`` below the tree root, fetched once a request."""
    cache = getattr(request, "_seminar_ancestors", None) if request is not None else None
    if cache is not None and page.pk in cache:
        return cache[page.pk]
    read = page.cached_ancestors() if hasattr(page, "cached_ancestors") else page.get_ancestors()
    ancestors = languages.shown_ancestors([ancestor for ancestor in read if ancestor.depth > 1])
    if request is not None:
        request._seminar_ancestors = {**(cache or {}), page.pk: ancestors}
    return ancestors


@register.inclusion_tag("seminar_pages/includes/navigation.html", takes_context=True)
def seminar_navigation(context):
    """The site name and main menu, in the active language, for what the reader may see."""
    request = context.get("request")
    home, editions = _site_pages(request) if request else (None, None)
    return {"request": request, "home": home, "edition_index": editions}


@register.inclusion_tag("seminar_pages/includes/breadcrumbs.html", takes_context=True)
def seminar_breadcrumbs(context, page):
    ancestors = _ancestors(context.get("request"), page)
    return {"request": context.get("request"), "ancestors": ancestors, "page": page}


@register.simple_tag(takes_context=True)
def edition_of(context, page):
    """The edition ``page`` belongs to (a plain ``Page``: its title), or None.

    Read from the ancestors the breadcrumbs fetched: no query of its own.
    """
    from django.contrib.contenttypes.models import ContentType

    from seminar_pages.models import EditionPage

    edition_type = ContentType.objects.get_for_model(EditionPage).pk
    ancestors = _ancestors(context.get("request"), page)
    return next((item for item in ancestors if item.content_type_id == edition_type), None)


@register.simple_tag(takes_context=True)
def archive_url(context, **filters):
    """The edition archive, filtered (``topic=slug``, ``country=...``), or "" if unreadable."""
    from django.utils.http import urlencode

    request = context.get("request")
    if request is None:
        return ""
    _home, editions = _site_pages(request)
    if editions is None:
        return ""
    url = languages.reader_url(request, editions)
    query = urlencode({name: value for name, value in filters.items() if value})
    return f"{url}?{query}" if query else url


@register.simple_tag(takes_context=True)
def seminar_languages(context, page):
    """Languages of ``page``: ``alternates`` (its translations, for hreflang), ``languages``
    (every enabled language, for the switcher), ``fallback`` (the language shown when the
    reader's is missing) and ``canonical`` (the URL of the text)."""
    request = context.get("request")
    if request is None or page is None or not getattr(page, "pk", None):
        return {"alternates": [], "languages": [], "fallback": None, "canonical": ""}
    source = languages.content_page(page)
    alternates = languages.alternates(request, source)
    return {
        "alternates": alternates,
        "languages": languages.switcher(request, source, alternates),
        "fallback": languages.fallback_language(request, source),
        "canonical": request.build_absolute_uri(source.get_url(request)),
    }


@register.simple_tag(takes_context=True)
def reader_url(context, page):
    """``pageurl`` that keeps the reader in their language (English text where untranslated)."""
    request = context.get("request")
    if request is None:
        return page.get_url()
    return languages.reader_url(request, page)


@register.filter
def readable_by(document, user):
    """``document`` when ``user`` may read it, else None: render it only inside ``{% if %}``.

    ``{% with document=page.document|readable_by:request.user %}{% if document %}...``: an
    unreadable document (moved into a private collection, say) renders as nothing, no id,
    title, file name or URL. Without a user (no request), only public documents pass.
    """
    from seminar_pages import access

    if not document:
        return None
    if not hasattr(user, "is_authenticated"):
        return document if access.document_is_public(document) else None
    return document if access.can_read_document(user, document) else None
