"""Guards the views that do not ask ``access.py`` themselves.

wagtail-localize's submit and update views (and the editor views that follow them) only
check the global ``submit_translation`` permission: a translator could copy, and then
read, a page they may not see. This middleware asks ``access.py`` about the source page
before any of them runs. It also keeps document downloads made by signed-in people (who
may be reading a private collection) out of shared caches.
"""

from django.core.exceptions import PermissionDenied
from django.utils.cache import patch_cache_control
from wagtail.models import Page

from seminar_pages import access

PAGE_VIEWS = {"submit_page_translation", "convert_to_alias"}
SOURCE_VIEWS = {"update_translations"}
TRANSLATION_VIEWS = {
    "edit_string_translation",
    "edit_override",
    "download_pofile",
    "upload_pofile",
    "machine_translate",
    "preview_translation",
    "stop_translation",
}
REPORT_VIEWS = {"translations_report", "translations_report_results"}


def _source_page(match):
    from wagtail_localize.models import Translation, TranslationSource

    name = match.url_name
    if name in PAGE_VIEWS:
        return Page.objects.filter(pk=match.kwargs["page_id"]).first()
    if name in SOURCE_VIEWS:
        source = TranslationSource.objects.filter(pk=match.kwargs["translation_source_id"]).first()
    else:
        translation = (
            Translation.objects.filter(pk=match.kwargs["translation_id"])
            .select_related("source")
            .first()
        )
        source = translation.source if translation else None
    if source is None:
        return None
    instance = source.get_source_instance()
    return instance if isinstance(instance, Page) else None


class TranslationAccessMiddleware:
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
        if match is None or match.namespace != "wagtail_localize":
            return None
        if match.url_name in REPORT_VIEWS:
            # The report names every translated page, closed ones included.
            if not access.reads_all_closed_material(request.user):
                raise PermissionDenied
            return None
        if match.url_name not in PAGE_VIEWS | SOURCE_VIEWS | TRANSLATION_VIEWS:
            return None
        page = _source_page(match)
        if page is None:
            return None
        if not access.can_see_in_admin(request.user, page):
            raise PermissionDenied
        if access.contains_closed_material(page) and not access.reads_all_closed_material(
            request.user
        ):
            # Submitting with "include subtree" would copy closed pages below this one.
            closed_below = access.admin_pages(request.user, page.get_descendants()).count()
            if closed_below != page.get_descendants().count():
                raise PermissionDenied
        return None
