"""Lineage, as readers see it: where a recommendation was carried forward, and which
recommendations a page carries.

Both directions read Wagtail's reference index, so that any page type whose content
references a recommendation (a ``RecommendationChooserBlock``, a foreign key) shows up
without code here. A recommendation exists once per language with one translation key:
its lineage is that of all its copies, and each page is shown in the reader's language
where a readable translation exists. Each answer costs a fixed number of queries,
whatever the number of recommendations and references.

The refusals that keep lineage whole (unpublishing, deleting) are ``outputs.guards``.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from wagtail.models import Locale, Page, ReferenceIndex

from outputs.models import Recommendation, WorkingGroupReportPage
from seminar_pages import access


def _in_locale(pages, user, locale):
    """``pages`` with each replaced by its readable translation into ``locale``, if any."""
    if locale is None:
        return pages
    translations = {
        page.translation_key: page
        for page in access.visible_pages(
            user,
            Page.objects.filter(
                translation_key__in={page.translation_key for page in pages},
                locale=locale,
                alias_of__isnull=True,
            ),
        )
    }
    return [translations.get(page.translation_key, page) for page in pages]


def carried_forward_by_recommendation(recommendations, user, locale=None):
    """Where each of ``recommendations`` was carried forward, for ``user`` to read.

    Args:
        recommendations: ``Recommendation`` records (of any language).
        user: the reader (``AnonymousUser`` for visitors).
        locale: the reader's ``Locale`` (default: the active language's).

    Returns:
        {recommendation pk: [pages]}: the live pages ``user`` may read whose content
        references the recommendation in any of its languages, one per translated page
        (in ``locale`` where readable), Key Messages and Seminar Reports alike, by title.
    """
    recommendations = [item for item in recommendations if item.pk]
    result = {item.pk: [] for item in recommendations}
    if not recommendations:
        return result
    if locale is None:
        locale = Locale.get_active()
    by_key = defaultdict(list)
    for item in recommendations:
        by_key[item.translation_key].append(item.pk)
    # One query: the references to any language's copy, with that copy's translation key.
    copies = Recommendation.objects.annotate(pk_text=Cast("pk", CharField()))
    references = list(
        ReferenceIndex.objects.filter(
            to_content_type=ReferenceIndex._get_base_content_type(Recommendation),
            base_content_type=ContentType.objects.get_for_model(Page),
            to_object_id__in=copies.filter(translation_key__in=by_key).values("pk_text"),
        )
        .annotate(
            key=Subquery(
                copies.filter(pk_text=OuterRef("to_object_id")).values("translation_key")[:1]
            )
        )
        .values_list("key", "object_id")
    )
    if not references:
        return result
    pages = {
        page.pk: page
        for page in access.visible_pages(
            user,
            Page.objects.filter(
                pk__in={int(page_id) for _key, page_id in references}, alias_of__isnull=True
            ),
        )
    }
    default_locale_id = Locale.get_default().pk
    carriers = defaultdict(dict)  # translation key of a recommendation -> {page key: page}
    for key, page_id in references:
        page = pages.get(int(page_id))
        if page is None:
            continue
        found = carriers[key]
        held = found.get(page.translation_key)
        if held is None or (
            held.locale_id != default_locale_id and page.locale_id == default_locale_id
        ):
            found[page.translation_key] = page
    shown = _in_locale(
        [page for found in carriers.values() for page in found.values()], user, locale
    )
    by_page_key = {page.translation_key: page for page in shown}
    for key, found in carriers.items():
        listed = sorted(
            (by_page_key[page_key] for page_key in found), key=lambda page: (page.title, page.pk)
        )
        for pk in by_key[key]:
            result[pk] = listed
    return result


def carried_forward_in(recommendation, user, locale=None):
    """The live pages ``user`` may read that carry ``recommendation`` forward.

    Args:
        recommendation: a ``Recommendation`` (of any language).
        user: the reader.
        locale: the reader's ``Locale`` (default: the active language's).

    Returns:
        A list of pages (Key Messages, Seminar Reports, any page referencing it), each in
        ``locale`` where a readable translation exists.
    """
    return carried_forward_by_recommendation([recommendation], user, locale)[recommendation.pk]


def readable_recommendations(recommendations, user, locale=None):
    """``recommendations`` as ``user`` may read them, in ``locale`` where translated.

    Args:
        recommendations: ``Recommendation`` records (a page's chosen ones; None ignored).
        user: the reader.
        locale: the reader's ``Locale`` (default: the active language's).

    Returns:
        {recommendation pk: the record to show}, for those on a report ``user`` may read
        (the reader's translation of it where its report is readable in that language).
    """
    recommendations = [item for item in recommendations if item is not None]
    if not recommendations:
        return {}
    if locale is None:
        locale = Locale.get_active()
    keys = {item.translation_key for item in recommendations}
    readable = Recommendation.objects.filter(
        translation_key__in=keys,
        page__in=access.visible_pages(user, WorkingGroupReportPage.objects.all()),
    ).filter(locale_id__in={locale.pk, *(item.locale_id for item in recommendations)})
    by_key = defaultdict(dict)
    for item in readable:
        by_key[item.translation_key][item.locale_id] = item
    shown = {}
    for item in recommendations:
        found = by_key.get(item.translation_key, {})
        if item.locale_id in found:
            shown[item.pk] = found.get(locale.pk, found[item.locale_id])
    return shown


def recommendations_of_messages(page, user, locale=None):
    """Each message of a Key Messages ``page`` with the recommendations it carries.

    Returns:
        A list of (message block, [recommendations]) in the page's order; only readable
        recommendations, in the reader's language where translated.
    """
    messages = list(page.messages)
    chosen = [
        item
        for message in messages
        for item in (message.value.get("recommendations") or [])
        if item is not None
    ]
    shown = readable_recommendations(chosen, user, locale)
    return [
        (
            message,
            [
                shown[item.pk]
                for item in (message.value.get("recommendations") or [])
                if item is not None and item.pk in shown
            ],
        )
        for message in messages
    ]
