from django import template
from wagtail.models import Site

from seminar_pages import access, languages
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
        editions = access.visible_pages(
            request.user,
            EditionIndexPage.objects.child_of(languages.listing_base(request, home)),
        ).first()
        if editions is not None:
            editions = languages.localize(request, [editions])[0]
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
