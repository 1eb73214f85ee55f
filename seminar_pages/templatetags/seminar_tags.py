from django import template
from wagtail.models import Site

from seminar_pages import languages, listings
from seminar_pages.models import EditionIndexPage

register = template.Library()


@register.inclusion_tag("seminar_pages/includes/navigation.html", takes_context=True)
def seminar_navigation(context):
    """The site name and main menu, in the active language, for what the reader may see."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    home = None
    editions = None
    if site is not None:
        home = site.root_page.localized
        editions = listings.first_readable(
            request, EditionIndexPage.objects.child_of(listings.listing_base(request, home))
        )
    return {"request": request, "home": home, "edition_index": editions}


@register.inclusion_tag("seminar_pages/includes/breadcrumbs.html", takes_context=True)
def seminar_breadcrumbs(context, page):
    ancestors = [ancestor for ancestor in page.get_ancestors() if ancestor.depth > 1]
    return {"request": context.get("request"), "ancestors": ancestors, "page": page}


@register.simple_tag(takes_context=True)
def seminar_languages(context, page):
    """Languages of ``page``: ``alternates`` (switcher and hreflang), ``fallback`` (the
    language shown when the reader's is missing) and ``canonical`` (the URL of the text)."""
    request = context.get("request")
    if request is None or page is None or not getattr(page, "pk", None):
        return {"alternates": [], "fallback": None, "canonical": ""}
    source = languages.content_page(page)
    return {
        "alternates": languages.alternates(request, source),
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
