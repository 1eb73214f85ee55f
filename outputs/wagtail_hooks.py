from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from outputs import admin_urls, dissemination_urls, translation_board
from outputs.forms import log_chatham_override
from outputs.partners import PartnerContact
from seminar_pages import access

hooks.register("after_create_page", log_chatham_override)
hooks.register("after_edit_page", log_chatham_override)


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
