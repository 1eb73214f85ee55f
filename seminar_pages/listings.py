"""What the public pages list: what the reader may read, from the English tree, in the
reader's language.

A language's tree holds only what was translated (and the aliases wagtail-localize creates
above it), so listings are built on the English tree (``listing_base``), narrowed to what
the reader may read (``reading.readable``), then each page is shown in the reader's
language where a readable translation exists (``localize``).

The page models call these functions from ``get_context``, with querysets of their own
types: this module imports no model, and reaches the access policy only through Wagtail's
policy registry at call time, so the models import it and stay below the policy. A plain
import was chosen over a registry of listing functions filled in ``ready()``: the call
stays readable and greppable, a missing function fails at import rather than at the first
request, and ``tests/test_plugins.py`` can check the direction by reading the imports.
"""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.db.models import prefetch_related_objects
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from seminar_pages.locales import locale_ids
from seminar_pages.reading import readable


def listing_base(request, page):
    """The page whose children a listing shows: the English source of a translation."""
    source_id = locale_ids(request).get(settings.LANGUAGE_CODE)
    if page.locale_id == source_id:
        return page
    return page.get_translation_or_none(source_id) or page


def localize(request, pages, prefetch=()):
    """Each page of ``pages`` in the reader's language, where a readable translation exists.

    Args:
        request: the current request (its language and user).
        pages: specific pages, usually of the English tree.
        prefetch: relations to prefetch on the translations substituted.

    Returns:
        A list in the same order; pages without a translation are kept as they are (their
        links stay in the reader's language through the ``reader_url`` tag).
    """
    pages = list(pages)
    reader = locale_ids(request).get(get_language())
    missing = [page for page in pages if page.locale_id != reader]
    if reader is None or not missing:
        return pages
    found = {
        page.translation_key: page
        for page in readable(
            request.user,
            Page.objects.filter(
                translation_key__in=[page.translation_key for page in missing],
                locale_id=reader,
                alias_of__isnull=True,
            ),
        )
        .specific()
        .defer_streamfields()
    }
    if prefetch and found:
        prefetch_related_objects(list(found.values()), *prefetch)
    return [found.get(page.translation_key, page) for page in pages]


def first_readable(request, pages):
    """The first page of ``pages`` the reader may read, in their language, or None."""
    page = readable(request.user, pages).first()
    return localize(request, [page])[0] if page is not None else None


def archive_index(request, home, pages):
    """``first_readable(request, pages)`` for the edition archive below ``home``, once a
    request: the home page and the main menu both show it."""
    found = request.__dict__.setdefault("_seminar_edition_archive", {})
    if home.pk not in found:
        found[home.pk] = first_readable(request, pages)
    return found[home.pk]


def readable_children(request, page):
    """The children of ``page`` the reader may read, from the English tree, in their language."""
    children = readable(request.user, listing_base(request, page).get_children()).specific()
    return localize(request, children)


def recent_editions(request, editions, count=4):
    """The last ``count`` of ``editions`` the reader may read, newest first, in their language."""
    editions = readable(request.user, editions).order_by("-number").prefetch_related("topics")
    return localize(request, editions[:count], prefetch=["topics"])


def working_groups(request, groups):
    """The working groups of ``groups`` the reader may read, by number."""
    return readable(request.user, groups).order_by("number")


class EditionFilterForm(forms.Form):
    decade = forms.TypedChoiceField(label=_("Decade"), required=False, coerce=int, empty_value=None)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    format = forms.ChoiceField(label=_("Format"), required=False)

    def __init__(self, *args, decades=(), topics=(), countries=(), formats=(), **kwargs):
        """The choices offered are those of the editions the reader may see.

        Args:
            decades: first years of decades (1990, 2000...).
            topics: ``Topic`` objects.
            countries: host country names, as the editions hold them.
            formats: (value, label) pairs of the edition formats.
        """
        super().__init__(*args, **kwargs)
        self.fields["decade"].choices = [("", _("All decades"))] + [
            (decade, f"{decade}s") for decade in decades
        ]
        self.fields["topic"].choices = [("", _("All topics"))] + [
            (topic.slug, topic.name) for topic in topics
        ]
        self.fields["country"].choices = [("", _("All countries"))] + [
            (country, country) for country in countries
        ]
        self.fields["format"].choices = [("", _("All formats")), *formats]

    def narrow(self, editions):
        """``editions`` within the decade, topic, country and format chosen (valid form)."""
        if self.cleaned_data["decade"] is not None:
            decade = self.cleaned_data["decade"]
            editions = editions.filter(year__gte=decade, year__lt=decade + 10)
        if self.cleaned_data["topic"]:
            editions = editions.filter(topics__slug=self.cleaned_data["topic"])
        if self.cleaned_data["country"]:
            editions = editions.filter(country=self.cleaned_data["country"])
        if self.cleaned_data["format"]:
            editions = editions.filter(format=self.cleaned_data["format"])
        return editions


@dataclass(frozen=True)
class EditionArchive:
    form: EditionFilterForm
    editions: list


def edition_archive(request, editions, topics, formats=()):
    """The edition archive as this reader sees it: readable, filtered, in their language.

    Args:
        request: the current request (its user, language and filter parameters).
        editions: the editions of the archive, in the English tree.
        topics: all topics; the filter offers those of the readable editions.
        formats: (value, label) of every edition format; the filter offers those in use.

    Returns:
        An ``EditionArchive``: the filter form, and the editions it lets through, newest
        first, each in the reader's language where translated.
    """
    editions = readable(request.user, editions)
    facts = list(editions.values_list("year", "country", "format"))
    decades = sorted({year - year % 10 for year, _country, _format in facts}, reverse=True)
    countries = sorted({country for _year, country, _format in facts if country}, key=str.casefold)
    used = {edition_format for _year, _country, edition_format in facts}
    topics = topics.filter(editions__in=editions).distinct().order_by("name")
    form = EditionFilterForm(
        request.GET or None,
        decades=decades,
        topics=topics,
        countries=countries,
        formats=[(value, label) for value, label in formats if value in used],
    )
    if form.is_valid():
        editions = form.narrow(editions)
    ordered = editions.order_by("-number").prefetch_related("topics")
    return EditionArchive(form, localize(request, ordered, prefetch=["topics"]))


@dataclass(frozen=True)
class EditionSections:
    documents: list
    working_groups: list
    outputs: list


def edition_sections(request, edition):
    """What an edition page lists, by section (its children's ``edition_section``).

    A fixed number of queries whatever the number of working groups: children and
    grandchildren are fetched once each and grouped here. Each working group carries the
    outputs the reader may read as ``public_outputs``.
    """
    base = listing_base(request, edition)
    children = list(readable(request.user, base.get_children()).specific().defer_streamfields())
    grandchildren = []
    if any(getattr(child, "edition_section", None) == "working_groups" for child in children):
        grandchildren = list(
            readable(
                request.user,
                Page.objects.descendant_of(base).filter(depth=base.depth + 2),
            )
            .specific()
            .defer_streamfields()
            .order_by("path")
        )
    # Built on the English tree; each page is then shown in the reader's language.
    shown = localize(request, children + grandchildren)
    by_parent = {}
    for page, localized in zip(grandchildren, shown[len(children) :], strict=True):
        by_parent.setdefault(page.path[: -Page.steplen], []).append(localized)
    sections = {"documents": [], "working_groups": [], "outputs": []}
    for child, localized in zip(children, shown, strict=False):
        section = getattr(child, "edition_section", None)
        if section in sections:
            sections[section].append(localized)
        if section == "working_groups":
            localized.public_outputs = by_parent.get(child.path, [])
    return EditionSections(
        documents=sections["documents"],
        working_groups=sorted(sections["working_groups"], key=lambda page: page.number),
        outputs=sections["outputs"],
    )
