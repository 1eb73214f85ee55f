from django import template
from django.utils.translation import get_language_info

from outputs.pdf import stored_document
from seminar_pages.locales import language_code_of

register = template.Library()


@register.inclusion_tag("outputs/includes/pdf_link.html", takes_context=True)
def pdf_link(context, page):
    """The link to ``page``'s PDF (in the page's language), with its size once rendered."""
    request = context.get("request")
    if not page.live or not hasattr(page, "pdf_url"):
        return {}
    document = stored_document(page)
    language = language_code_of(page, request)
    return {
        "url": page.pdf_url(request),
        "language": language,
        "language_name": _language_name(language),
        "size": document.size if document is not None else None,
    }


def _language_name(code):
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code
