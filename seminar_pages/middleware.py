"""Guards the admin views that do not ask ``access.py`` themselves.

Wagtail and wagtail-localize check their own permissions in these views, but not the
closed-door rules:

- wagtail-localize's submit, update and editor views check only the global
  ``submit_translation`` permission: a translator could copy, then read, a closed page,
  or work in a language that is not theirs; its PO upload imports mismatched files and
  fails on files without its header;
- the explorer and the page chooser show the page they are opened on, whatever it is;
- bulk-action confirmations list the titles of the objects the user may not act on;
- the admin API copies and aliases pages without the ``before_copy_page`` hook;
- some reports (page types usage, translations) name pages without any check.

It also keeps document downloads by signed-in people (who may be reading a private
collection) out of shared caches.
"""

import contextlib
import json
from urllib.parse import urlparse

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from wagtail.contrib.redirects.middleware import RedirectMiddleware, get_redirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.models import Page

from seminar_pages import access
from seminar_pages import translation as translation_module

LOCALIZE_PAGE_VIEWS = {"submit_page_translation", "convert_to_alias"}
LOCALIZE_SOURCE_VIEWS = {"update_translations"}
# Syncing a source updates every language; converting back to an alias discards a
# translation; snippets are shared vocabulary. These stay with the Secretariat.
LOCALIZE_MANAGEMENT_VIEWS = {
    "update_translations",
    "convert_to_alias",
    "submit_snippet_translation",
}
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


def _localized_target(match):
    """(source page, target locale id or None, translation or None) of a localize view."""
    from wagtail_localize.models import Translation, TranslationSource

    name = match.url_name
    translation = None
    target_locale_id = None
    try:
        if name in LOCALIZE_PAGE_VIEWS:
            return Page.objects.filter(pk=match.kwargs["page_id"]).first(), None, None
        if name in LOCALIZE_SOURCE_VIEWS:
            source = TranslationSource.objects.filter(
                pk=match.kwargs["translation_source_id"]
            ).first()
        else:
            translation = (
                Translation.objects.filter(pk=match.kwargs["translation_id"])
                .select_related("source", "target_locale")
                .first()
            )
            source = translation.source if translation else None
            target_locale_id = translation.target_locale_id if translation else None
        instance = source.get_source_instance() if source else None
    except ObjectDoesNotExist:
        return None, None, None
    page = instance if isinstance(instance, Page) else None
    return page, target_locale_id, translation


def _guard_translation(request, match):
    name = match.url_name
    if name in LOCALIZE_MANAGEMENT_VIEWS:
        if not access.manages_translations(request.user):
            raise PermissionDenied
    if name not in LOCALIZE_PAGE_VIEWS | LOCALIZE_SOURCE_VIEWS | LOCALIZE_TRANSLATION_VIEWS:
        return None
    page, target_locale_id, translation = _localized_target(match)
    if target_locale_id is not None and not access.may_translate(request.user, target_locale_id):
        # Translators work in their own languages only.
        raise PermissionDenied
    if name == "submit_page_translation" and request.method == "POST":
        chosen = [pk for pk in request.POST.getlist("locales") if pk.isdigit()]
        if not all(access.may_translate(request.user, int(pk)) for pk in chosen):
            raise PermissionDenied
    if page is None:
        return None
    if not access.can_see_in_admin(request.user, page):
        raise PermissionDenied
    below = page.get_descendants()
    if access.admin_pages(request.user, below).count() != below.count():
        # "Include subtree" would copy closed pages below this one.
        raise PermissionDenied
    if name == "upload_pofile" and request.method == "POST" and translation is not None:
        return _checked_po_upload(request, translation)
    if name == "edit_override" and request.method == "PUT":
        _guard_document_override(request, match)
    return None


def _document_id(value):
    """The id in an override's value (``12``, ``"12"``), or None."""
    with contextlib.suppress(TypeError, ValueError):
        value = json.loads(value)
    if isinstance(value, bool):
        return None
    with contextlib.suppress(TypeError, ValueError):
        return int(value)
    return None


def _guard_document_override(request, match):
    """An override that swaps a document must not link one the translator may not read."""
    from wagtail_localize.models import OverridableSegment

    segment = OverridableSegment.objects.filter(pk=match.kwargs["overridable_segment_id"]).first()
    if segment is None or _document_id(segment.data_json) is None:
        return
    documents = get_document_model().objects.all()
    if not documents.filter(pk=_document_id(segment.data_json)).exists():
        return
    body = QueryDict(request.body) if request.body else QueryDict()
    value = body.get("value")
    if value is None and request.content_type == "application/json":
        with contextlib.suppress(ValueError):
            value = str(json.loads(request.body).get("value"))
    chosen = _document_id(value)
    if chosen is None:
        return
    document = documents.filter(pk=chosen).first()
    if document is not None and not access.can_read_document(request.user, document):
        raise PermissionDenied


def _checked_po_upload(request, translation):
    """Refuse a malformed or mismatched PO file before wagtail-localize imports it."""
    from wagtail.admin.utils import get_valid_next_url_from_request

    try:
        translation_module.read_po_upload(translation, request.FILES.get("file"))
    except translation_module.POFileError as error:
        messages.error(request, str(error))
        next_url = get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")
        return redirect(next_url)
    return None


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
            return _guard_translation(request, match)
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


class CheckedRedirectMiddleware(RedirectMiddleware):
    """Wagtail's redirects, except those that lead to a page the reader may not read.

    Wagtail creates a redirect for a page and everything below it when a slug changes or
    a page moves; served blindly, the redirect of a closed page would admit that it exists
    and name its new address (its slug comes from its title).
    """

    def process_response(self, request, response):
        redirected = super().process_response(request, response)
        if redirected is response:
            return response
        path = Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
        found = get_redirect(request, path) or get_redirect(request, urlparse(path).path)
        page = found.redirect_page if found is not None else None
        if page is not None and not access.can_view_page(request.user, page):
            return response
        return redirected
