from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem

from outputs import admin_urls, compilation, compilation_views, translation_board
from outputs.forms import log_chatham_override
from outputs.models import SeminarReportPage
from seminar_pages import locales

hooks.register("after_create_page", log_chatham_override)
hooks.register("after_edit_page", log_chatham_override)


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
