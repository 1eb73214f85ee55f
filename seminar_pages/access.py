"""Who may read what: the one module that decides.

Every way out of the system (page serving and preview, the admin's explorer, search,
choosers, revisions, documents, the sitemap, permalinks, menus, exports) asks this
module instead of checking page state or permissions itself, so that a rule changed
here is changed everywhere.

Closed-door material is any page marked with a ``ClosedDoor`` (session notes are marked
when created; editors may mark any page), with its translations in every locale, its
aliases and everything below it. It is readable by the Secretariat, the Steering
Committee and the people holding a role in its working group. Reports that a working
group drafts are closed in the admin (drafts, previews, revisions) in the same way.

Each answer costs a fixed number of queries whatever the number of pages, groups and
grants, and is remembered on the user object for the rest of the request.
"""

from dataclasses import dataclass
from itertools import count

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Page, PageViewRestriction, get_page_models

from seminar_pages import events

SECRETARIAT = "ASEF Secretariat"
# Wagtail's default "Editors" group, taken over by migration 0010: page rights from the root
# (the permission policy hides closed material from them), documents, the admin.
PUBLIC_EDITORS = "Public-section editors"
STEERING_COMMITTEE = "Steering Committee"
TRANSLATORS = "Translators"
ASEM_PARTNERS = "ASEM Partners"
READERS_OF_ALL_CLOSED_MATERIAL = (SECRETARIAT, STEERING_COMMITTEE)

# Roles per working group, stored as django-guardian object permissions on the group's page.
ROLES = {
    "member": ("member_of_working_group", _("Member")),
    "note_taker": ("take_notes", _("Note-taker")),
    "rapporteur": ("draft_report", _("Rapporteur")),
    "moderator": ("moderate_working_group", _("Moderator")),
}
ROLE_BY_CODENAME = {codename: role for role, (codename, _label) in ROLES.items()}
# What each role may do in the admin within its working group.
ROLE_ADMIN_ACTIONS = {
    # Note-takers publish their notes (closed, so visible to the group only); reports
    # they may not create (see ``may_create_draft``).
    "note_taker": {"closed": {"add", "change", "publish"}, "group": {"add", "publish"}},
    "rapporteur": {"drafting": {"add", "change"}, "group": {"add"}},
    "moderator": {"drafting": {"change"}},
    "member": {},
}

_generation = count()
_current = [next(_generation)]


def forget_cached_answers(**kwargs):
    """Invalidate every remembered answer in this process (connected to model signals)."""
    _current[0] = next(_generation)


def _cached(user, key, compute):
    if user is None:
        return compute()
    cache = getattr(user, "_seminar_access_cache", None)
    if cache is None or cache[0] != _current[0]:
        cache = (_current[0], {})
        try:
            user._seminar_access_cache = cache
        except AttributeError:
            return compute()
    if key not in cache[1]:
        cache[1][key] = compute()
    return cache[1][key]


def _is_active(user):
    return user is not None and user.is_authenticated and user.is_active


def _group_names(user):
    if not _is_active(user):
        return frozenset()
    return _cached(user, "groups", lambda: frozenset(user.groups.values_list("name", flat=True)))


def reads_all_closed_material(user):
    """Whether ``user`` may read every working group's closed material.

    Args:
        user: any user, anonymous, or None.

    Returns:
        True for superusers and members of the Secretariat or the Steering Committee.
    """
    if not _is_active(user):
        return False
    return user.is_superuser or bool(_group_names(user) & set(READERS_OF_ALL_CLOSED_MATERIAL))


def can_manage_roles(user):
    """Whether ``user`` may grant and revoke working-group roles (ASEF editors)."""
    return _is_active(user) and (user.is_superuser or SECRETARIAT in _group_names(user))


def manages_dissemination(user):
    """Whether ``user`` sends Key Messages to the ASEM partners and keeps their record.

    The partners' contacts are personal data and the record is diplomatic correspondence:
    the Secretariat's (and superusers') alone.
    """
    return can_manage_roles(user)


def approves_outputs(user):
    """Steering Committee members approve outputs, which publishes them."""
    return STEERING_COMMITTEE in _group_names(user)


@dataclass(frozen=True)
class _Grants:
    """The working groups (by translation key) in which a user holds each role."""

    by_role: dict

    def groups_with(self, roles=None):
        roles = ROLES if roles is None else roles
        keys = set()
        for role in roles:
            keys |= self.by_role.get(role, set())
        return keys


def _grants(user):
    if not _is_active(user):
        return _Grants({})

    def compute():
        from seminar_pages.models import (
            WorkingGroupGroupObjectPermission,
            WorkingGroupUserObjectPermission,
        )

        codenames = list(ROLE_BY_CODENAME)
        rows = list(
            WorkingGroupUserObjectPermission.objects.filter(
                user=user, permission__codename__in=codenames
            ).values_list("permission__codename", "content_object__translation_key")
        ) + list(
            WorkingGroupGroupObjectPermission.objects.filter(
                group__user=user, permission__codename__in=codenames
            ).values_list("permission__codename", "content_object__translation_key")
        )
        by_role = {}
        for codename, key in rows:
            by_role.setdefault(ROLE_BY_CODENAME[codename], set()).add(key)
        return _Grants(by_role)

    return _cached(user, "grants", compute)


def _closed_rules(user=None):
    """(path, working group key) of every closed tree: each marked page, and every
    translation and alias of it or of any page below it, in every locale.

    Four queries, whatever the number of closed pages.
    """

    def compute():
        from seminar_pages.models import ClosedDoor

        owners = dict(
            ClosedDoor.objects.values_list("translation_key", "working_group__translation_key")
        )
        if not owners:
            return []
        marked = list(
            Page.objects.filter(
                Q(translation_key__in=owners) | Q(alias_of__translation_key__in=owners)
            ).values_list("path", "translation_key", "alias_of__translation_key")
        )
        rules = {path: owners.get(key, owners.get(alias_key)) for path, key, alias_key in marked}

        def owner_of(path):
            return rules[max((rule for rule in rules if path.startswith(rule)), key=len)]

        inside = _path_condition(list(rules))
        key_owner, id_owner = {}, {}
        for pk, path, key in Page.objects.filter(inside).values_list(
            "pk", "path", "translation_key"
        ):
            key_owner[key] = id_owner[pk] = owner_of(path)
        elsewhere = Page.objects.filter(
            Q(translation_key__in=list(key_owner)) | Q(alias_of_id__in=list(id_owner))
        ).exclude(inside)
        for path, key, alias_id in elsewhere.values_list("path", "translation_key", "alias_of_id"):
            rules[path] = key_owner.get(key, id_owner.get(alias_id))
        return list(rules.items())

    return _cached(user, "closed", compute)


def _drafting_content_type_ids():
    models = [
        model for model in get_page_models() if getattr(model, "drafted_by_working_group", False)
    ]
    return [
        content_type.pk for content_type in ContentType.objects.get_for_models(*models).values()
    ]


def _drafting_rules(user=None):
    """(working group path, working group key) of every working group, in every locale."""
    from seminar_pages.models import WorkingGroupPage

    return _cached(
        user,
        "drafting",
        lambda: list(WorkingGroupPage.objects.values_list("path", "translation_key")),
    )


def view_restrictions(user):
    """Every view restriction of the site, with its page and groups, read once a request.

    Args:
        user: the requesting user (the answer is remembered on it), or None.

    Returns:
        A list of ``PageViewRestriction``: one query, and one for their groups if any.
    """
    return _cached(
        user,
        "view-restrictions",
        lambda: list(PageViewRestriction.objects.select_related("page").prefetch_related("groups")),
    )


def _restricted_paths(user):
    """Tree paths of the view-restricted sections that ``user`` may not enter."""

    def compute():
        if _is_active(user) and user.is_superuser:
            return []
        authenticated = _is_active(user)
        group_ids = set(user.groups.values_list("pk", flat=True)) if authenticated else set()
        denied = []
        for restriction in view_restrictions(user):
            if restriction.restriction_type == PageViewRestriction.LOGIN and authenticated:
                continue
            if (
                restriction.restriction_type == PageViewRestriction.GROUPS
                and group_ids.intersection(group.pk for group in restriction.groups.all())
            ):
                continue
            denied.append(restriction.page.path)
        return _with_copies(denied)

    return _cached(user, "restricted", compute)


def _with_copies(paths):
    """``paths`` and the paths of every translation and alias of a page within them.

    wagtail-localize copies view restrictions only when it syncs, and an alias ignores its
    source's ancestors (PITFALLS 2 and 3): both are found here instead. Two queries.
    """
    if not paths:
        return []
    inside = _path_condition(paths)
    keys, ids = set(), set()
    for pk, key in Page.objects.filter(inside).values_list("pk", "translation_key"):
        keys.add(key)
        ids.add(pk)
    elsewhere = (
        Page.objects.filter(Q(translation_key__in=list(keys)) | Q(alias_of_id__in=list(ids)))
        .exclude(inside)
        .values_list("path", flat=True)
    )
    return list(paths) + list(elsewhere)


def _closed_paths_denied(user):
    def compute():
        if reads_all_closed_material(user):
            return []
        readable = _grants(user).groups_with()
        return [
            path for path, owner in _closed_rules(user) if owner is None or owner not in readable
        ]

    return _cached(user, "closed-denied", compute)


def _drafting_condition_denied(user):
    """A Q matching the drafts of working groups ``user`` has no role in (None: nothing)."""

    def compute():
        if reads_all_closed_material(user):
            return None
        readable = _grants(user).groups_with()
        paths = [path for path, key in _drafting_rules(user) if key not in readable]
        if not paths:
            return None
        within = Q()
        for path in paths:
            within |= Q(path__startswith=path, depth=len(path) // Page.steplen + 1)
        # A published report without pending changes is public, and so is the text of
        # its translations in the translator's own languages.
        settled = Q(live=True, has_unpublished_changes=False)
        settled_sources = Page.objects.filter(
            settled, content_type_id__in=_drafting_content_type_ids()
        ).values("translation_key")
        settled |= Q(locale_id__in=translator_locale_ids(user), translation_key__in=settled_sources)
        # By id: Wagtail's search backends filter only on indexed fields.
        denied = list(
            Page.objects.filter(within, content_type_id__in=_drafting_content_type_ids())
            .exclude(settled)
            .values_list("pk", flat=True)
        )
        return Q(pk__in=denied) if denied else None

    return _cached(user, "drafting-denied", compute)


def _path_condition(paths):
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


# Embargo ----------------------------------------------------------------------------
# A page type that declares ``release_field`` (Key Messages: ``embargo_until``) may carry a
# public release moment. Until then the page is live but read only by those who may edit it
# (Wagtail page rights on it, translators of its languages), the readers of all closed
# material and the ASEM Partners; to everyone else it does not exist, on every path that asks
# this module. The rows are remembered for the request, the moment is compared at each
# question: nothing has to run (no job, no reindexing) when the release moment passes.

EDIT_PAGE_CODENAMES = ("change_page", "publish_page")


def _release_models():
    return [model for model in get_page_models() if getattr(model, "release_field", None)]


def _embargo_rows(user=None):
    """(path, locale id, translation key, release) of every page with a release moment.

    A translation or an alias is held until the latest release moment of its family (a
    translation not yet synced with its source's new date is held too). ``user`` only
    scopes the request cache. Two queries per page type that declares ``release_field``,
    whatever the number of pages.
    """

    def compute():
        releases = {}
        for model in _release_models():
            field = model.release_field
            for key, release in model.objects.filter(**{f"{field}__isnull": False}).values_list(
                "translation_key", field
            ):
                releases[key] = max(releases.get(key, release), release)
        if not releases:
            return []
        family = Page.objects.filter(
            Q(translation_key__in=list(releases)) | Q(alias_of__translation_key__in=list(releases))
        ).values_list("path", "locale_id", "translation_key", "alias_of__translation_key")
        return [
            (
                path,
                locale_id,
                key if key in releases else alias_key,
                releases.get(key) or releases[alias_key],
            )
            for path, locale_id, key, alias_key in family
        ]

    return _cached(user, "embargo", compute)


def _edit_paths(user):
    """Tree paths below which ``user``'s groups hold Wagtail's edit or publish page rights."""
    from wagtail.models import GroupPagePermission

    return _cached(
        user,
        "edit-paths",
        lambda: list(
            GroupPagePermission.objects.filter(
                group__user=user, permission__codename__in=EDIT_PAGE_CODENAMES
            ).values_list("page__path", flat=True)
        ),
    )


def _reads_embargoed(user, path, family_locales):
    if not _is_active(user):
        return False
    if user.is_superuser or reads_all_closed_material(user) or ASEM_PARTNERS in _group_names(user):
        return True
    if family_locales & translator_locale_ids(user):
        return True
    return any(path.startswith(edit_path) for edit_path in _edit_paths(user))


def _embargoed_now(user=None):
    """Rows of ``_embargo_rows`` whose release moment is still to come."""
    from django.utils import timezone

    now = timezone.now()
    return [row for row in _embargo_rows(user) if row[3] > now]


def next_release():
    """The next moment an embargo lifts, for whatever caches what anonymous readers see.

    Returns:
        The earliest release moment still to come (an aware datetime), or None.
    """
    held = _embargoed_now()
    return min((row[3] for row in held), default=None)


def _embargoed_paths_denied(user):
    """Paths of the pages under embargo now that ``user`` may not read yet."""
    held = _embargoed_now(user)
    if not held:
        return []
    locales = {}
    for _path, locale_id, key, _release in held:
        locales.setdefault(key, set()).add(locale_id)
    return [
        path
        for path, _locale, key, _release in held
        if not _reads_embargoed(user, path, locales[key])
    ]


def is_embargoed(page, user=None):
    """Whether ``page`` is under an embargo now (its release moment is still to come).

    Args:
        page: any page (specific or not); its translations and aliases share its embargo.
        user: only scopes the request cache.

    Returns:
        True until the latest release moment of the page's family has passed.
    """
    return any(path == page.path for path, *_rest in _embargoed_now(user))


def reads_under_embargo(user, page):
    """Whether ``user`` may read ``page`` while it is under embargo.

    Args:
        user: any user, anonymous, or None.
        page: a page; what it says about a page not under embargo is moot.

    Returns:
        True for superusers, the readers of all closed material, the ASEM Partners, the
        holders of Wagtail's edit or publish rights on the page, and the translators into a
        language in which the page has a translation (they may edit that one).
    """
    rows = _embargo_rows(user)
    key = next((row[2] for row in rows if row[0] == page.path), page.translation_key)
    locales = {locale_id for _path, locale_id, row_key, _release in rows if row_key == key}
    locales.add(page.locale_id)
    return _reads_embargoed(user, page.path, locales)


def visible_pages(user, queryset=None):
    """Restrict a page queryset to the pages ``user`` may read on the public site.

    Args:
        user: the requesting user (``AnonymousUser`` for visitors), or None.
        queryset: a ``PageQuerySet`` (or specific page queryset); all pages if None.

    Returns:
        The queryset filtered in SQL to live pages outside any section closed or
        restricted to the user, and without the pages under embargo that the user may
        not read yet (``reads_under_embargo``).
    """
    queryset = Page.objects.all() if queryset is None else queryset
    queryset = queryset.live()
    denied = _restricted_paths(user) + _closed_paths_denied(user) + _embargoed_paths_denied(user)
    if denied:
        queryset = queryset.exclude(_path_condition(denied))
    return queryset


def admin_pages(user, queryset=None):
    """Restrict a page queryset to the pages ``user`` may see in the admin at all.

    Wagtail's own page permissions still apply on top; this removes closed material and
    working-group drafts of the groups the user holds no role in.
    """
    queryset = Page.objects.all() if queryset is None else queryset
    denied = _closed_paths_denied(user) + _embargoed_paths_denied(user)
    if denied:
        queryset = queryset.exclude(_path_condition(denied))
    drafting = _drafting_condition_denied(user)
    if drafting is not None:
        queryset = queryset.exclude(drafting)
    return queryset


def _in_denied_drafts(user, page):
    if not getattr(page.specific_class, "drafted_by_working_group", False):
        return False
    if reads_all_closed_material(user):
        return False
    if page.live and not page.has_unpublished_changes:
        return False
    if (
        page.locale_id in translator_locale_ids(user)
        and Page.objects.filter(
            translation_key=page.translation_key, live=True, has_unpublished_changes=False
        )
        .exclude(pk=page.pk)
        .exists()
    ):
        return False
    readable = _grants(user).groups_with()
    parent_path = page.path[: -Page.steplen]
    return any(path == parent_path and key not in readable for path, key in _drafting_rules(user))


def can_view_page(user, page):
    """Whether ``user`` may read ``page`` on the public site.

    Args:
        user: the requesting user, or None for an anonymous caller.
        page: any page instance (specific or not).

    Returns:
        True if the page is live, neither closed nor restricted to the user, and not under
        an embargo the user may not read through (``reads_under_embargo``).
    """
    if not page.live:
        return False
    denied = _restricted_paths(user) + _closed_paths_denied(user) + _embargoed_paths_denied(user)
    return not any(page.path.startswith(path) for path in denied)


def can_see_in_admin(user, page):
    """Whether ``user`` may see ``page`` in the admin (edit, preview, revisions, history)."""
    denied = _closed_paths_denied(user) + _embargoed_paths_denied(user)
    if any(page.path.startswith(path) for path in denied):
        return False
    return not _in_denied_drafts(user, page)


def reads_drafts_of(user, page):
    """Whether ``user`` may read the unpublished revisions of the output ``page``.

    Args:
        user: any user.
        page: a page; outputs declare ``approved_by_steering_committee`` or
            ``drafted_by_working_group``.

    Returns:
        True for readers of all closed material, and, for a working group's report, for
        the people holding a role in that group. Pages that are not outputs keep their
        revisions with their page (True).
    """
    page_class = page.specific_class
    drafted = getattr(page_class, "drafted_by_working_group", False)
    if not drafted and not getattr(page_class, "approved_by_steering_committee", False):
        return True
    if reads_all_closed_material(user):
        return True
    if not drafted:
        return False
    parent_path = page.path[: -Page.steplen]
    readable = _grants(user).groups_with()
    return any(path == parent_path and key in readable for path, key in _drafting_rules(user))


def can_see_revision(user, page, revision):
    """Whether ``user`` may view, compare or revert to ``revision`` of ``page`` in the admin.

    Only the published revision of an output (and its latest one, which its editor
    edits) is open to everyone who sees the output; its earlier drafts stay with the
    readers of its drafts (``reads_drafts_of``).
    """
    if not can_see_in_admin(user, page):
        return False
    if revision.pk in {page.live_revision_id, page.latest_revision_id}:
        return True
    return reads_drafts_of(user, page)


# Snippets that hold personal data: readable by the Secretariat only, on every path.
PERSONAL_DATA_MODELS = {
    "seminar_pages.editionparticipant",
    "seminar_pages.invitation",
    "seminar_pages.registration",
    "seminar_pages.workinggroupchoice",
}
# Shared vocabulary that every admin user may read.
PUBLIC_SNIPPET_MODELS = {"seminar_pages.topic", "seminar_pages.asempartner"}


def may_read_model(user, model):
    """Whether ``user`` may read objects of ``model`` (a snippet or other non-page model).

    Args:
        user: any user.
        model: a model class.

    Returns:
        True for the Secretariat; for others, only for the shared vocabulary
        (``PUBLIC_SNIPPET_MODELS``): a model nobody classified is closed.
    """
    if can_manage_roles(user):
        return True
    return model._meta.label_lower in PUBLIC_SNIPPET_MODELS


def closed_marking(page, user=None):
    """The ``ClosedDoor`` that closes ``page`` (on itself, an ancestor, a source), or None.

    ``user`` only scopes the request cache of the closed-page rules.
    """
    from seminar_pages.models import ClosedDoor

    matching = [path for path, _owner in _closed_rules(user) if page.path.startswith(path)]
    if not matching:
        return None
    nearest = max(matching, key=len)
    closed_page = Page.objects.filter(path=nearest).only("translation_key", "alias_of").first()
    keys = [closed_page.translation_key]
    if closed_page.alias_of_id:
        keys.append(
            Page.objects.filter(pk=closed_page.alias_of_id)
            .values_list("translation_key", flat=True)
            .first()
        )
    return (
        ClosedDoor.objects.filter(translation_key__in=keys).select_related("working_group").first()
    )


def is_closed(page, user=None):
    """Whether ``page`` is closed-door material (``user`` only scopes the request cache)."""
    return any(page.path.startswith(path) for path, _owner in _closed_rules(user))


def contains_closed_material(page, user=None):
    """Whether ``page`` or anything below it is closed-door material.

    ``user`` only scopes the request cache of the closed-page rules.
    """
    return any(
        path.startswith(page.path) or page.path.startswith(path)
        for path, _owner in _closed_rules(user)
    )


def admin_actions_from_roles(user, page):
    """Page actions (``add``, ``change``, ``publish``) that ``user``'s roles give on ``page``."""
    grants = _grants(user)
    if not grants.by_role:
        return set()
    actions = set()
    page_class = page.specific_class
    for path, key in _drafting_rules(user):
        if not page.path.startswith(path):
            continue
        for role, scopes in ROLE_ADMIN_ACTIONS.items():
            if key not in grants.by_role.get(role, set()):
                continue
            if page.path == path:
                actions |= scopes.get("group", set())
            elif getattr(page_class, "drafted_by_working_group", False):
                actions |= scopes.get("drafting", set())
            elif is_closed(page, user):
                actions |= scopes.get("closed", set())
    return actions


def may_restructure(user, page):
    """Whether ``user`` may delete, copy or move ``page`` with whatever is below it.

    Decided by the page's type, never by its children (a refusal because of what lies below
    would tell that something lies below): a page of a type that can hold pages (the series,
    the editions index, an edition, a working group) is restructured by the readers of all
    closed material only; other pages as Wagtail's page rights say.
    """
    page_class = page.specific_class or type(page)
    return not page_class.allowed_subpage_models() or reads_all_closed_material(user)


def may_create_draft(user, parent_page):
    """Whether ``user``'s roles let them start a working-group draft (a report) here."""
    if reads_all_closed_material(user):
        return True
    return parent_page.translation_key in _grants(user).groups_with(["rapporteur", "moderator"])


def working_groups_with_admin_roles(user):
    """Translation keys of the working groups where ``user`` works in the admin."""
    return _grants(user).groups_with(["note_taker", "rapporteur", "moderator"])


def approves_reports(user):
    """Whether ``user`` approves and publishes working-group reports (the ASEF Secretariat)."""
    return can_manage_roles(user)


def working_groups_with_role(user, roles):
    """Translation keys of the working groups where ``user`` holds one of ``roles``."""
    return _grants(user).groups_with(roles)


def holds_role_for_draft(user, page, roles):
    """Whether ``user`` holds one of ``roles`` in the working group that drafts ``page``.

    Args:
        user: any user.
        page: a page; only working-group drafts (reports) have a drafting group.
        roles: role names of ``ROLES``.

    Returns:
        True when ``page`` is a draft of a working group (its parent), ``user`` holds one of
        ``roles`` there (in any language of the group) and may see the page in the admin.
    """
    if not getattr(page.specific_class, "drafted_by_working_group", False):
        return False
    keys = _grants(user).groups_with(roles)
    parent_path = page.path[: -Page.steplen]
    if not any(path == parent_path and key in keys for path, key in _drafting_rules(user)):
        return False
    return can_see_in_admin(user, page)


def users_with_role(working_group, role):
    """Active users holding ``role`` in ``working_group`` (any of its languages), directly or
    through a group, ordered by username."""
    from seminar_pages.models import (
        WorkingGroupGroupObjectPermission,
        WorkingGroupUserObjectPermission,
    )

    codename = ROLES[role][0]
    grants = {
        "content_object__translation_key": working_group.translation_key,
        "permission__codename": codename,
    }
    direct = WorkingGroupUserObjectPermission.objects.filter(**grants).values("user_id")
    groups = WorkingGroupGroupObjectPermission.objects.filter(**grants).values("group_id")
    return _active_users(direct, groups)


def role_holders(working_group):
    """(user, role) pairs of everyone holding a role in ``working_group``, directly."""
    from seminar_pages.models import WorkingGroupUserObjectPermission

    rows = (
        WorkingGroupUserObjectPermission.objects.filter(
            content_object__translation_key=working_group.translation_key,
            permission__codename__in=list(ROLE_BY_CODENAME),
        )
        .select_related("user", "permission")
        .order_by("user__username", "permission__codename")
    )
    return [(row.user, ROLE_BY_CODENAME[row.permission.codename]) for row in rows]


def _role_permission(role):
    if role not in ROLES:
        raise ValueError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.")
    return Permission.objects.get(content_type__app_label="seminar_pages", codename=ROLES[role][0])


def _admin_access_permission():
    return Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")


@transaction.atomic
def _change_role(acting_user, user, working_group, role, grant):
    from guardian.shortcuts import assign_perm, remove_perm

    if not can_manage_roles(acting_user):
        raise PermissionError("Only the ASEF Secretariat grants and revokes working-group roles.")
    permission = _role_permission(role)
    working_group = working_group.specific
    (assign_perm if grant else remove_perm)(permission, user, working_group)
    forget_cached_answers()
    # Note-takers, rapporteurs and moderators work in the admin; the right to enter it
    # follows their roles (members read on the public site only).
    fresh = type(user).objects.get(pk=user.pk)
    if working_groups_with_admin_roles(fresh):
        user.user_permissions.add(_admin_access_permission())
    else:
        user.user_permissions.remove(_admin_access_permission())
    if not grant:
        prune_comment_subscriptions()
    # Logged on the person, not on the group's page: who holds a role is personal data, and
    # a page's history is read by everyone who edits the page.
    log(
        instance=user,
        action="seminar_pages.grant_role" if grant else "seminar_pages.revoke_role",
        user=acting_user,
        data={
            "user_id": user.pk,
            "username": user.get_username(),
            "role": role,
            "working_group_id": working_group.pk,
            "working_group": working_group.title,
        },
    )


def grant_role(acting_user, user, working_group, role):
    """Give ``user`` a role in ``working_group``, and log who did it.

    Raises:
        PermissionError: if ``acting_user`` may not manage roles.
        ValueError: for an unknown role.
    """
    _change_role(acting_user, user, working_group, role, grant=True)


def revoke_role(acting_user, user, working_group, role):
    """Take a role in ``working_group`` away from ``user``, and log who did it."""
    _change_role(acting_user, user, working_group, role, grant=False)


@transaction.atomic
def close_page(page, working_group=None, user=None):
    """Mark ``page`` (and so its translations, aliases and descendants) closed-door."""
    from seminar_pages.models import ClosedDoor

    marking, created = ClosedDoor.objects.get_or_create(
        translation_key=page.translation_key,
        defaults={"page_id": page.pk, "working_group": working_group, "closed_by": user},
    )
    if not created and marking.working_group_id != getattr(working_group, "pk", None):
        marking.working_group = working_group
        marking.save(update_fields=["working_group"])
    if created:
        log(instance=page, action="seminar_pages.close", user=user, data={})
    forget_cached_answers()
    prune_comment_subscriptions()
    events.page_closed.send(sender=type(page), instance=page, created=created)
    return marking


def prune_comment_subscriptions():
    """Stop comment notifications (which quote the page) to people who lost sight of it."""
    from wagtail.models import PageSubscription

    stale = [
        subscription.pk
        for subscription in PageSubscription.objects.select_related("user", "page")
        if not can_see_in_admin(subscription.user, subscription.page)
    ]
    PageSubscription.objects.filter(pk__in=stale).delete()


@transaction.atomic
def open_page(page, user=None):
    """Remove the closed-door marking of ``page`` itself (not of its ancestors)."""
    from seminar_pages.models import ClosedDoor

    deleted, _counts = ClosedDoor.objects.filter(translation_key=page.translation_key).delete()
    if deleted:
        log(instance=page, action="seminar_pages.open", user=user, data={})
    forget_cached_answers()
    if deleted:
        events.page_opened.send(sender=type(page), instance=page)


def who_can_see(page):
    """Who may read ``page`` and why, for the admin's "who can see this" panel.

    Returns:
        A list of (who, why) pairs of strings; empty when the page is not closed.
    """
    marking = closed_marking(page)
    if marking is None:
        return []
    entries = [
        (_("Superusers"), _("full access")),
        (_("ASEF Secretariat"), _("reads and edits all closed-door material")),
        (_("Steering Committee"), _("reads all closed-door material")),
    ]
    group = marking.working_group
    if group is not None:
        for user, role in role_holders(group):
            entries.append((user.get_full_name() or user.get_username(), ROLES[role][1]))
        from seminar_pages.models import WorkingGroupGroupObjectPermission

        for row in WorkingGroupGroupObjectPermission.objects.filter(
            content_object__translation_key=group.translation_key,
            permission__codename__in=list(ROLE_BY_CODENAME),
        ).select_related("group", "permission"):
            entries.append((row.group.name, ROLES[ROLE_BY_CODENAME[row.permission.codename]][1]))
    return entries


# Translators ------------------------------------------------------------------------
# A translator holds ``translate_into_locale`` on each Locale they translate into
# (django-guardian, directly or through a group). Within those locales they edit and
# submit translated pages; the source locale, other locales and closed-door material
# (in any locale: see ``admin_pages``) stay out of their reach.

TRANSLATE_CODENAME = "translate_into_locale"


def _translate_permission():
    return Permission.objects.get(
        content_type__app_label="wagtailcore", codename=TRANSLATE_CODENAME
    )


def _source_locale_id(user):
    from wagtail.models import Locale

    return _cached(user, "source-locale", lambda: Locale.get_default().pk)


def manages_translations(user):
    """Whether ``user`` manages translations in every language (the Secretariat)."""
    return can_manage_roles(user)


def translator_locale_ids(user):
    """Ids of the locales ``user`` has been given to translate into (not the source locale)."""
    if not _is_active(user):
        return frozenset()

    def compute():
        from seminar_pages.models import LocaleGroupObjectPermission, LocaleUserObjectPermission

        ids = set(
            LocaleUserObjectPermission.objects.filter(
                user=user, permission__codename=TRANSLATE_CODENAME
            ).values_list("content_object_id", flat=True)
        ) | set(
            LocaleGroupObjectPermission.objects.filter(
                group__user=user, permission__codename=TRANSLATE_CODENAME
            ).values_list("content_object_id", flat=True)
        )
        ids.discard(_source_locale_id(user))
        return frozenset(ids)

    return _cached(user, "translator-locales", compute)


def may_translate(user, locale):
    """Whether ``user`` may create, edit and submit translations into ``locale``.

    Args:
        user: any user.
        locale: a ``Locale`` (or its id).

    Returns:
        True for the Secretariat in every locale but the source one, and for translators
        in the locales they were given.
    """
    locale_id = getattr(locale, "pk", locale)
    if locale_id == _source_locale_id(user):
        return False
    return manages_translations(user) or locale_id in translator_locale_ids(user)


def translation_actions(user, page):
    """Page actions (``change``) that ``user``'s languages give on a translated ``page``."""
    locale_ids = translator_locale_ids(user)
    if page.locale_id in locale_ids and not page.alias_of_id:
        return {"change"}
    return set()


def translator_pages(user, queryset=None):
    """The pages of ``queryset`` that ``user`` may edit as a translator (before closure)."""
    queryset = Page.objects.all() if queryset is None else queryset
    return queryset.filter(locale_id__in=translator_locale_ids(user), alias_of__isnull=True)


def translators_of(locale):
    """Active users who may translate into ``locale`` (directly or through a group)."""
    from seminar_pages.models import LocaleGroupObjectPermission, LocaleUserObjectPermission

    direct = LocaleUserObjectPermission.objects.filter(
        content_object=locale, permission__codename=TRANSLATE_CODENAME
    ).values("user_id")
    groups = LocaleGroupObjectPermission.objects.filter(
        content_object=locale, permission__codename=TRANSLATE_CODENAME
    ).values("group_id")
    return _active_users(direct, groups)


@transaction.atomic
def _change_translator(acting_user, user, locale, grant):
    from django.contrib.auth.models import Group
    from guardian.shortcuts import assign_perm, remove_perm
    from wagtail.models import Locale

    if not manages_translations(acting_user):
        raise PermissionError("Only the ASEF Secretariat assigns languages to translators.")
    if locale.pk == Locale.get_default().pk:
        raise ValueError("The source language is not translated into.")
    (assign_perm if grant else remove_perm)(_translate_permission(), user, locale)
    forget_cached_answers()
    # The Translators group brings the admin and wagtail-localize's submit permission;
    # membership follows the languages held.
    translators = Group.objects.get(name=TRANSLATORS)
    fresh = type(user).objects.get(pk=user.pk)
    if translator_locale_ids(fresh):
        user.groups.add(translators)
    else:
        user.groups.remove(translators)
    log(
        instance=locale,
        action="seminar_pages.grant_translator" if grant else "seminar_pages.revoke_translator",
        user=acting_user,
        data={
            "user_id": user.pk,
            "username": user.get_username(),
            "language": locale.language_code,
        },
    )


def grant_translator(acting_user, user, locale):
    """Let ``user`` translate into ``locale``, and log who did it.

    Raises:
        PermissionError: ``acting_user`` is not of the Secretariat.
    """
    _change_translator(acting_user, user, locale, grant=True)


def revoke_translator(acting_user, user, locale):
    """Withdraw ``user``'s right to translate into ``locale``, and log who did it."""
    _change_translator(acting_user, user, locale, grant=False)


# Documents and collections ----------------------------------------------------------
# Document privacy is structural. Closed are everything below a closed-door collection
# (``ClosedDoorCollection``: the "Closed-door material" parent, under which
# ``private_collection`` files every working group's collection, and under which anything
# else may be filed by hand) and every working group's private collection wherever it sits
# (``WorkingGroupCollection``; the link outlives its working group). Within them, a working
# group's own collection, and what is below it, opens to the people holding a role in that
# group; everything else opens only to the readers of all closed material. The nearest rule
# at or above a collection decides.

CLOSED_COLLECTION_NAME = "Closed-door material"


def _collection_rules(user=None):
    """(path, working group key or None) of every closed collection. Two queries.

    ``user`` only scopes the request cache.
    """

    def compute():
        from seminar_pages.models import ClosedDoorCollection, WorkingGroupCollection

        parents = ClosedDoorCollection.objects.values_list("collection__path", flat=True)
        links = WorkingGroupCollection.objects.values_list(
            "collection__path", "working_group__translation_key"
        )
        return [(path, None) for path in parents] + list(links)

    return _cached(user, "collection-rules", compute)


def _closed_collection_paths_denied(user):
    """(path, opens) of every collection rule, for ``user``; [] when nothing is closed to them.

    A collection is readable unless the nearest rule at or above it does not open
    (``_collection_path_readable``).
    """

    def compute():
        if reads_all_closed_material(user):
            return []
        readable = _grants(user).groups_with()
        return [
            (path, key is not None and key in readable) for path, key in _collection_rules(user)
        ]

    return _cached(user, "collections-denied", compute)


def _collection_path_readable(rules, path):
    matching = [(len(rule), opens) for rule, opens in rules if path.startswith(rule)]
    if not matching:
        return True
    # The nearest rule decides; of two rules on the same collection, the closing one.
    return min(matching, key=lambda rule: (-rule[0], rule[1]))[1]


def can_read_document(user, document):
    """Whether ``user`` may download ``document`` (its collection may be a closed one)."""
    rules = _closed_collection_paths_denied(user)
    if not rules:
        return True
    return _collection_path_readable(rules, document.collection.path)


def _closed_collection_ids_denied(user):
    def compute():
        from wagtail.models import Collection

        rules = _closed_collection_paths_denied(user)
        closing = [path for path, opens in rules if not opens]
        if not closing:
            return []
        rows = Collection.objects.filter(_path_condition(closing)).values_list("pk", "path")
        return [pk for pk, path in rows if not _collection_path_readable(rules, path)]

    return _cached(user, "collection-ids-denied", compute)


def readable_documents(user, queryset):
    """Filter a document queryset in SQL to what ``user`` may read (search-safe)."""
    denied = _closed_collection_ids_denied(user)
    return queryset.exclude(collection_id__in=denied) if denied else queryset


def readable_collections(user, queryset):
    """Filter a collection queryset to the collections whose documents ``user`` may read."""
    denied = _closed_collection_ids_denied(user)
    return queryset.exclude(pk__in=denied) if denied else queryset


def in_closed_collections(collection, user=None):
    """Whether ``collection`` is, or is below, a closed-door or a working group's collection.

    ``user`` only scopes the request cache.
    """
    return any(collection.path.startswith(path) for path, _key in _collection_rules(user))


def outside_closed_collections(user, queryset):
    """Filter a collection queryset to what ``user`` may manage (move, rename, restrict).

    The readers of all closed material manage every collection; for anyone else the
    closed collections (``in_closed_collections``) are left out, whatever their own role.
    """
    if reads_all_closed_material(user):
        return queryset
    closed = [path for path, _key in _collection_rules(user)]
    return queryset.exclude(_path_condition(closed)) if closed else queryset


def closed_door_collection():
    """The "Closed-door material" collection, under which private collections live.

    Created on first use, at the top of the collection tree.
    """
    from wagtail.models import Collection

    from seminar_pages.models import ClosedDoorCollection

    marker = ClosedDoorCollection.objects.select_related("collection").order_by("pk").first()
    if marker is not None:
        return marker.collection
    collection = Collection.get_first_root_node().add_child(name=CLOSED_COLLECTION_NAME)
    ClosedDoorCollection.objects.create(collection=collection)
    forget_cached_answers()
    return collection


def private_collection(working_group):
    """The private document collection of ``working_group``, created on first use.

    It is created under the "Closed-door material" collection (``closed_door_collection``).
    """
    from wagtail.models import Collection

    from seminar_pages.models import WorkingGroupCollection

    link = (
        WorkingGroupCollection.objects.filter(working_group=working_group)
        .select_related("collection")
        .first()
    )
    if link is not None:
        return link.collection
    edition = working_group.get_parent()
    name = f"Closed-door: {edition.title}, Working Group {working_group.specific.number}"
    # Fetched again: treebeard's add_child wants the parent's current path and numchild.
    parent = Collection.objects.get(pk=closed_door_collection().pk)
    collection = parent.add_child(name=name[:255])
    WorkingGroupCollection.objects.create(working_group=working_group, collection=collection)
    forget_cached_answers()
    return collection


def collections_for_note_taking(user):
    """Ids of the private collections where ``user`` files notes and recordings."""

    def compute():
        from seminar_pages.models import WorkingGroupCollection

        keys = _grants(user).groups_with(["note_taker"])
        if not keys:
            return []
        return list(
            WorkingGroupCollection.objects.filter(
                working_group__translation_key__in=keys
            ).values_list("collection_id", flat=True)
        )

    return _cached(user, "note-taking-collections", compute)


# Search


def denied_section_paths(user):
    """Tree paths of the sections ``user`` may not read, for indexes outside the database.

    The same rules as ``visible_pages``: a page is readable when it is live and its path
    starts with none of these. A search index that stores each document's page path
    (Elasticsearch) excludes these prefixes at query time, so closing, opening or
    restricting a section needs no reindexing; nor does an embargo, whose pages are among
    these prefixes until their release moment (compared at each call).

    Args:
        user: the requesting user, ``AnonymousUser``, or None (an anonymous caller).

    Returns:
        A list of path prefixes (empty for readers of everything).
    """
    return (
        list(_restricted_paths(user))
        + list(_closed_paths_denied(user))
        + list(_embargoed_paths_denied(user))
    )


def _view_restricted_collection_paths():
    from wagtail.models import CollectionViewRestriction

    return list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))


def document_is_public(document):
    """Whether ``document`` may be read by anyone, so its text may enter a public index.

    Args:
        document: a Wagtail document.

    Returns:
        False when the document sits in a closed collection (``can_read_document``: below
        the closed-door collection, or in a working group's private collection, even one
        whose working group was deleted) or in a collection under one of Wagtail's own
        view restrictions (password, login, groups).
    """
    if not can_read_document(None, document):
        return False
    path = document.collection.path
    return not any(path.startswith(closed) for closed in _view_restricted_collection_paths())


def public_documents(queryset):
    """Filter a document queryset in SQL to the public ones (``document_is_public``)."""
    from wagtail.models import Collection

    queryset = readable_documents(None, queryset)
    restricted = _view_restricted_collection_paths()
    if restricted:
        queryset = queryset.exclude(
            collection_id__in=Collection.objects.filter(_path_condition(restricted)).values("pk")
        )
    return queryset


def _active_users(direct, groups):
    """Active users granted directly (``direct``: user ids) or through ``groups`` (group ids)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(pk__in=direct) | Q(groups__in=groups))
        .distinct()
        .order_by("username")
    )
