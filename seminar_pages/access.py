"""Who may read what: the one module that decides.

Every way out of the system (page serving, listings, sitemap, permalinks, search,
exports) asks this module instead of checking page state or permissions itself, so
that a rule changed here is changed everywhere.
"""

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction


def _restricted_paths(user):
    """Tree paths of the view-restricted sections that ``user`` may not enter.

    Costs a fixed number of queries whatever the number of restrictions.
    """
    if user is not None and user.is_active and user.is_superuser:
        return []
    authenticated = user is not None and user.is_authenticated and user.is_active
    group_ids = set(user.groups.values_list("pk", flat=True)) if authenticated else set()
    restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("groups")
    denied = []
    for restriction in restrictions:
        if restriction.restriction_type == PageViewRestriction.LOGIN and authenticated:
            continue
        if restriction.restriction_type == PageViewRestriction.GROUPS and group_ids.intersection(
            group.pk for group in restriction.groups.all()
        ):
            continue
        denied.append(restriction.page.path)
    return denied


def visible_pages(user, queryset=None):
    """Restrict a page queryset to the pages ``user`` may read on the public site.

    Args:
        user: the requesting user (``AnonymousUser`` for visitors), or None.
        queryset: a ``PageQuerySet`` (or specific page queryset); all pages if None.

    Returns:
        The queryset filtered in SQL to live pages outside any section the user may
        not enter.
    """
    queryset = Page.objects.all() if queryset is None else queryset
    queryset = queryset.live()
    denied = _restricted_paths(user)
    if denied:
        condition = Q()
        for path in denied:
            condition |= Q(path__startswith=path)
        queryset = queryset.exclude(condition)
    return queryset


def can_view_page(user, page):
    """Whether ``user`` may read ``page`` on the public site.

    Args:
        user: the requesting user, or None for an anonymous caller.
        page: any page instance (specific or not).

    Returns:
        True if the page is live and no restricted section around it excludes the user.
    """
    if not page.live:
        return False
    return not any(page.path.startswith(path) for path in _restricted_paths(user))
