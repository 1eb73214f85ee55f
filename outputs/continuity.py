"""What was asked before: continuity across editions on a recommendation's page.

``outputs`` imports nothing of the archive search (dependencies point one way): the
search app registers, when it is ready, the function that finds for a report's
recommendations the similar ones of earlier editions (``search.similarity.asked_before``).
Without one, the page shows nothing of the kind.
"""

_FINDERS = {}


def register_finder(finder):
    """Set the function ``finder(request, recommendations)`` that answers
    {recommendation pk: continuity} for a report's recommendations, in a fixed number of
    queries. A continuity is false when nothing was asked before, and has ``count``,
    ``editions``, ``edition_list`` and ``similar`` (identifier, url, text, language,
    edition_number, edition_year, in_reader_language)."""
    _FINDERS["similar"] = finder


def asked_before(request, recommendations):
    """{recommendation pk: continuity} of ``recommendations`` for the reader of ``request``."""
    finder = _FINDERS.get("similar")
    if finder is None or request is None or not recommendations:
        return {}
    return finder(request, list(recommendations))
