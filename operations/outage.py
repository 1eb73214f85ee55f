"""Database outages answer 503 with ``Retry-After``, not a 500.

When the database is unreachable or locked, a page answers a short static page in the
reader's language, and the API and its CSV a JSON error of the API's own shape. Nothing
here touches the database: the language comes from the URL prefix or Accept-Language, the
page is rendered without a request (so no context processor runs).

Two ways in, so that each failure is answered and logged exactly once:
- ``DatabaseOutageMiddleware.process_exception`` answers a view's exception;
- ``server_error`` (the site's ``handler500``) answers an exception raised in a middleware,
  which Django's own handler turns into an error response at that layer before any outer
  middleware sees it.
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (OperationalError, InterfaceError)
API_PREFIX = "/api/"


def retry_after():
    """Seconds a client is asked to wait (``OUTAGE_RETRY_AFTER``)."""
    return int(getattr(settings, "OUTAGE_RETRY_AFTER", 30))


def outage_cause(exc):
    """The database error behind ``exc`` (itself or one it was raised from), or None."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, OUTAGE_ERRORS):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def reader_language(request):
    """The URL's language prefix, else the browser's; never a query."""
    language = translation.get_language_from_path(request.path_info)
    if language:
        return language
    return translation.get_language_from_request(request, check_path=False)


def outage_response(request, exc):
    """The 503 for ``request``, logged once with ``exc`` (the database error)."""
    with translation.override(reader_language(request)):
        if request.path_info.startswith(API_PREFIX):
            response = JsonResponse(
                {
                    "error": gettext(
                        "The archive is unavailable at the moment. Please try again later."
                    )
                },
                status=503,
            )
        else:
            response = HttpResponse(
                render_to_string("operations/503.html", {"language": translation.get_language()}),
                status=503,
            )
        response["Content-Language"] = translation.get_language()
    response["Retry-After"] = str(retry_after())
    add_never_cache_headers(response)
    logger.error(
        "Database unavailable (%s: %s): %s %s answered 503",
        type(exc).__name__,
        exc,
        request.method,
        request.path,
        exc_info=exc,
        extra={"status_code": 503, "request": request},
    )
    # Django's handler logs every 5xx response again unless told it has been.
    response._has_been_logged = True
    return response


class DatabaseOutageMiddleware:
    """First in ``MIDDLEWARE``: a view's database error becomes a 503.

    ``process_exception`` sees exceptions of views; the wrapping ``__call__`` catches what
    still propagates to this outermost layer (with ``DEBUG_PROPAGATE_EXCEPTIONS``).
    Exceptions of inner middleware are answered by ``server_error``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        except OUTAGE_ERRORS as exc:
            return outage_response(request, exc)

    def process_exception(self, request, exception):
        cause = outage_cause(exception)
        if cause is None:
            return None
        return outage_response(request, cause)
