"""Atom feeds of new outputs and recommendations: the whole series, one edition, one theme.

Feeds are read by feed readers and aggregators, which share what they fetch: they list
what an anonymous reader may read, whoever asks, never closed material or drafts. Each
is served under a language prefix and lists the outputs of the English tree in that
language where a public translation exists (English text under the language's URL
otherwise, as the site's own listings do).
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, Site

from outputs.citation import CITABLE_PAGE_TYPES
from outputs.models import Recommendation, WorkingGroupReportPage
from seminar_pages import access, languages, sharing
from seminar_pages.models import EditionPage, Topic
from seminar_pages.organiser import organiser

FEED_LENGTH = 30
RECOMMENDATION_TITLE_LENGTH = 120


# The access gate's questions about the objects feed URLs name ----------------------------


def edition_named(value, request=None):
    """The English edition with the number ``value``, or None."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return EditionPage.objects.filter(number=number, locale=Locale.get_default()).first()


def may_read_edition(user, edition, request=None):
    return access.can_view_page(user, edition)


def theme_named(value, request=None):
    return Topic.objects.filter(slug=value).first()


def any_reader(user, topic, request=None):
    # Topics are shared vocabulary, all listed in the public archive's filters: none is
    # closed. What a theme's feed lists is narrowed to public material below.
    return True


# What the feeds list -----------------------------------------------------------------------


@dataclass
class Scope:
    """What one feed covers, for one request."""

    request: object
    label: str
    link: str
    edition: EditionPage | None = None
    theme_keys: tuple = ()
    reader: object = field(default_factory=AnonymousUser)

    def public(self, pages):
        return access.visible_pages(self.reader, pages)


@dataclass(frozen=True)
class Entry:
    guid: str
    title: str
    link: str
    description: str
    published: object
    updated: object
    categories: tuple = ()


def _source_locale():
    return Locale.get_default()


def _home(request):
    site = Site.find_for_request(request)
    return site.root_page.localized if site is not None else None


def _in_reader_language(scope, pages):
    """Each page in the reader's language where a public translation exists."""
    reader = Locale.get_active()
    keys = [page.translation_key for page in pages if page.locale_id != reader.pk]
    if not keys:
        return pages
    found = {
        page.translation_key: page
        for page in scope.public(
            Page.objects.filter(translation_key__in=keys, locale=reader, alias_of__isnull=True)
        )
        .specific()
        .defer_streamfields()
    }
    return [found.get(page.translation_key, page) for page in pages]


def _theme_condition(keys):
    """Outputs of editions on the theme, and reports with recommendations on it."""
    condition = Q(
        pk__in=Recommendation.objects.filter(themes__translation_key__in=keys).values("page_id")
    )
    editions = EditionPage.objects.filter(
        locale=_source_locale(), topics__translation_key__in=keys
    ).values_list("path", flat=True)
    for path in editions:
        condition |= Q(path__startswith=path)
    return condition


def output_entries(scope):
    pages = Page.objects.type(*CITABLE_PAGE_TYPES).filter(
        locale=_source_locale(), alias_of__isnull=True
    )
    if scope.edition is not None:
        pages = pages.descendant_of(scope.edition)
    if scope.theme_keys:
        pages = pages.filter(_theme_condition(scope.theme_keys))
    pages = list(
        scope.public(pages)
        .order_by("-first_published_at", "-pk")
        .specific()
        .defer_streamfields()[:FEED_LENGTH]
    )
    entries = []
    for page in _in_reader_language(scope, pages):
        entries.append(
            Entry(
                guid=f"urn:uuid:{page.translation_key}",
                title=page.title,
                link=languages.reader_url(scope.request, page),
                description=escape(sharing.plain_description(page)),
                published=page.first_published_at,
                updated=page.last_published_at or page.first_published_at,
                categories=(str(page._meta.verbose_name),),
            )
        )
    return entries


def _recommendations_in_reader_language(scope, recommendations):
    reader = Locale.get_active()
    keys = [item.translation_key for item in recommendations if item.locale_id != reader.pk]
    if not keys:
        return recommendations
    reports = scope.public(
        WorkingGroupReportPage.objects.filter(locale=reader, alias_of__isnull=True)
    )
    found = {
        item.translation_key: item
        for item in Recommendation.objects.filter(
            translation_key__in=keys, locale=reader, page__in=reports
        )
        .select_related("page")
        .prefetch_related("themes")
    }
    return [found.get(item.translation_key, item) for item in recommendations]


def recommendation_entries(scope):
    reports = scope.public(
        WorkingGroupReportPage.objects.filter(locale=_source_locale(), alias_of__isnull=True)
    )
    if scope.edition is not None:
        reports = reports.descendant_of(scope.edition)
    recommendations = Recommendation.objects.filter(page__in=reports)
    if scope.theme_keys:
        recommendations = recommendations.filter(
            pk__in=Recommendation.objects.filter(
                themes__translation_key__in=scope.theme_keys
            ).values("pk")
        )
    recommendations = list(
        recommendations.select_related("page")
        .prefetch_related("themes")
        .order_by("-page__first_published_at", "page_id", "sort_order", "pk")[:FEED_LENGTH]
    )
    entries = []
    for item in _recommendations_in_reader_language(scope, recommendations):
        report = item.page
        text = Truncator(" ".join(item.text.split())).chars(RECOMMENDATION_TITLE_LENGTH)
        entries.append(
            Entry(
                guid=f"urn:uuid:{item.translation_key}",
                title=f"{item.identifier}: {text}",
                link=f"{languages.reader_url(scope.request, report)}#{item.identifier}",
                description=linebreaks(escape(item.text)),
                published=report.first_published_at,
                updated=report.last_published_at or report.first_published_at,
                categories=tuple(theme.name for theme in item.themes.all()),
            )
        )
    return entries


# Scopes -----------------------------------------------------------------------------------


def _localized_title(scope, page):
    (shown,) = _in_reader_language(scope, [page])
    return shown.title


def series_scope(request):
    home = _home(request)
    return Scope(
        request=request,
        label=_("Informal ASEM Seminar on Human Rights"),
        link=languages.reader_url(request, home) if home is not None else "/",
    )


def edition_scope(request, number):
    scope = series_scope(request)
    edition = scope.public(EditionPage.objects.filter(number=number, locale=_source_locale()))
    edition = edition.first()
    if edition is None:
        raise Http404("No public edition has this number.")
    scope.edition = edition
    scope.label = _localized_title(scope, edition)
    scope.link = languages.reader_url(request, edition)
    return scope


def theme_scope(request, slug):
    scope = series_scope(request)
    keys = tuple(Topic.objects.filter(slug=slug).values_list("translation_key", flat=True))
    if not keys:
        raise Http404("No theme has this slug.")
    topics = {topic.locale_id: topic for topic in Topic.objects.filter(translation_key__in=keys)}
    shown = topics.get(Locale.get_active().pk) or topics.get(_source_locale().pk)
    scope.theme_keys = keys
    scope.label = (shown or next(iter(topics.values()))).name
    return scope


# Feeds ------------------------------------------------------------------------------------


class SeminarFeed(Feed):
    feed_type = Atom1Feed
    entries = None
    title_format = ""
    subtitle_text = ""

    def get_object(self, request, edition=None, theme=None):
        if edition is not None:
            return edition_scope(request, edition)
        if theme is not None:
            return theme_scope(request, theme)
        return series_scope(request)

    def title(self, scope):
        return self.title_format % {"scope": scope.label}

    def subtitle(self, scope):
        return self.subtitle_text

    def link(self, scope):
        return scope.link

    def feed_url(self, scope):
        return scope.request.path

    def feed_guid(self, scope):
        return scope.request.build_absolute_uri(scope.request.path)

    def author_name(self, scope):
        return str(organiser())

    def items(self, scope):
        return self.entries(scope)

    def item_guid(self, entry):
        return entry.guid

    def item_title(self, entry):
        return entry.title

    def item_link(self, entry):
        return entry.link

    def item_description(self, entry):
        return entry.description

    def item_pubdate(self, entry):
        return entry.published

    def item_updateddate(self, entry):
        return entry.updated

    def item_categories(self, entry):
        return entry.categories


class OutputsFeed(SeminarFeed):
    entries = staticmethod(output_entries)

    @property
    def title_format(self):
        return _("%(scope)s: new outputs")

    @property
    def subtitle_text(self):
        return _("Working Group Reports, Key Messages and Seminar Reports, newest first.")


class RecommendationsFeed(SeminarFeed):
    entries = staticmethod(recommendation_entries)

    @property
    def title_format(self):
        return _("%(scope)s: new recommendations")

    @property
    def subtitle_text(self):
        return _("Recommendations of the working groups, newest first.")
