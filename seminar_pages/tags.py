"""Tag suggestions in the admin, from the objects the user may read only.

Wagtail builds them without any permission check: ``wagtail.admin.views.tags.autocomplete``
(``/admin/tag-autocomplete/`` and ``/admin/tag-autocomplete/<app>/<model>/``, where the
model is a tag model) reads ``tag_model.objects`` directly, and the documents listing's tag
filter offers ``wagtail.admin.models.popular_tags_for_model(Document)``, so both named the
tags of documents in private collections to any admin user. Neither reads a queryset that a
hook could narrow, so:

- ``answer_tag_autocomplete`` answers the autocomplete URLs in place of Wagtail's view: the
  access gate (``gate.ANSWERED_BY_THE_GATE``) calls it once the admin's access is granted,
  so a site that adds the apps needs no URL of its own for it;
- ``ReadableTagsDocumentsFilterSet`` is the documents listing's filter set with tag choices
  from readable documents; ``apps.py`` makes it the listing's ``filterset_class`` (Wagtail
  has no hook for it), so that the listing keeps its own URLs and URL names, by which the
  access gate classifies views.

A tag is offered when at least one object the user may read carries it: for documents,
``access.readable_documents``; for pages, ``access.admin_pages``; objects of any other
model (images, snippets) count as today. A tag model that tags neither documents nor pages
is offered whole, as by Wagtail.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from taggit.models import (
    CommonGenericTaggedItemBase,
    GenericTaggedItemBase,
    ItemBase,
    Tag,
    TagBase,
)
from wagtail.admin.views.tags import TAGS_AUTOCOMPLETE_LIMIT
from wagtail.documents import get_document_model
from wagtail.documents.views.documents import DocumentsFilterSet
from wagtail.models import Page, get_page_models

from seminar_pages import access


def _through_models(tag_model):
    """The concrete taggit item models whose ``tag`` points to ``tag_model``."""
    for model in apps.get_models():
        if not issubclass(model, ItemBase):
            continue
        try:
            field = model._meta.get_field("tag")
        except FieldDoesNotExist:
            continue
        if field.related_model is tag_model:
            yield model


def readable_tags(user, tag_model=Tag):
    """The tags of ``tag_model`` that ``user`` may be offered (a queryset, one SQL query).

    Args:
        user: the requesting user.
        tag_model: taggit's ``Tag`` or another ``TagBase`` subclass.

    Returns:
        The tags carried by at least one document ``user`` may read, page ``user`` may see
        in the admin, or object of another model; every tag if the model tags neither
        documents nor pages.
    """
    document_model = get_document_model()
    documents = access.readable_documents(user, document_model.objects.all()).values("pk")
    uses = []
    guarded = False
    for through in _through_models(tag_model):
        if issubclass(through, CommonGenericTaggedItemBase):
            if not issubclass(through, GenericTaggedItemBase):
                # UUID object ids: neither documents nor pages can be tagged through it.
                uses.append(through.objects.all())
                continue
            guarded = True
            document_type = ContentType.objects.get_for_model(document_model)
            page_types = list(ContentType.objects.get_for_models(*get_page_models()).values())
            pages = access.admin_pages(user).values("pk")
            readable = (
                Q(content_type=document_type, object_id__in=documents)
                | Q(content_type__in=page_types, object_id__in=pages)
                | ~Q(content_type__in=[document_type, *page_types])
            )
            uses.append(through.objects.filter(readable))
            continue
        target = through._meta.get_field("content_object").related_model
        if issubclass(target, document_model):
            guarded = True
            uses.append(through.objects.filter(content_object__in=documents))
        elif issubclass(target, Page):
            guarded = True
            pages = access.admin_pages(user, target.objects.all()).values("pk")
            uses.append(through.objects.filter(content_object__in=pages))
        else:
            uses.append(through.objects.all())
    if not guarded:
        return tag_model.objects.all()
    condition = Q()
    for use in uses:
        condition |= Q(pk__in=use.values("tag_id"))
    return tag_model.objects.filter(condition)


def popular_document_tags(user, count=10):
    """``popular_tags_for_model(Document)``, counting only documents ``user`` may read."""
    document_model = get_document_model()
    documents = access.readable_documents(user, document_model.objects.all()).values("pk")
    return (
        Tag.objects.filter(
            taggit_taggeditem_items__content_type=ContentType.objects.get_for_model(document_model),
            taggit_taggeditem_items__object_id__in=documents,
        )
        .annotate(item_count=Count("taggit_taggeditem_items"))
        .order_by("-item_count", "name")[:count]
    )


def answer_tag_autocomplete(request, app_name=None, model_name=None):
    """Wagtail's tag autocomplete (same URLs, same JSON), from readable objects only.

    Args:
        request: the admin request (``term`` in its query string).
        app_name, model_name: the natural key of a tag model; taggit's ``Tag`` if absent.

    Returns:
        A JSON list of at most ten tag names starting with ``term``.

    Raises:
        Http404: for an unknown model or one that is not a tag model.
    """
    if app_name and model_name:
        try:
            content_type = ContentType.objects.get_by_natural_key(app_name, model_name)
        except ContentType.DoesNotExist as error:
            raise Http404 from error
        tag_model = content_type.model_class()
        if tag_model is None or not issubclass(tag_model, TagBase):
            raise Http404
    else:
        tag_model = Tag
    term = request.GET.get("term", None)
    tags = []
    if term:
        tags = list(
            readable_tags(request.user, tag_model)
            .filter(name__istartswith=term)
            .order_by("name")
            .values_list("name", flat=True)[:TAGS_AUTOCOMPLETE_LIMIT]
        )
    return JsonResponse(tags, safe=False)


class ReadableTagsDocumentsFilterSet(DocumentsFilterSet):
    """Wagtail's documents filter set; its tag choices are tags of readable documents."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        tag_filter = self.filters.get("tag")
        if tag_filter is None:
            return
        popular = popular_document_tags(request.user)
        if popular:
            tag_filter.extra["choices"] = [(tag.name, tag.name) for tag in popular]
        else:
            del self.filters["tag"]
