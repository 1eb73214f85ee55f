from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from outputs import admin_urls, reporting, translation_board
from outputs.forms import log_chatham_override

hooks.register("after_create_page", log_chatham_override)
hooks.register("after_edit_page", log_chatham_override)
# The current edition's reports, for the Secretariat and each group's rapporteurs/moderators.
hooks.register("construct_homepage_panels", reporting.add_reporting_panel)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("outputs/", include(admin_urls, namespace="outputs_admin"))]


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
