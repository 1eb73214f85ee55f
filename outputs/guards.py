"""Refusals that keep lineage whole: a recommendation that live pages carry forward (Key
Messages, a Seminar Report, any page whose content references it) stays published.

The references come from Wagtail's reference index, so a page type that chooses
recommendations is covered without code here. Live pages are named whoever asks: their
titles are public. The models call ``refuse_unpublishing`` and ``refuse_removing`` at the
model level (``unpublish()`` and ``save()``), the admin's hooks and forms call them first
to answer with a message instead of an error. No policy here: it sits below the models.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import IntegerField
from django.db.models.functions import Cast
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, ReferenceIndex


class LineageError(ValidationError):
    """The change would leave live pages carrying a recommendation nobody can read."""

    def __init__(self, message, carriers):
        super().__init__(message, code="breaks_lineage")
        self.carriers = carriers


def _references_to(recommendations):
    recommendations = [item for item in recommendations if item.pk]
    if not recommendations:
        return ReferenceIndex.objects.none()
    content_type = ReferenceIndex._get_base_content_type(type(recommendations[0]))
    return ReferenceIndex.objects.filter(
        to_content_type=content_type,
        to_object_id__in=[str(item.pk) for item in recommendations],
    )


def live_carriers(recommendations, exclude_paths=()):
    """The live pages whose content references any of ``recommendations``, by title.

    Args:
        recommendations: ``Recommendation`` records.
        exclude_paths: tree paths whose pages (and descendants) do not count, e.g. the
            section being deleted together with its Key Messages.
    """
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = _references_to(recommendations).filter(base_content_type=page_type)
    # The index keeps object ids as text: PostgreSQL compares them with ids once cast.
    pages = Page.objects.live().filter(
        pk__in=page_ids.annotate(page_pk=Cast("object_id", IntegerField()))
        .values_list("page_pk", flat=True)
        .distinct()
    )
    for path in exclude_paths:
        pages = pages.exclude(path__startswith=path)
    return list(pages.order_by("title", "pk"))


def carriers_by_recommendation(recommendations):
    """{recommendation pk: [live pages that carry it]} for those that are carried."""
    references = list(
        _references_to(recommendations)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("to_object_id", "object_id")
    )
    live = {
        str(page.pk): page
        for page in Page.objects.live().filter(pk__in={int(pk) for _to, pk in references})
    }
    carried = {}
    for to_id, page_id in references:
        if page_id in live and live[page_id] not in carried.setdefault(int(to_id), []):
            carried[int(to_id)].append(live[page_id])
    return {pk: pages for pk, pages in carried.items() if pages}


def _titles(pages):
    return ", ".join(f"“{page.title}”" for page in pages)


UNPUBLISHING = _(
    "“{report}” cannot be unpublished: its recommendations are carried forward by {pages}. "
    "Remove them from those pages first."
)
DELETING = _(
    "“{report}” cannot be deleted: its recommendations are carried forward by {pages}. "
    "Remove them from those pages first."
)


def refuse_unpublishing(report, exclude_paths=(), deleting=False):
    """Raise ``LineageError`` when live pages carry a recommendation of ``report``.

    Args:
        report: a ``WorkingGroupReportPage`` about to be unpublished (or deleted).
        exclude_paths: tree paths of pages that go with it (a deleted section).
        deleting: word the message for deleting.
    """
    carriers = live_carriers(list(report.recommendations.all()), exclude_paths)
    if carriers:
        raise LineageError(
            format_lazy(
                DELETING if deleting else UNPUBLISHING,
                report=report.title,
                pages=_titles(carriers),
            ),
            carriers,
        )


def removed_recommendations(report, kept_pks):
    """The stored recommendations of ``report`` whose pk is not in ``kept_pks``."""
    if not report.pk:
        return []
    stored = type(report).recommendations.rel.related_model.objects.filter(page_id=report.pk)
    return list(stored.exclude(pk__in=[pk for pk in kept_pks if pk]))


def refuse_removing(removed):
    """Raise ``LineageError`` when live pages carry one of the ``removed`` recommendations."""
    carried = carriers_by_recommendation(removed)
    if not carried:
        return
    by_pk = {item.pk: item for item in removed}
    parts = [
        format_lazy(
            _("{identifier} (carried forward by {pages})"),
            identifier=by_pk[pk].identifier,
            pages=_titles(pages),
        )
        for pk, pages in sorted(carried.items(), key=lambda entry: by_pk[entry[0]].identifier)
    ]
    raise LineageError(
        format_lazy(
            _(
                "These recommendations cannot be deleted: {items}. Remove them from those "
                "pages first."
            ),
            items="; ".join(str(part) for part in parts),
        ),
        sorted({page for pages in carried.values() for page in pages}, key=lambda p: p.title),
    )
