from django import template

from outputs import continuity

register = template.Library()


@register.simple_tag(takes_context=True)
def asked_before(context, recommendations):
    """Give each of a report's ``recommendations`` its ``asked_before``, in one pass."""
    found = continuity.asked_before(context.get("request"), recommendations)
    for recommendation in recommendations:
        recommendation.asked_before = found.get(recommendation.pk)
    return ""
