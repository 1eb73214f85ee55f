"""Document titles that tell pages apart, and headings that never skip a level."""

import html
import re

from django import template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail.models import Page

from seminar_pages.locales import source_locale
from seminar_pages.models.pages import edition_label

register = template.Library()

SEPARATOR = " · "
# The depth of an edition below the series and its archive (root 1, series 2, archive 3).
EDITION_DEPTH = 4


def _context_parts(page):
    """Names of the working group and the edition a page belongs to, nearest first.

    A translation not yet published (a draft) is named by its English page, whose text it
    has for readers until its own is approved."""
    if not isinstance(page, Page) or not page.pk or page.depth <= EDITION_DEPTH:
        return []
    if hasattr(page, "cached_ancestors"):
        rows = [
            (
                ancestor.title,
                getattr(getattr(ancestor, "editionpage", None), "year", None),
                getattr(getattr(ancestor, "workinggrouppage", None), "number", None),
                ancestor.live,
                ancestor.translation_key,
            )
            for ancestor in reversed(page.cached_ancestors())
            if ancestor.depth >= EDITION_DEPTH
        ]
    else:
        rows = list(
            Page.objects.ancestor_of(page)
            .filter(depth__gte=EDITION_DEPTH)
            .values_list(
                "title", "editionpage__year", "workinggrouppage__number", "live", "translation_key"
            )
            .order_by("-depth")
        )
    english = {}
    drafts = [key for _title, _year, _number, live, key in rows if not live]
    if drafts:
        source = source_locale()
        if page.locale_id != source.pk:
            english = dict(
                Page.objects.filter(translation_key__in=drafts, locale=source).values_list(
                    "translation_key", "title"
                )
            )
    parts = []
    for title, edition_year, group_number, _live, key in rows:
        title = english.get(key, title)
        if edition_year is not None:
            parts.append(edition_label(title, edition_year))
        elif group_number is not None:
            parts.append(title)
    return parts


@register.filter(needs_autoescape=True)
def document_title(own_title, page, autoescape=True):
    """The ``<title>`` of a page: its own title, then its working group and edition, then
    the site's name, each said once.

    Use it around the ``title`` block, which a template may override::

        {% filter document_title:page %}{% block title %}...{% endblock %}{% endfilter %}

    "Working Group 1 Report · 23rd Informal ASEM Seminar on Human Rights (2025)" tells
    two editions' reports apart; the home page, titled with the site's name, is named once.
    """
    own = html.unescape(str(own_title)).strip()
    site_name = gettext("Informal ASEM Seminar on Human Rights")
    parts = []
    for part in [own, *_context_parts(page), site_name]:
        if part and not any(part.casefold() in earlier.casefold() for earlier in parts):
            parts.append(part)
    return escape(SEPARATOR.join(parts)) if autoescape else SEPARATOR.join(parts)


HEADING_TAG = re.compile(r"<(/?)h([1-6])(?=[\s>/])", re.IGNORECASE)


@register.filter(is_safe=True)
def headings_from(fragment, level):
    """``fragment`` with its headings moved so that they start at ``level`` and never skip.

    Rich text and StreamField blocks carry headings of fixed levels (an editor's "h3", a
    block's ``<h3>``); where they land on the page, the level above may be missing. The
    first heading becomes ``level`` (or the level its fragment starts at, if higher), and
    each heading goes at most one level below the one before it::

        {{ page.introduction|richtext|headings_from:2 }}
        {% filter headings_from:2 %}{% include_block page.body %}{% endfilter %}
    """
    text = str(conditional_escape(fragment))
    level = int(level)
    levels = [int(match.group(2)) for match in HEADING_TAG.finditer(text) if not match.group(1)]
    if not levels:
        return mark_safe(text)  # noqa: S308 (escaped above)
    shift = level - min(levels)
    previous = level - 1
    opened = []

    def move(match):
        nonlocal previous
        if match.group(1):
            return f"</h{opened.pop() if opened else match.group(2)}"
        wanted = min(int(match.group(2)) + shift, previous + 1, 6)
        wanted = max(wanted, level)
        previous = wanted
        opened.append(wanted)
        return f"<h{wanted}"

    return mark_safe(HEADING_TAG.sub(move, text))  # noqa: S308 (only tag names change)
