from django import template

from seminar_pages import sharing

register = template.Library()


@register.inclusion_tag("seminar_pages/includes/sharing_metadata.html", takes_context=True)
def sharing_metadata(context):
    """Description, Open Graph and JSON-LD of the page served, in the language of its text."""
    request = context.get("request")
    page = context.get("page")
    if request is None or page is None or not getattr(page, "pk", None):
        return {"sharing": None}
    return {"sharing": sharing.for_page(page, request)}
