"""The admin API's endpoints, narrowed by ``access.py`` (registered in ``admin_counts``).

Wagtail's admin API lists every document outside view-restricted collections to any admin
user, with its title, tags and download URL (PITFALLS 23), and filters pages on the stored
``numchild`` (``has_children``, PITFALLS 22). Here documents are those the user may read,
pages' ``has_children`` counts the children they see, and a private document or a hidden
page answers exactly like an id that does not exist (the querysets do not hold them).
"""

from wagtail import hooks
from wagtail.actions.delete_page import DeletePagePermissionError
from wagtail.admin.api.actions.delete import DeletePageAPIAction
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet

from seminar_pages import access
from seminar_pages.admin_counts import reaches_unseen_pages, with_visible_child_counts


class SeenDeletePageAPIAction(DeletePageAPIAction):
    def execute(self, instance, data):
        # Deleting a page deletes its subtree: not when it holds pages hidden from the user.
        if reaches_unseen_pages(self.request.user, instance):
            raise DeletePagePermissionError("You do not have permission to delete this page.")
        return super().execute(instance, data)


class SeenPagesAdminAPIViewSet(PagesAdminAPIViewSet):
    """Pages as the user sees them: ``get_base_queryset`` is the permission policy's
    ``explorable_instances``, already narrowed by ``access.admin_pages`` (so are details,
    ``children`` and ``descendants`` counts, and ``child_of``); ``has_children`` reads a
    child count of the pages the user sees."""

    actions = {
        **PagesAdminAPIViewSet.actions,
        "delete": SeenDeletePageAPIAction,
    }

    def filter_queryset(self, queryset):
        if self.action == "listing_view":
            # Listings only: a detail's instance may be acted on (``action_view``), and an
            # instance carrying the count must not change the tree.
            queryset = with_visible_child_counts(self.request.user, queryset)
        return super().filter_queryset(queryset)


class SeenDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    """Documents the user may read: listing, ``search``, ``find`` and detail alike."""

    def get_queryset(self):
        return access.readable_documents(self.request.user, super().get_queryset())


@hooks.register("construct_admin_api")
def narrow_the_admin_api(router):
    router.register_endpoint("pages", SeenPagesAdminAPIViewSet)
    router.register_endpoint("documents", SeenDocumentsAdminAPIViewSet)
