"""Closed material changes no count or marker that others see in the admin.

Treebeard stores each page's number of children (``numchild``) on the page row, and
Wagtail's admin reads it, or counts descendants without asking ``access.py``, wherever it
draws the tree: the folder icon and "explore child pages" arrow of page listings, the "has
child pages" filter, the page chooser's "descend" arrow and its page-type filter, the admin
API's ``has_children`` filter, the descendant counts of confirmations, and the Delete and
Move buttons (Wagtail's ``PagePermissionTester.can_delete`` looks at ``is_leaf`` and at
every descendant's owner and status). Each would tell a member of another working group
that something was filed below a public page.

Here each is given the value the user would see if the pages hidden from them
(``access.can_see_in_admin`` is False) did not exist, in a bounded number of queries:

- listings and choosers carry a child count filtered by ``access.admin_pages``, annotated
  in SQL under the name ``numchild`` so that Wagtail's own templates and filters read it;
- confirmations (unpublish, move, bulk actions) count with ``access.admin_pages``;
- Delete and Move buttons are shown as they would be without the hidden pages, while the
  actions keep Wagtail's stored-tree test and the guards below: deleting a page must not
  delete closed material the user cannot see (unpublishing and publishing descendants
  already skip the pages the user may not act on);
- the admin API's pages and documents endpoints are replaced (``admin_api.py``);
- the dashboard's page count is ``defaults.ReadablePagesSummaryItem``.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import (
    CharField,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Concat
from wagtail import hooks
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.admin.views.pages.listing import PageListingMixin
from wagtail.admin.views.pages.unpublish import UnpublishView
from wagtail.admin.wagtail_hooks import PageListingDeleteButton, PageListingMoveButton
from wagtail.models import Page

from seminar_pages import access

# Listings -------------------------------------------------------------------------------


def _visible_child_count(user):
    """A subquery counting the children of the outer page that ``user`` sees in the admin."""
    first, last = Page.alphabet[0] * Page.steplen, Page.alphabet[-1] * Page.steplen
    children = Page.objects.filter(
        depth=OuterRef("depth") + 1,
        # Treebeard's own children interval (``MP_Node.get_children``), served by the index.
        path__gte=Concat(OuterRef("path"), Value(first), output_field=CharField()),
        path__lte=Concat(OuterRef("path"), Value(last), output_field=CharField()),
    )
    counted = (
        access.admin_pages(user, children)
        .order_by()
        .annotate(count=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values("count")
    )
    return Subquery(counted, output_field=IntegerField())


def with_visible_child_counts(user, pages):
    """``pages`` whose ``numchild`` counts only the children ``user`` sees in the admin.

    The count is an annotation named after treebeard's field, so that everything Wagtail
    does with the queryset afterwards reads it: ``filter(numchild__gt=0)`` (Django resolves
    annotations before fields), ``is_leaf()``, ``get_children_count()`` and
    ``is_navigable()`` on the instances (the annotation is set on each instance after its
    fields, also by ``.specific()``). ``QuerySet.annotate`` refuses a name that is a field,
    hence ``Query.add_annotation``. Use it only for pages that are displayed: an instance
    carrying the count must not be used to change the tree.

    One correlated subquery per listed page, in the listing's own query.
    """
    if not isinstance(pages, QuerySet) or access.reads_all_closed_material(user):
        return pages
    if "numchild" in pages.query.annotations:
        return pages
    pages = pages.all()
    pages.query.add_annotation(_visible_child_count(user), "numchild")
    return pages


def _count_visible_children_in_page_listings():
    """Wrap ``wagtail.admin.views.pages.listing.PageListingMixin.annotate_queryset``.

    A monkeypatch (one of two, with ``_count_seen_descendants_when_unpublishing``): Wagtail's
    page listings (the explorer, the page
    search at ``/admin/pages/search/``, the per-type listings, the workflow's pages) build
    their queryset in ``get_base_queryset``/``get_queryset`` and apply the "has child pages"
    filter (``HasChildPagesFilter``: ``numchild__gt=0``) before any hook is called; the
    search listing calls none (``construct_explorer_page_queryset`` is called by the
    explorer only, after filtering). Every one of them calls ``annotate_queryset`` first.
    """
    if getattr(PageListingMixin.annotate_queryset, "counts_visible_children", False):
        return
    wagtail_annotate_queryset = PageListingMixin.annotate_queryset

    def annotate_queryset(self, pages):
        return with_visible_child_counts(self.request.user, wagtail_annotate_queryset(self, pages))

    annotate_queryset.counts_visible_children = True
    PageListingMixin.annotate_queryset = annotate_queryset


_count_visible_children_in_page_listings()


@hooks.register("construct_page_chooser_queryset")
def count_visible_children_in_choosers(pages, request):
    # The browse view then filters ``numchild__gt=0`` (pages one may descend into) and reads
    # ``get_children_count()`` for the arrow: both read the annotation.
    return with_visible_child_counts(request.user, pages)


# Delete and Move ------------------------------------------------------------------------


def _tree_of(page):
    """A Q for ``page`` and everything below it and below its translations and aliases
    (what Wagtail's delete and unpublish views cascade to)."""
    paths = [
        page.path,
        *Page.objects.filter(Q(translation_key=page.translation_key) | Q(alias_of_id=page.pk))
        .exclude(pk=page.pk)
        .values_list("path", flat=True),
    ]
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def _seen_below(user, page):
    return access.admin_pages(user, Page.objects.descendant_of(page))


def reaches_unseen_pages(user, page, live=False):
    """Whether an action on ``page`` and its subtree (and its translations') would touch
    pages ``user`` does not see in the admin. One query (none for readers of everything)."""
    if access.reads_all_closed_material(user):
        return False
    below = Page.objects.filter(_tree_of(page))
    if live:
        below = below.live()
    return below.exclude(pk__in=access.admin_pages(user, below).values("pk")).exists()


def deletable_as_seen(user, page, ignore_bulk=False):
    """Wagtail's ``PagePermissionTester.can_delete`` (``wagtail/models/pages.py``), asked of
    the pages ``user`` sees: whether Wagtail would let ``user`` delete ``page`` if the pages
    hidden from them did not exist."""
    tester = page.permissions_for_user(user)
    if not user.is_active or tester.page_is_root:
        return False
    if user.is_superuser:
        return True
    if not access.can_see_in_admin(user, page) or not access.may_restructure(user, page):
        return False
    permissions = tester.permissions
    seen = access.admin_pages(user, Page.objects.descendant_of(page, inclusive=True))
    if (
        "bulk_delete" not in permissions
        and not ignore_bulk
        and seen.filter(depth=page.depth + 1).exists()
    ):
        return False
    if "change" in permissions:
        return "publish" in permissions or not seen.live().exists()
    if "add" in permissions:
        if "publish" in permissions:
            return not seen.exclude(owner=user).exists()
        return not seen.exclude(live=False, owner=user).exists()
    return False


class _ShownAsIfHiddenPagesDidNotExist:
    """Shown where Wagtail's own button is hidden only because of pages hidden from the
    user; same label, link and priority, so the two cannot be told apart."""

    wagtail_test = None
    ignore_bulk = False

    def is_shown(self, user):
        if access.reads_all_closed_material(user):
            return False
        if getattr(self.page.permissions_for_user(user), self.wagtail_test)():
            return False  # Wagtail shows its own button.
        return deletable_as_seen(user, self.page, ignore_bulk=self.ignore_bulk)


class DeleteButtonAsSeen(_ShownAsIfHiddenPagesDidNotExist, PageListingDeleteButton):
    wagtail_test = "can_delete"


class MoveButtonAsSeen(_ShownAsIfHiddenPagesDidNotExist, PageListingMoveButton):
    # ``can_move`` is ``can_delete(ignore_bulk=True)``.
    wagtail_test = "can_move"
    ignore_bulk = True


@hooks.register("register_page_listing_more_buttons")
def listing_buttons_as_seen(page, user, next_url=None):
    # Priorities and arguments of Wagtail's ``page_listing_more_buttons``.
    yield MoveButtonAsSeen(page=page, priority=10)
    yield DeleteButtonAsSeen(page=page, next_url=next_url, priority=30)


@hooks.register("register_page_header_buttons")
def header_buttons_as_seen(page, user, view_name, next_url=None):
    # Priorities and arguments of Wagtail's ``page_header_buttons``.
    yield MoveButtonAsSeen(page=page, priority=20)
    yield DeleteButtonAsSeen(page=page, next_url=next_url, priority=50)


@hooks.register("before_delete_page")
def refuse_deleting_unseen_pages(request, page):
    # Someone allowed to delete a subtree (``bulk_delete``) may not delete closed material
    # they cannot see: refused like any page they may not delete.
    if reaches_unseen_pages(request.user, page):
        raise PermissionDenied


@hooks.register("before_move_page")
def show_the_move_as_seen(request, page_to_move, destination):
    # The confirmation says "this page and all of its children" unless ``is_leaf``. On GET
    # the page is only displayed; on POST it is moved, with its stored count.
    if request.method == "GET" and not access.reads_all_closed_material(request.user):
        page_to_move.numchild = (
            _seen_below(request.user, page_to_move).filter(depth=page_to_move.depth + 1).count()
        )


def _count_seen_descendants_when_unpublishing():
    """Wrap ``wagtail.admin.views.pages.unpublish.UnpublishView.get_context_data``.

    A monkeypatch: the confirmation offers "This page has N subpages. Unpublish these too"
    from ``live_descendant_count`` and ``translation_descendant_count``, counted over every
    descendant, and no hook reaches its context (``before_unpublish_page`` runs on POST
    only). Unpublishing itself skips the pages hidden from the user (``UnpublishPageAction``
    asks each descendant's ``can_unpublish``).
    """
    if getattr(UnpublishView.get_context_data, "counts_seen_descendants", False):
        return
    wagtail_get_context_data = UnpublishView.get_context_data

    def get_context_data(self, **kwargs):
        context = wagtail_get_context_data(self, **kwargs)
        user = self.request.user
        if not access.reads_all_closed_material(user):
            context["live_descendant_count"] = _seen_below(user, self.object).live().count()
            context["translation_descendant_count"] = sum(
                _seen_below(user, page).filter(alias_of__isnull=True).live().count()
                for page in self.objects_to_unpublish[1:]
            )
        return context

    get_context_data.counts_seen_descendants = True
    UnpublishView.get_context_data = get_context_data


_count_seen_descendants_when_unpublishing()


class SeenDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete of pages, judged and counted over the pages the user sees."""

    def check_perm(self, page):
        return super().check_perm(page) or deletable_as_seen(self.request.user, page)

    def object_context(self, page):
        context = super().object_context(page)
        context["descendant_count"] = _seen_below(self.request.user, page).count()
        return context

    def prepare_action(self, objects, objects_without_access):
        # Deleting a page deletes its subtree: refused when it holds pages hidden from the user.
        if any(reaches_unseen_pages(self.request.user, page) for page in objects):
            raise PermissionDenied
        return super().prepare_action(objects, objects_without_access)


class SeenMoveBulkAction(MoveBulkAction):
    def object_context(self, page):
        context = super().object_context(page)
        seen = _seen_below(self.request.user, page)
        context["child_pages"] = seen.count()
        # The template asks ``is_leaf`` of this instance, built for the confirmation only
        # (``form_valid`` fetches its own).
        context["item"].numchild = seen.filter(depth=page.depth + 1).count()
        return context


class SeenPublishBulkAction(PublishBulkAction):
    # Publishing descendants skips those the user may not publish (hidden pages).
    def object_context(self, page):
        context = super().object_context(page)
        context["draft_descendant_count"] = _seen_below(self.request.user, page).not_live().count()
        return context


class SeenUnpublishBulkAction(UnpublishBulkAction):
    def object_context(self, page):
        context = super().object_context(page)
        context["live_descendant_count"] = _seen_below(self.request.user, page).live().count()
        return context


for _action in (
    SeenDeleteBulkAction,
    SeenMoveBulkAction,
    SeenPublishBulkAction,
    SeenUnpublishBulkAction,
):
    # Registered after Wagtail's own, which they replace (same model and action type).
    hooks.register("register_bulk_action", _action)
