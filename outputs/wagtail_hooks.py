from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from outputs import admin_urls, lineage_admin, translation_board
from outputs.choosers import recommendation_chooser_viewset
from outputs.forms import log_chatham_override

hooks.register("after_create_page", log_chatham_override)
hooks.register("after_edit_page", log_chatham_override)

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
