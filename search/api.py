"""The recommendations API: JSON, the same query as CSV, and its OpenAPI description.

Plain Django views over the same form and backend as the search page, so that a
parameter means the same everywhere; the OpenAPI document is written by hand in
``search/openapi.py`` and a test holds it to what these views accept and answer.
"""

import csv
import logging

from django.conf import settings
from django.http import JsonResponse, StreamingHttpResponse

from outputs import citation
from outputs.models import Recommendation
from search.backends import get_backend
from search.forms import SearchForm
from search.openapi import openapi_document
from search.query import SearchUnavailable
from search.views import UNAVAILABLE, private_to_reader

logger = logging.getLogger(__name__)

CSV_COLUMNS = [
    "identifier",
    "text",
    "edition_number",
    "edition_year",
    "working_group",
    "level",
    "addressees",
    "themes",
    "language",
    "url",
    "citation",
    "publisher",
    "container_title",
    "issued",
]
CSV_BATCH = 500


def _error(request, status, message, reasons=None):
    body = {"error": str(message)}
    if reasons:
        body["reasons"] = reasons
    return private_to_reader(JsonResponse(body, status=status), request)


def _query(request, **overrides):
    """(query, None) for valid parameters, else (None, an error response)."""
    form = SearchForm(request.GET, allow_page_size=True)
    if not form.is_valid():
        return None, _error(request, 400, "Invalid parameters.", form.errors_as_reasons())
    query = form.to_query(types=("recommendation",), **overrides)
    if query.parsed.error:
        return None, _error(request, 400, query.parsed.error, {"q": [str(query.parsed.error)]})
    return query, None


def _search(request, query):
    try:
        return get_backend().search(query, request.user), None
    except SearchUnavailable:
        logger.exception("Archive search failed")
        return None, _error(request, 503, UNAVAILABLE)


def citations_of(request, hits):
    """{(report id, identifier): Citation} of the recommendations among ``hits``.

    The hits are what the reader may read; their citations cost three queries whatever
    their number.
    """
    wanted = {(hit.page_id, hit.identifier) for hit in hits if hit.page_id and hit.identifier}
    if not wanted:
        return {}
    recommendations = [
        item
        for item in Recommendation.objects.filter(
            page_id__in={page_id for page_id, _identifier in wanted},
            identifier__in={identifier for _page_id, identifier in wanted},
        ).select_related("page", "page__locale")
        if (item.page_id, item.identifier) in wanted
    ]
    found = citation.for_recommendations(recommendations, request)
    return {(item.page_id, item.identifier): found[item.pk] for item in recommendations}


def serialise_hit(request, hit, cited=None):
    return {
        "identifier": hit.identifier,
        "text": hit.text,
        "edition": {
            "number": hit.edition_number,
            "year": hit.edition_year,
            "title": hit.edition_title,
        }
        if hit.edition_number
        else None,
        "working_group": {"number": hit.working_group_number, "title": hit.working_group_title}
        if hit.working_group_number
        else None,
        "addressees": [{"code": code, "label": label} for code, label in hit.addressees],
        "level": hit.level,
        "themes": [{"slug": slug, "label": label} for slug, label in hit.themes],
        "language": hit.language,
        "is_fallback": hit.is_fallback,
        "url": request.build_absolute_uri(hit.url),
        "highlight": str(hit.snippet),
        "citation": cited.text if cited else None,
        "csl": cited.csl() if cited else None,
    }


def _page_url(request, page):
    params = request.GET.copy()
    params["page"] = page
    return request.build_absolute_uri("?" + params.urlencode())


def recommendations(request):
    query, error = _query(request)
    if error:
        return error
    results, error = _search(request, query)
    if error:
        return error
    facets = {
        name: [
            {
                "value": value.value,
                "label": value.label,
                "count": value.count,
                "selected": value.selected,
            }
            for value in values
        ]
        for name, values in results.facets.items()
        if name != "type"
    }
    citations = citations_of(request, results.hits)
    body = {
        "count": results.total,
        "page": query.page,
        "page_size": query.page_size,
        "num_pages": results.num_pages,
        "next": _page_url(request, query.page + 1) if results.has_next else None,
        "previous": _page_url(request, query.page - 1) if results.has_previous else None,
        "language": query.language,
        "fallback_language": results.fallback_language,
        "results": [
            serialise_hit(request, hit, citations.get((hit.page_id, hit.identifier)))
            for hit in results.hits
        ],
        "facets": facets,
    }
    return private_to_reader(JsonResponse(body, json_dumps_params={"ensure_ascii": False}), request)


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    """A CSV cell that a spreadsheet will not run as a formula."""
    value = "" if value is None else str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _row(request, hit, cited=None):
    return [
        _cell(value)
        for value in (
            hit.identifier,
            hit.text,
            hit.edition_number,
            hit.edition_year,
            hit.working_group_title,
            hit.level,
            "; ".join(label for _code, label in hit.addressees),
            "; ".join(label for _slug, label in hit.themes),
            hit.language,
            request.build_absolute_uri(hit.url),
            cited.text if cited else "",
            cited.publisher if cited else "",
            cited.container_title if cited else "",
            cited.issued_iso if cited else "",
        )
    ]


def recommendations_csv(request):
    """Every matching recommendation, up to ``ARCHIVE_SEARCH["CSV_MAX_ROWS"]``, streamed."""
    query, error = _query(request, page=1, page_size=CSV_BATCH, with_facets=False)
    if error:
        return error
    limit = getattr(settings, "ARCHIVE_SEARCH", {}).get("CSV_MAX_ROWS", 10_000)
    # The first batch is read before the response starts, so that an outage is a 503.
    first, error = _search(request, query)
    if error:
        return error
    backend = get_backend()
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(CSV_COLUMNS)
        results, sent = first, 0
        while True:
            citations = citations_of(request, results.hits)
            for hit in results.hits:
                if sent >= limit:
                    return
                cited = citations.get((hit.page_id, hit.identifier))
                yield writer.writerow(_row(request, hit, cited))
                sent += 1
            if not results.hits or sent >= min(limit, results.total):
                return
            try:
                results = backend.search(query.with_page(results.query.page + 1), request.user)
            except SearchUnavailable:
                logger.exception("Archive search failed during a CSV export")
                return

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="recommendations.csv"'
    return private_to_reader(response, request)


def openapi(request):
    return JsonResponse(openapi_document(request), json_dumps_params={"indent": 2})
