from django import template
from wagtail.models import Site

from seminar_pages import access
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
            request.user, EditionIndexPage.objects.child_of(home)
        ).first()
    return {"request": request, "home": home, "edition_index": editions}


@register.inclusion_tag("seminar_pages/includes/breadcrumbs.html", takes_context=True)
def seminar_breadcrumbs(context, page):
    ancestors = [ancestor for ancestor in page.get_ancestors() if ancestor.depth > 1]
    return {"request": context.get("request"), "ancestors": ancestors, "page": page}
