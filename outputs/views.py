import contextlib

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from wagtail.models import Locale, Page

from outputs import citation
from outputs.blocks import IDENTIFIER_PATTERN
from outputs.models import Recommendation, WorkingGroupReportPage
from seminar_pages import access, languages


def recommendations_named(identifier, request=None):
    """The recommendations (one per language) that carry ``identifier``, or None."""
    identifier = str(identifier).upper()
    if not IDENTIFIER_PATTERN.match(identifier):
        return None
    found = list(Recommendation.objects.filter(identifier=identifier).select_related("page"))
    return found or None


def readable_permalink(user, recommendations, request=None):
    """The access gate's question: does ``user`` read any page that carries them?"""
    return any(access.can_view_page(user, item.page) for item in recommendations)


def _readable_copies(request, identifier):
    """{locale id: recommendation} of ``identifier`` on reports ``request.user`` may read;
    404 for a malformed identifier and for one with no readable copy alike."""
    identifier = identifier.upper()
    if not IDENTIFIER_PATTERN.match(identifier):
        raise Http404("Not a recommendation identifier.")
    readable_reports = access.visible_pages(request.user, WorkingGroupReportPage.objects.all())
    by_locale = {
        recommendation.locale_id: recommendation
        for recommendation in Recommendation.objects.filter(
            identifier=identifier, page__in=readable_reports
        ).select_related("page", "page__locale")
    }
    if not by_locale:
        raise Http404("No published recommendation has this identifier.")
    return by_locale


def recommendation_permalink(request, identifier):
    """Lead to a recommendation on its published report, in the reader's language.

    The reader's language is the URL's prefix, or without one the language Django chose
    for the request. Where the report has no published translation into it, the English
    report is shown under that language's interface (with its "not yet translated" notice).
    """
    by_locale = _readable_copies(request, identifier)
    reader, english = Locale.get_active(), Locale.get_default()
    if reader.pk in by_locale:
        recommendation = by_locale[reader.pk]
        url = recommendation.page.get_url(request)
    elif english.pk in by_locale:
        recommendation = by_locale[english.pk]
        url = languages.reader_url(request, recommendation.page)
    else:
        recommendation = next(iter(by_locale.values()))
        url = recommendation.page.get_url(request)
    return redirect(f"{url}#{recommendation.identifier}")


# Citation downloads ------------------------------------------------------------------------


def readable_page(value, request=None):
    """The access gate's loader for ``page_id`` of the citation downloads."""
    with contextlib.suppress(TypeError, ValueError):
        return Page.objects.filter(pk=int(value)).first()
    return None


def may_read_page(user, page, request=None):
    """The access gate's question for a citation download: may ``user`` read the page?"""
    return access.can_view_page(user, page)


def _download(request, page, cited, format_name):
    """The citation file, cached as the page it cites would be."""
    spec = citation.FORMATS[format_name]
    content_type = spec.content_type
    if format_name != "csl":
        content_type += "; charset=utf-8"
    response = HttpResponse(cited.render(format_name), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, cited.filename(format_name))
    if request.user.is_authenticated:
        patch_cache_control(response, private=True)
    if access.is_closed(page, request.user):
        patch_cache_control(response, private=True, no_store=True)
    return response


def page_citation(request, page_id, format_name):
    """The citation of an output page as a file (RIS, BibTeX or CSL-JSON)."""
    page = access.visible_pages(request.user).filter(pk=page_id).specific().first()
    if page is None or not citation.is_citable(page):
        raise Http404("No output to cite.")
    return _download(request, page, citation.for_page(page, request), format_name)


def recommendation_citation(request, identifier, format_name):
    """The citation of a recommendation, in the language of the URL where it is translated."""
    by_locale = _readable_copies(request, identifier)
    recommendation = next(
        (
            by_locale[locale.pk]
            for locale in (Locale.get_active(), Locale.get_default())
            if locale.pk in by_locale
        ),
        None,
    )
    if recommendation is None:
        raise Http404("No published recommendation has this identifier.")
    (cited,) = citation.for_recommendations([recommendation], request).values()
    return _download(request, recommendation.page, cited, format_name)
