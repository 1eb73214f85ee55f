from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from outputs import (
    admin_urls,
    compilation,
    compilation_views,
    dissemination_urls,
    lineage_admin,
    reporting,
    translation_board,
)
from outputs.choosers import recommendation_chooser_viewset
from outputs.forms import log_chatham_override
from outputs.models import SeminarReportPage
from outputs.partners import PartnerContact
from outputs.publishing import PublicationRefused, check_publication
from seminar_pages import access, locales

hooks.register("after_create_page", log_chatham_override)
hooks.register("after_edit_page", log_chatham_override)
# The current edition's reports, for the Secretariat and each group's rapporteurs/moderators.
hooks.register("construct_homepage_panels", reporting.add_reporting_panel)


@hooks.register("before_bulk_action")
def refuse_bulk_publish_of_named_outputs(request, action_type, objects, action_class_instance):
    """Bulk publish checks every selected page first, and publishes none if one is refused."""
    if action_type != "publish":
        return None
    refusals = []
    for page in objects:
        page = page.specific
        revision = page.get_latest_revision()
        content = revision.as_object() if revision else page
        try:
            check_publication(page, content, revision, request.user)
        except PublicationRefused as refusal:
            refusals.append(refusal)
    if not refusals:
        return None
    for refusal in refusals:
        messages.error(request, f"{refusal.page.get_admin_display_title()}: {refusal.message}")
    return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_home"))


@hooks.register("register_log_actions")
def register_publication_refused(actions):
    @actions.register_action("outputs.publication_refused")
    class PublicationRefusedFormatter(LogFormatter):
        label = _("Publication refused")

        def format_message(self, log_entry):
            return _("Scheduled publication refused: %(reason)s") % {
                "reason": log_entry.data.get("reason", "")
            }


# Lineage: what live pages carry forward stays published (``outputs.guards``).
hooks.register("before_unpublish_page", lineage_admin.refuse_unpublish)
hooks.register("before_delete_page", lineage_admin.refuse_delete)
hooks.register("before_bulk_action", lineage_admin.refuse_bulk)


@hooks.register("register_admin_viewset")
def register_recommendation_chooser():
    return recommendation_chooser_viewset


@hooks.register("register_log_actions")
def register_lineage_log_actions(actions):
    actions.register_action(
        "outputs.lineage_migration_note",
        _("Recommendations carried forward: identifiers not found"),
        _("Key Messages named recommendations that do not exist; they were dropped"),
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("outputs/", include(admin_urls, namespace="outputs_admin")),
        path(
            "outputs/dissemination/",
            include(dissemination_urls, namespace="outputs_dissemination"),
        ),
    ]


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return translation_board.may_see_board(request.user)


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return TranslationStatusMenuItem(
        _("Translation status"),
        reverse("outputs_admin:translation_status"),
        icon_name="wagtail-localize-language",
        order=50,
    )


@hooks.register("register_log_actions")
def register_compilation_log_action(actions):
    actions.register_action(
        compilation.LOG_ACTION,
        _("Compile the Seminar Report"),
        _("Compiled from the published Working Group Reports"),
    )


class CompileSeminarReportMenuItem(ActionMenuItem):
    name = "action-compile-seminar-report"
    label = _("Compile from the reports")
    icon_name = "resubmit"

    def is_shown(self, context):
        page = context.get("page")
        return (
            context.get("view") == "edit"
            and isinstance(page, SeminarReportPage)
            and not locales.is_translation(page)
            and compilation_views.may_compile(context["request"].user, page)
        )

    def get_url(self, context):
        return reverse("outputs_admin:compile_seminar_report", args=[context["page"].pk])


@hooks.register("register_page_action_menu_item")
def register_compile_seminar_report_menu_item():
    return CompileSeminarReportMenuItem(order=60)


# Dissemination to the ASEM partners: the Secretariat's (contacts are personal data).


class DisseminationMenuItem(MenuItem):
    def is_shown(self, request):
        return access.manages_dissemination(request.user)


@hooks.register("register_admin_menu_item")
def register_dissemination_menu_item():
    return DisseminationMenuItem(
        _("Dissemination"),
        reverse("outputs_dissemination:index"),
        icon_name="mail",
        order=450,
    )


class PartnerContactViewSet(SnippetViewSet):
    model = PartnerContact
    icon = "user"
    menu_label = _("Partner contacts")
    add_to_admin_menu = False
    list_display = ["partner", "name", "email", "language"]
    list_filter = ["partner__region"]
    search_fields = ["name", "email", "partner__name"]


register_snippet(PartnerContactViewSet)


@hooks.register("register_log_actions")
def register_dissemination_log_actions(actions):
    # The messages name no partner or contact: page history is read beyond the Secretariat.
    actions.register_action(
        "outputs.send_key_messages",
        _("Send Key Messages"),
        _("Key Messages emailed to an ASEM partner (see the dissemination record)"),
    )
    actions.register_action(
        "outputs.record_dissemination",
        _("Record dissemination"),
        _("Receipt of the Key Messages by an ASEM partner recorded"),
    )
    actions.register_action(
        "outputs.forget_dissemination",
        _("Remove dissemination record"),
        _("Receipt of the Key Messages by an ASEM partner removed"),
    )
