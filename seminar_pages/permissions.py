"""Wagtail's admin permissions, narrowed by the access policy in ``access.py``.

Wagtail decides page actions with ``PagePermissionTester`` (one page) and
``PagePermissionPolicy`` (listings: explorer, search, choosers). Both are extended here so
that closed-door material and working-group drafts are invisible in the admin to anyone
``access.py`` does not let in, and so that working-group roles open what they need.
"""

from wagtail.models import Page, PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy

from seminar_pages import access


class SeminarPagePermissionTester(PagePermissionTester):
    def __init__(self, user, page):
        super().__init__(user, page)
        self.hidden = not access.can_see_in_admin(user, page)
        if not self.user.is_active:
            return
        if self.hidden:
            self.permissions = set()
        elif not self.user.is_superuser:
            self.permissions = (
                self.permissions
                | access.admin_actions_from_roles(user, page)
                | access.translation_actions(user, page)
            )
            if access.approves_outputs(user) and getattr(
                page.specific_class, "approved_by_steering_committee", False
            ):
                # Approving the last task of the outputs workflow publishes the page.
                self.permissions = self.permissions | {"publish"}

    def _hidden_guard(name):
        def method(self, *args, **kwargs):
            if self.hidden:
                return False
            return getattr(PagePermissionTester, name)(self, *args, **kwargs)

        method.__name__ = name
        return method

    # Emptying ``self.permissions`` is not enough: some of Wagtail's checks do not look at
    # it (``can_view_revisions`` is true for every page but the root, and superusers skip
    # it everywhere). A hidden page answers no to all of them.
    can_edit = _hidden_guard("can_edit")
    can_unpublish = _hidden_guard("can_unpublish")
    can_publish = _hidden_guard("can_publish")
    can_move = _hidden_guard("can_move")
    can_view_revisions = _hidden_guard("can_view_revisions")
    can_add_subpage = _hidden_guard("can_add_subpage")
    can_lock = _hidden_guard("can_lock")
    can_unlock = _hidden_guard("can_unlock")
    can_submit_for_moderation = _hidden_guard("can_submit_for_moderation")
    del _hidden_guard

    # Moving is deleting and re-adding for Wagtail (``can_move`` asks ``can_delete``).
    def can_delete(self, ignore_bulk=False):
        if self.hidden or not access.may_restructure(self.user, self.page):
            return False
        return super().can_delete(ignore_bulk=ignore_bulk)

    def can_copy(self):
        if self.hidden or not access.may_restructure(self.user, self.page):
            return False
        return super().can_copy()


class SeminarPagePermissionPolicy(PagePermissionPolicy):
    # Asked for through ``policy_registry`` by ``SeminarBasePage.permissions_for_user``,
    # so that the page models need not import this module.
    tester_class = SeminarPagePermissionTester

    def instances_user_has_permission_for(self, user, action, within=None):
        """Also answers ``read`` (the public site), for callers that may not import ``access``.

        ``seminar_pages.reading`` asks it through the registry; ``within`` narrows the
        answer to a queryset of the caller's.
        """
        if action == "read":
            return access.visible_pages(user, within)
        pages = super().instances_user_has_permission_for(user, action)
        return pages if within is None else within.filter(pk__in=pages)

    def instances_user_has_any_permission_for(self, user, actions):
        pages = super().instances_user_has_any_permission_for(user, actions)
        if "change" in actions and access.translator_locale_ids(user):
            pages = pages | access.translator_pages(user)
        return access.admin_pages(user, pages)

    def instances_with_direct_explore_permission(self, user):
        pages = super().instances_with_direct_explore_permission(user)
        if user.is_superuser:
            return pages
        groups = access.working_groups_with_admin_roles(user)
        if groups:
            pages = list(pages) + list(Page.objects.filter(translation_key__in=groups))
        if access.translator_locale_ids(user):
            # The roots of the translator's language trees.
            pages = list(pages) + list(access.translator_pages(user).filter(depth=2))
        return pages

    def explorable_instances(self, user):
        if self.get_cached_permissions_for_user(user) or user.is_superuser:
            pages = super().explorable_instances(user)
        else:
            pages = Page.objects.none()
        groups = access.working_groups_with_admin_roles(user)
        if groups and not user.is_superuser:
            for group in Page.objects.filter(translation_key__in=groups):
                pages = pages | Page.objects.descendant_of(group, inclusive=True)
                pages = pages | Page.objects.ancestor_of(group)
        if access.translator_locale_ids(user) and not user.is_superuser:
            pages = pages | access.translator_pages(user) | Page.objects.filter(depth=1)
        return access.admin_pages(user, pages)
