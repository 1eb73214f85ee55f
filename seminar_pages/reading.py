"""The public site's question to the access policy, asked without importing it.

The page policy is the one registered with Wagtail (``SeminarPagePermissionPolicy``, in
``apps.ready``); it is looked up in ``policy_registry`` at call time, as Wagtail's own
models do, so the modules that hold data (the page models, ``listings``) may call this
one and still sit below the policy. Imports only Wagtail.
"""

from wagtail.models import Page
from wagtail.permissions import policy_registry


def readable(user, pages=None):
    """Narrow ``pages`` in SQL to what ``user`` may read on the public site.

    Args:
        user: the requesting user (``AnonymousUser`` for visitors), or None.
        pages: a page queryset (specific or not); all pages if None.

    Returns:
        The queryset filtered to live pages outside any section closed or restricted to
        the user (``access.visible_pages``, through the policy's ``read`` action).
    """
    return policy_registry.get_by_type(Page).instances_user_has_permission_for(
        user, "read", within=pages
    )
