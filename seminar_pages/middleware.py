"""Guards the admin views that do not ask ``access.py`` themselves.

Wagtail and wagtail-localize check their own permissions in these views, but not the
closed-door rules:

- wagtail-localize's submit, update and editor views check only the global
  ``submit_translation`` permission: a translator could copy, then read, a closed page;
- the explorer and the page chooser show the page they are opened on, whatever it is;
- bulk-action confirmations list the titles of the objects the user may not act on;
- the admin API copies and aliases pages without the ``before_copy_page`` hook;
- some reports (page types usage, translations) name pages without any check.

It also keeps document downloads by signed-in people (who may be reading a private
collection) out of shared caches.
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.utils.cache import patch_cache_control
from wagtail.documents import get_document_model
from wagtail.models import Page

from seminar_pages import access

LOCALIZE_PAGE_VIEWS = {"submit_page_translation", "convert_to_alias"}
LOCALIZE_SOURCE_VIEWS = {"update_translations"}
LOCALIZE_TRANSLATION_VIEWS = {
    "edit_string_translation",
    "edit_override",
    "download_pofile",
    "upload_pofile",
    "machine_translate",
    "preview_translation",
    "stop_translation",
}
# Reports that name pages without asking the permission policy.
UNCHECKED_REPORTS = {
    ("wagtail_localize", "translations_report"),
    ("wagtail_localize", "translations_report_results"),
    ("wagtailadmin_reports", "page_types_usage"),
    ("wagtailadmin_reports", "page_types_usage_results"),
}
PARENT_VIEWS = {
    "wagtailadmin_explore",
    "wagtailadmin_explore_results",
    "wagtailadmin_choose_page_child",
}
COPYING_API_ACTIONS = {"copy", "create_alias", "copy_for_translation"}


def _localized_source_page(match):
    from wagtail_localize.models import Translation, TranslationSource

    name = match.url_name
    try:
        if name in LOCALIZE_PAGE_VIEWS:
            return Page.objects.filter(pk=match.kwargs["page_id"]).first()
        if name in LOCALIZE_SOURCE_VIEWS:
            source = TranslationSource.objects.filter(
                pk=match.kwargs["translation_source_id"]
            ).first()
        else:
            translation = (
                Translation.objects.filter(pk=match.kwargs["translation_id"])
                .select_related("source")
                .first()
            )
            source = translation.source if translation else None
        instance = source.get_source_instance() if source else None
    except ObjectDoesNotExist:
        return None
    return instance if isinstance(instance, Page) else None


def _guard_translation(request, match):
    if (
        match.url_name
        not in LOCALIZE_PAGE_VIEWS | LOCALIZE_SOURCE_VIEWS | LOCALIZE_TRANSLATION_VIEWS
    ):
        return
    page = _localized_source_page(match)
    if page is None:
        return
    if not access.can_see_in_admin(request.user, page):
        raise PermissionDenied
    below = page.get_descendants()
    if access.admin_pages(request.user, below).count() != below.count():
        # "Include subtree" would copy closed pages below this one.
        raise PermissionDenied


def _guard_bulk_action(request, match):
    ids = request.GET.getlist("id")
    model = (match.kwargs.get("app_label"), match.kwargs.get("model_name"))
    if model == ("wagtailcore", "page"):
        if "all" in ids:
            parent = Page.objects.filter(pk=request.GET.get("childOf") or 0).first()
            if parent is None:
                return
            if not access.can_see_in_admin(request.user, parent):
                raise Http404
            pages = Page.objects.child_of(parent)
        else:
            pages = Page.objects.filter(pk__in=[pk for pk in ids if pk.isdigit()])
        if access.admin_pages(request.user, pages).count() != pages.count():
            raise Http404
    elif model == ("wagtaildocs", "document"):
        documents = get_document_model().objects.all()
        if "all" not in ids:
            documents = documents.filter(pk__in=[pk for pk in ids if pk.isdigit()])
        if access.readable_documents(request.user, documents).count() != documents.count():
            raise Http404


class AccessGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            match is not None
            and match.url_name == "wagtaildocs_serve"
            and request.user.is_authenticated
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None:
            return None
        namespace, name = match.namespace, match.url_name
        if (namespace, name) in UNCHECKED_REPORTS:
            if not access.reads_all_closed_material(request.user):
                raise PermissionDenied
        elif namespace == "wagtail_localize":
            _guard_translation(request, match)
        elif name in PARENT_VIEWS and "parent_page_id" in match.kwargs:
            parent = Page.objects.filter(pk=match.kwargs["parent_page_id"]).first()
            if parent is not None and not access.can_see_in_admin(request.user, parent):
                raise Http404
        elif name == "wagtail_bulk_action":
            _guard_bulk_action(request, match)
        elif name == "action" and match.kwargs.get("action_name") in COPYING_API_ACTIONS:
            page = Page.objects.filter(pk=match.kwargs.get("pk")).first()
            if page is not None and access.contains_closed_material(page, request.user):
                raise PermissionDenied
        return None
