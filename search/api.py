"""The recommendations API: JSON, the same query as CSV, and its OpenAPI description.

Plain Django views over the same form and backend as the search page, so that a
parameter means the same everywhere; the OpenAPI document is written by hand in
``search/openapi.py`` and a test holds it to what these views accept and answer.
"""

import csv
import logging
import unicodedata
from functools import wraps

from django.conf import settings
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from outputs import citation
from outputs.models import Recommendation
from search.backends import get_backend
from search.forms import BEYOND_WINDOW, SearchForm
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
# The API only reads; OPTIONS says so without searching.
ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
# Seconds a client should wait before asking again when the search is unavailable.
RETRY_AFTER = 60


def _error(request, status, message, reasons=None):
    body = {"error": str(message)}
    if reasons:
        body["reasons"] = reasons
    return private_to_reader(JsonResponse(body, status=status), request)


def read_only(view):
    """GET and HEAD reach ``view``; OPTIONS lists the methods; others are a JSON 405.

    CSRF-exempt so that a POST gets its 405 rather than the CSRF failure page: nothing
    here changes state.
    """

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
        else:
            response = _error(
                request,
                405,
                _("Method %(method)s is not allowed: use %(allowed)s.")
                % {"method": request.method[:20], "allowed": ", ".join(ALLOWED_METHODS)},
            )
        response["Allow"] = ", ".join(ALLOWED_METHODS)
        return response

    return wrapper


def _query(request, **overrides):
    """(query, None) for valid parameters, else (None, an error response)."""
    form = SearchForm(request.GET, allow_page_size=True, exact_languages=True)
    if not form.is_valid():
        reasons = form.errors_as_reasons()
        # A page past the result window is a page that does not exist, not a bad request.
        beyond = list(form.errors) == ["page"] and form.has_error("page", BEYOND_WINDOW)
        status = 404 if beyond else 400
        return None, _error(request, status, _("Invalid parameters."), reasons)
    query = form.to_query(types=("recommendation",), **overrides)
    if query.parsed.error:
        return None, _error(request, 400, query.parsed.error, {"q": [str(query.parsed.error)]})
    return query, None


def _search(request, query):
    try:
        return get_backend().search(query, request.user), None
    except SearchUnavailable:
        logger.exception("Archive search failed")
        response = _error(request, 503, UNAVAILABLE)
        response["Retry-After"] = str(RETRY_AFTER)
        return None, response


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


@read_only
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


# What a spreadsheet starts a formula (or a DDE call) with, after NFKC folding (which turns
# full-width and small forms such as U+FF1D and U+FE66 into "="), and the minus sign.
FORMULA_STARTS = frozenset("=+-@\t\r\u2212")
# Invisible characters a spreadsheet skips before it reads the first sign.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")


def _ignored(char):
    return char.isspace() or char in ZERO_WIDTH or unicodedata.category(char) in ("Cc", "Cf")


def formula_start(value):
    """The first character a spreadsheet reads of ``value``: after NFKC folding, leading
    whitespace (newlines too), control and zero-width characters. Empty if none."""
    folded = unicodedata.normalize("NFKC", value)
    for char in folded:
        if not _ignored(char):
            return char
    return ""


def _cell(value):
    """A CSV cell that a spreadsheet will not run as a formula (OWASP's CSV injection
    advice: a leading single quote), the text otherwise unchanged.

    A text that begins with a dash (a list item, a negative number) is quoted too: a
    spreadsheet reads it as a formula.
    """
    value = "" if value is None else str(value)
    if value[:1] in FORMULA_STARTS or formula_start(value) in FORMULA_STARTS:
        return "'" + value
    return value


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


@read_only
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


@read_only
def openapi(request):
    return JsonResponse(openapi_document(request), json_dumps_params={"indent": 2})
