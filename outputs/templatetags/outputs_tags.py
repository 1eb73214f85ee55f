from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from outputs import citation
from outputs.citation import edition_of
from seminar_pages import locales
from seminar_pages.models import EditionPage

register = template.Library()


def _feeds(scope, names, **kwargs):
    return [
        (_("%(scope)s: new outputs") % {"scope": scope}, reverse(names[0], kwargs=kwargs)),
        (_("%(scope)s: new recommendations") % {"scope": scope}, reverse(names[1], kwargs=kwargs)),
    ]


@register.inclusion_tag("outputs/includes/feed_links.html", takes_context=True)
def output_feed_links(context):
    """The Atom feeds to advertise: the series', and the edition's on pages of an edition."""
    feeds = _feeds(
        _("Informal ASEM Seminar on Human Rights"),
        ("outputs_feeds:outputs", "outputs_feeds:recommendations"),
    )
    page = context.get("page")
    edition = None
    if isinstance(page, EditionPage):
        edition = page
    elif getattr(page, "pk", None) and getattr(page, "path", ""):
        edition = edition_of(page)
    if edition is not None:
        feeds += _feeds(
            edition.title,
            ("outputs_feeds:edition_outputs", "outputs_feeds:edition_recommendations"),
            edition=edition.number,
        )
    return {"feeds": feeds}


@register.simple_tag(takes_context=True)
def page_citation(context):
    """The "Cite this" of the page being shown (``outputs.citation.for_page``)."""
    return citation.for_page(context["page"], context["request"])


@register.simple_tag(takes_context=True)
def cite_recommendations(context, recommendations):
    """Give each of a report's ``recommendations`` its ``citation``, in one pass."""
    page = context["page"]
    cited = citation.for_report_recommendations(page, recommendations, context["request"])
    for recommendation, one in zip(recommendations, cited, strict=True):
        recommendation.citation = one
    return ""


@register.simple_tag(takes_context=True)
def carried_forward(context, recommendations):
    """Give each of a report's ``recommendations`` its ``carried_forward`` pages, in one pass
    (``outputs.lineage``)."""
    from outputs import lineage

    request = context["request"]
    carried = lineage.carried_forward_by_recommendation(
        recommendations, request.user, locales.active_locale(request)
    )
    for recommendation in recommendations:
        recommendation.carried_forward = carried.get(recommendation.pk, [])
    return ""


@register.simple_tag(takes_context=True)
def carried_recommendations(context, page):
    """The messages of a Key Messages ``page``, each with the recommendations it carries."""
    from outputs import lineage

    request = context["request"]
    return lineage.recommendations_of_messages(page, request.user, locales.active_locale(request))
