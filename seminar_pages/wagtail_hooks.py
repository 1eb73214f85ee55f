"""Admin wiring. The permission policies are registered in ``apps.py`` (``ready``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from seminar_pages import access, admin_urls, defaults, participant_urls
from seminar_pages.models import AsemPartner, Topic, WorkingGroupPage
from seminar_pages.rich_text import PublicDocumentLinkHandler


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "slug"]
    search_fields = ["name"]


class AsemPartnerViewSet(SnippetViewSet):
    model = AsemPartner
    icon = "globe"
    menu_label = _("ASEM partners")
    list_display = ["name", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name"]


register_snippet(TopicViewSet)
register_snippet(AsemPartnerViewSet)


@hooks.register("before_serve_page")
def refuse_closed_material(page, request, serve_args, serve_kwargs):
    # 404, not 403: a closed page does not admit that it exists.
    if not access.can_view_page(request.user, page):
        raise Http404
    if hasattr(page, "prepare_for_serving"):
        # Wagtail's check of the page's view restrictions then reads nothing more.
        page.prepare_for_serving(access.view_restrictions(request.user))


@hooks.register("on_serve_page")
def never_share_personal_responses(serve_page):
    # Nothing rendered for a member may be stored by a shared cache and served to others.
    def serve(page, request, args, kwargs):
        response = serve_page(page, request, args, kwargs)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True)
        if access.is_closed(page, request.user) or access.is_embargoed(page, request.user):
            patch_cache_control(response, private=True, no_store=True)
        return response

    return serve


@hooks.register("before_serve_document")
def refuse_closed_documents(document, request):
    if not access.can_read_document(request.user, document):
        raise Http404


@hooks.register("register_rich_text_features", order=1)
def link_public_documents_only(features):
    # After wagtail.documents' own registration (order 0), which it replaces.
    features.register_link_type(PublicDocumentLinkHandler)


@hooks.register("before_copy_page")
def refuse_copying_closed_material(request, page):
    # A copy or an alias of closed material would escape the working group's rules.
    if access.contains_closed_material(page, request.user):
        messages.error(
            request,
            _("Closed-door material cannot be copied or aliased, nor can pages containing it."),
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("before_create_page")
def only_rapporteurs_start_reports(request, parent_page, page_class):
    # Roles give note-takers "add" and "publish" on their group for their notes; a report
    # is started only by the people who read the group's drafts (its rapporteurs and
    # moderators, the Secretariat, the Steering Committee): they alone may be told that the
    # group has a report already.
    if not getattr(page_class, "drafted_by_working_group", False):
        return None
    if not access.may_create_draft(request.user, parent_page):
        raise PermissionDenied
    existing = page_class.objects.child_of(parent_page).first()
    if existing is None:
        return None
    messages.error(
        request,
        _("%(group)s has its report already: “%(report)s”.")
        % {
            "group": parent_page.get_admin_display_title(),
            "report": existing.get_admin_display_title(),
        },
    )
    return redirect("wagtailadmin_pages:edit", existing.pk)


@hooks.register("construct_explorer_page_queryset")
def hide_closed_material_in_explorer(parent_page, pages, request):
    return access.admin_pages(request.user, pages)


@hooks.register("construct_page_chooser_queryset")
def hide_closed_material_in_choosers(pages, request):
    return access.admin_pages(request.user, pages)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("closed-door/", include(admin_urls, namespace="seminar_access")),
        # Invitations, registrations and assignment: personal data, the Secretariat's only.
        path("participants/", include(participant_urls, namespace="seminar_participants")),
    ]


class SecretariatMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_manage_roles(request.user)


@hooks.register("register_settings_menu_item")
def register_translators_menu_item():
    return SecretariatMenuItem(
        _("Translators"),
        reverse("seminar_access:translators"),
        icon_name="wagtail-localize-language",
        order=700,
    )


@hooks.register("register_admin_menu_item")
def register_participants_menu_item():
    return SecretariatMenuItem(
        _("Participants"),
        reverse("seminar_participants:editions"),
        icon_name="user",
        order=650,
    )


@hooks.register("register_page_header_buttons")
def access_buttons(page, user, view_name, next_url=None):
    if not access.can_manage_roles(user):
        return
    specific_class = page.specific_class
    if specific_class is WorkingGroupPage:
        yield Button(
            _("Roles"),
            reverse("seminar_access:roles", args=[page.pk]),
            icon_name="group",
            priority=80,
        )
    if (
        page.depth > 1
        and specific_class is not None
        and hasattr(specific_class, "closed_by_default")
    ):
        yield Button(
            _("Closed-door access"),
            reverse("seminar_access:closure", args=[page.pk]),
            icon_name="lock",
            priority=81,
        )


@hooks.register("construct_page_listing_buttons")
def mark_closed_pages(buttons, page, user, context=None):
    if access.is_closed(page, user):
        buttons.insert(
            0,
            Button(
                _("Closed-door"),
                reverse("seminar_access:closure", args=[page.pk]),
                icon_name="lock",
                priority=1,
            ),
        )


@hooks.register("register_log_actions")
def register_access_log_actions(actions):
    class RightChange(LogFormatter):
        """A role or a language granted or withdrawn: who, and what (from the entry's data)."""

        template = ""

        def format_message(self, log_entry):
            return self.template % {
                "role": log_entry.data.get("role", "?"),
                "language": log_entry.data.get("language", "?"),
                "user": log_entry.data.get("username", "?"),
            }

    @actions.register_action("seminar_pages.grant_role")
    class GrantRole(RightChange):
        label = _("Grant working-group role")
        template = _("Granted the role %(role)s to %(user)s")

    @actions.register_action("seminar_pages.revoke_role")
    class RevokeRole(RightChange):
        label = _("Revoke working-group role")
        template = _("Revoked the role %(role)s from %(user)s")

    @actions.register_action("seminar_pages.chatham_override")
    class ChathamOverride(LogFormatter):
        label = _("Publish despite Chatham House matches")

        def format_message(self, log_entry):
            return _("Published despite name matches. Reason: %(reason)s") % {
                "reason": log_entry.data.get("reason", "")
            }

    actions.register_action("seminar_pages.close", _("Close"), _("Marked closed-door"))

    @actions.register_action("seminar_pages.grant_translator")
    class GrantTranslator(RightChange):
        label = _("Assign a language to a translator")
        template = _("%(user)s may now translate into %(language)s")

    @actions.register_action("seminar_pages.revoke_translator")
    class RevokeTranslator(RightChange):
        label = _("Withdraw a language from a translator")
        template = _("%(user)s may no longer translate into %(language)s")

    actions.register_action("seminar_pages.open", _("Open"), _("Closed-door marking removed"))

    # The people of an edition (logged on the participant, read by the Secretariat only).
    for action, label, message in [
        ("read_participants", _("Read participants"), _("Read participants' data")),
        ("import_invitee", _("Import invitee"), _("Imported from a file")),
        ("add_invitee", _("Add invitee"), _("Added as an invitee")),
        ("edit_participant", _("Edit participant"), _("Participant's details changed")),
        ("send_invitation", _("Send invitation"), _("Invitation sent with a new link")),
        ("remind", _("Remind invitee"), _("Reminder sent with a new link")),
        ("register", _("Register"), _("Registered")),
        ("decline", _("Decline"), _("Invitation declined")),
        ("withdraw", _("Withdraw invitation"), _("Invitation withdrawn")),
        ("move_participant", _("Move participant"), _("Moved to another working group")),
        ("propose_assignment", _("Propose assignment"), _("Working-group assignment proposed")),
        ("confirm_assignment", _("Confirm assignment"), _("Working-group assignment confirmed")),
        ("erase", _("Erase personal data"), _("Personal data erased")),
    ]:
        actions.register_action(f"seminar_pages.{action}", label, message)


# Wagtail's dashboard and site history, narrowed to what the user may read (defaults.py).


@hooks.register("construct_homepage_panels")
def readable_homepage_panels(request, panels):
    defaults.replace_homepage_panels(panels)


@hooks.register("construct_homepage_summary_items", order=100)
def readable_summary_items(request, items):
    # After wagtail.admin's own item (order 0), which it replaces.
    defaults.replace_summary_items(request, items)


@hooks.register("register_log_actions", order=100)
def readable_page_log_entries(actions):
    # After Wagtail's registration of PageLogEntry for pages (order 0).
    defaults.list_page_log_entries_by_access(actions)


from seminar_pages import admin_api, admin_counts  # noqa: E402, F401  (their hooks)
