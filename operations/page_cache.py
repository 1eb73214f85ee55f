"""A full-page cache for anonymous readers, in Django's cache framework.

One middleware serves stored pages early and stores fresh ones late. It sits before
``SessionMiddleware`` so that a stored page is served without opening a session, resolving
a user or asking the database anything: whether a reader is anonymous is decided from the
request alone (no session cookie, no ``Authorization`` header). A request that carries a
session cookie is never served from the cache and never fills it.

Entries are grouped by path: each path has a record (a random token) and every stored
variant of that path (host, scheme, query string, language, ``Vary`` headers) is keyed with
the token. Purging a path deletes its record, so every variant goes at once
(``operations.purge.PageCacheBackend``). A render that began before a purge is not stored:
the record read when the request arrived must still be there when the response is stored.
"""

import hashlib
import secrets
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language_from_request

from seminar_pages import access

PREFIX = "pagecache"
EPOCH_KEY = f"{PREFIX}:epoch"
CACHE_HEADER = "X-Page-Cache"

# Headers that the outer middlewares add again on every response, or that a stored page
# must not repeat.
_UNSTORED_HEADERS = {"date", "set-cookie", "content-length", "etag", "last-modified"}
# ``Cookie``: only the session, CSRF and language cookies change a page, and requests with
# a session are not cached, pages that set a CSRF cookie are refused, the language is keyed.
_KEYED_ELSEWHERE = {"cookie", "accept-language"}


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _digest(*parts):
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def path_key(path):
    return f"{PREFIX}:path:{_digest(path)}"


def purge_paths(paths):
    """Forget every stored variant of each path (the part of a URL before ``?``)."""
    _cache().delete_many([path_key(path) for path in set(paths)])


def clear():
    """Forget every stored page, whatever its path (after a restore, for example)."""
    _cache().set(EPOCH_KEY, secrets.token_hex(8), None)


def _anonymous(request):
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not any(request.path.startswith(prefix) for prefix in settings.PAGE_CACHE_SKIP_PATHS)
    )


def _entry_key(request, record, vary):
    varying = [f"{header}={request.headers.get(header, '')}" for header in vary]
    return f"{PREFIX}:page:" + _digest(
        record["epoch"],
        record["token"],
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        get_language_from_request(request, check_path=True),
        *varying,
    )


def _refused(request, response):
    """Why ``response`` must not be stored for every anonymous reader, or None."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return "not a plain page"
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return "sets a cookie"
    cache_control = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & {"private", "no-store", "no-cache"}:
        return "private"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return "signed in"
    if getattr(request, "is_preview", False):
        return "preview"
    match = getattr(request, "resolver_match", None)
    if match is None or match.namespace in settings.PAGE_CACHE_SKIP_NAMESPACES:
        return "not cached here"
    if "*" in response.get("Vary", ""):
        return "varies on everything"
    return None


def _timeout():
    """The cache timeout, cut short where an embargo lifts (listings then show more)."""
    timeout = settings.PAGE_CACHE_TIMEOUT
    release = access.next_release()
    if release is not None:
        timeout = min(timeout, max(1, int((release - timezone.now()).total_seconds()) + 1))
    return timeout


def _vary_headers(response):
    headers = cc_delim_re.split(response.get("Vary", "")) if response.has_header("Vary") else []
    return sorted({h.lower() for h in headers if h} - _KEYED_ELSEWHERE)


def _stored_response(request, entry):
    response = HttpResponse(entry["content"], status=200)
    for name, value in entry["headers"]:
        response[name] = value
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = entry["last_modified"]
    return response


class PageCacheMiddleware:
    """Serve anonymous readers' pages from the cache; store the pages that may be shared."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _anonymous(request):
            return self.get_response(request)
        cache = _cache()
        key = path_key(request.path)
        found = cache.get_many([EPOCH_KEY, key])
        epoch = found.get(EPOCH_KEY) or ""
        record = found.get(key)
        if record is not None and record["epoch"] == epoch:
            entry = cache.get(_entry_key(request, record, record["vary"]))
            if entry is not None:
                response = _stored_response(request, entry)
                response[CACHE_HEADER] = "hit"
                return get_conditional_response(
                    request,
                    etag=entry["etag"],
                    last_modified=entry["last_modified_ts"],
                    response=response,
                )
        else:
            stale, record = record, {"epoch": epoch, "token": secrets.token_hex(8), "vary": []}
            if stale is not None:
                cache.set(key, record, settings.PAGE_CACHE_TIMEOUT)
            elif not cache.add(key, record, settings.PAGE_CACHE_TIMEOUT):
                record = None

        response = self.get_response(request)
        if record is None or _refused(request, response):
            return response
        return self._store(request, response, record, key)

    def _store(self, request, response, record, key):
        cache = _cache()
        vary = _vary_headers(response)
        if vary != record["vary"]:
            record = {**record, "vary": vary}
            if cache.get(key, {}).get("token") != record["token"]:
                return response
            cache.set(key, record, settings.PAGE_CACHE_TIMEOUT)
        now = int(time.time())
        content = response.content
        entry = {
            "content": content,
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() not in _UNSTORED_HEADERS
            ],
            "etag": f'"{hashlib.sha256(content).hexdigest()[:32]}"',
            "last_modified": http_date(now),
            "last_modified_ts": now,
        }
        current = cache.get(key)
        if current is None or current["token"] != record["token"]:
            # Purged while the page was rendered: what was rendered may be stale.
            return response
        cache.set(_entry_key(request, record, vary), entry, _timeout())
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = entry["last_modified"]
        response[CACHE_HEADER] = "miss"
        return get_conditional_response(
            request, etag=entry["etag"], last_modified=now, response=response
        )
