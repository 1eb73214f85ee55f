"""The public search page: read the request, build the query, ask the backend, render."""

import logging

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext_lazy as _

from search import languages
from search.backends import get_backend
from search.forms import SearchForm
from search.query import Query, SearchUnavailable

logger = logging.getLogger(__name__)

UNAVAILABLE = _("The archive search is unavailable at the moment. Please try again later.")


def private_to_reader(response, request):
    """Results depend on who asks: never let a shared cache hand them to someone else."""
    patch_vary_headers(response, ["Cookie"])
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_store=True)
    return response


def _page_links(request, results):
    def link(number):
        params = request.GET.copy()
        params["page"] = number
        return "?" + params.urlencode()

    if results is None:
        return {}
    return {
        "previous_url": link(results.query.page - 1) if results.has_previous else None,
        "next_url": link(results.query.page + 1) if results.has_next else None,
    }


def _kind_links(request, results):
    """One link per kind of result with its count, and one to every kind: the type facet
    as tabs, visible while the filters are folded away."""
    if results is None or not results.facets.get("type"):
        return []
    values = results.facets["type"]
    selected = [value.value for value in values if value.selected]

    def link(kinds):
        params = request.GET.copy()
        params.pop("page", None)
        params.setlist("type", kinds)
        return "?" + params.urlencode()

    links = [
        {
            "label": _("All"),
            "count": sum(value.count for value in values),
            "url": link([]),
            "current": not selected,
        }
    ]
    for value in values:
        links.append(
            {
                "label": value.label,
                "count": value.count,
                "url": link([value.value]),
                "current": selected == [value.value],
            }
        )
    return links


def _links_in_reader_language(results):
    """Hits lead to pages under the reader's language prefix: a page shown in English to a
    Japanese reader opens as its English text under the Japanese interface, and a
    recommendation through the permalink of the reader's language (``outputs``' prefixed
    permalinks, where the site has them). The API keeps the stored, unprefixed links."""
    from seminar_pages.languages import url_in_language

    language = results.query.language
    for hit in results.hits:
        if hit.identifier:
            try:
                hit.url = reverse("outputs_permalinks:recommendation", args=[hit.identifier])
            except NoReverseMatch:
                pass
        else:
            hit.url = url_in_language(hit.url, language)


def _switcher(request):
    from seminar_pages.languages import path_switcher

    return path_switcher(request)


def search_page(request):
    form = SearchForm(request.GET or None)
    results, error, status = None, None, 200
    if form.is_bound and form.is_valid():
        query = form.to_query()
        try:
            results = get_backend().search(query, request.user)
        except SearchUnavailable:
            logger.exception("Archive search failed")
            error, status = UNAVAILABLE, 503
        else:
            error = results.error
    elif form.is_bound:
        error = _("Some search options are not valid; see below.")
        status = 400
    else:
        # Browsing: the newest material first, with the facets to narrow it down.
        try:
            results = get_backend().search(Query(sort="date"), request.user)
        except SearchUnavailable:
            logger.exception("Archive search failed")
            error, status = UNAVAILABLE, 503
    if results is not None:
        _links_in_reader_language(results)
    language = results.query.language if results else languages.active_language()
    fallback = results.fallback_language if results else None
    context = {
        "form": form,
        "results": results,
        "error": error,
        "language_name": languages.language_name(language),
        "fallback_name": languages.language_name(fallback) if fallback else "",
        "kind_links": _kind_links(request, results),
        # No page to take them from: the search itself in every language.
        "page_languages": {"languages": _switcher(request), "alternates": []},
        **_page_links(request, results),
    }
    response = render(request, "search/search.html", context, status=status)
    return private_to_reader(response, request)
