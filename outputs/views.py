from django.http import Http404
from django.shortcuts import redirect
from wagtail.models import Locale

from outputs.blocks import IDENTIFIER_PATTERN
from outputs.models import Recommendation, WorkingGroupReportPage
from seminar_pages import access


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


def recommendation_permalink(request, identifier):
    """Lead to a recommendation on its published report, in the reader's language if it exists."""
    identifier = identifier.upper()
    if not IDENTIFIER_PATTERN.match(identifier):
        raise Http404("Not a recommendation identifier.")
    readable_reports = access.visible_pages(request.user, WorkingGroupReportPage.objects.all())
    by_locale = {
        recommendation.locale_id: recommendation
        for recommendation in Recommendation.objects.filter(
            identifier=identifier, page__in=readable_reports
        ).select_related("page")
    }
    if not by_locale:
        raise Http404("No published recommendation has this identifier.")
    for locale in (Locale.get_active(), Locale.get_default()):
        if locale.pk in by_locale:
            recommendation = by_locale[locale.pk]
            break
    else:
        recommendation = next(iter(by_locale.values()))
    return redirect(f"{recommendation.page.get_url(request)}#{recommendation.identifier}")
