"""Outputs as schema.org Reports, described from their citation (``seminar_pages.sharing``
renders them)."""

from outputs import citation
from seminar_pages import sharing


def describe_report(page, request, base):
    """A Working Group Report, Key Messages or Seminar Report as a schema.org Report."""
    cited = citation.for_page(page, request)
    data = {
        "@type": "Report",
        **base,
        "genre": cited.genre,
        "datePublished": cited.issued_iso,
        "publisher": sharing.organisation(),
        "author": sharing.organisation(),
    }
    edition = citation.edition_of(page)
    if edition is not None:
        data["isPartOf"] = {
            "@type": "WebPage",
            "name": edition.title,
            "url": citation.page_url(edition, request),
        }
    return {name: value for name, value in data.items() if value}


def connect():
    for model in citation.CITABLE_PAGE_TYPES:
        sharing.register(model, describe_report)
