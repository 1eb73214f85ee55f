"""The access gate: every request that names an object passes here before its view runs.

Each object-naming argument of a URL pattern (``page_id``, ``revision_id``,
``translation_id``, ...) is a traversal step: the gate loads the object it names and asks
``access.py`` whether the user may read it. The tables below classify every argument and
every listing the gate knows; whatever they do not know is refused to everyone outside
the Secretariat, so that a view added by a Wagtail or wagtail-localize upgrade is closed
until someone reads it and classifies it here.

A refusal is an ``Http404`` raised by the gate, and so is an argument that names nothing:
both come from the same place, so a refused object is indistinguishable from one that does
not exist (same status, headers and body).

Users without access to the admin are left to the admin's own check on admin URLs, which
refuses them the same way whatever the URL names.
"""

import contextlib
import json
import re
from dataclasses import dataclass

from django.apps import apps
from django.contrib import messages
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.functional import cached_property
from wagtail.documents import get_document_model
from wagtail.models import Page, TaskState, UploadedFile, WorkflowState

from seminar_pages import access
from seminar_pages import translation as translation_module

# URL arguments that name no object (a model, an action, a display mode, a token).
NOT_OBJECTS = frozenset(
    {
        "action",
        "action_name",
        "app_label",
        "app_name",
        "content_type_app_name",
        "content_type_model_name",
        "filter_spec",
        "mode",
        "model_name",
        "token",
        "uidb64",
    }
)

# Areas of the admin where only the Secretariat works (site configuration, people,
# workflows, roles): everyone else is answered "not found", whatever the view checks.
SECRETARIAT_AREAS = frozenset(
    {
        "seminar_access",
        # Invitations, registrations and assignments: participants' personal data.
        "seminar_participants",
        # Sending Key Messages to the ASEM partners: their contacts are personal data.
        "outputs_dissemination",
        "wagtailadmin_collections",
        "wagtailadmin_workflows",
        "wagtailforms",
        "wagtaillocales",
        "wagtailredirects",
        "wagtailsites",
        "wagtailusers_groups",
        "wagtailusers_users",
    }
)
SECRETARIAT_VIEWS = frozenset(
    {
        # Syncing a source updates every language; converting back to an alias discards a
        # translation; snippets are shared vocabulary.
        "wagtail_localize:update_translations",
        "wagtail_localize:convert_to_alias",
        "wagtail_localize:submit_snippet_translation",
    }
)
# Views that name no object and were read to list only what the policy lets the user see
# (through the page and document policies, the hooks in ``wagtail_hooks.py`` and
# ``admin_counts.py``), or that list nothing at all.
VETTED_LISTINGS = {
    "wagtailadmin_home",
    "wagtailadmin_account",
    "wagtailadmin_logout",
    "wagtailadmin_login",
    "wagtailadmin_dismissibles",
    "wagtailadmin_block_preview",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_explore_root",
    "wagtailadmin_choose_page",
    "wagtailadmin_choose_page_search",
    "wagtailadmin_choose_page_chosen_multiple",
    "wagtailadmin_choose_page_external_link",
    "wagtailadmin_choose_page_email_link",
    "wagtailadmin_choose_page_phone_link",
    "wagtailadmin_choose_page_anchor_link",
    "wagtailadmin_tag_autocomplete",
    "wagtailadmin_tag_model_autocomplete",
    "wagtail_bulk_action",
    "wagtailadmin_pages:search",
    "wagtailadmin_pages:search_results",
    "wagtailadmin_pages:choose_parent",
    "wagtailadmin_reports:locked_pages",
    "wagtailadmin_reports:locked_pages_results",
    "wagtailadmin_reports:workflow",
    "wagtailadmin_reports:workflow_results",
    "wagtailadmin_reports:workflow_tasks",
    "wagtailadmin_reports:workflow_tasks_results",
    "wagtailadmin_reports:site_history",
    "wagtailadmin_reports:site_history_results",
    "wagtailadmin_reports:aging_pages",
    "wagtailadmin_reports:aging_pages_results",
    "wagtailadmin_api:pages:listing",
    "wagtailadmin_api:pages:find",
    "wagtailadmin_api:documents:listing",
    "wagtailadmin_api:documents:find",
    "wagtailadmin_api:images:listing",
    "wagtailadmin_api:images:find",
    "wagtaildocs:index",
    "wagtaildocs:index_results",
    "wagtaildocs:add",
    "wagtaildocs:add_multiple",
    "wagtaildocs_chooser:choose",
    "wagtaildocs_chooser:choose_results",
    "wagtaildocs_chooser:chosen_multiple",
    "wagtaildocs_chooser:create",
    "wagtailimages:index",
    "wagtailimages:index_results",
    "wagtailimages:add",
    "wagtailimages:add_multiple",
    "wagtailimages_chooser:choose",
    "wagtailimages_chooser:choose_results",
    "wagtailimages_chooser:chosen_multiple",
    "wagtailimages_chooser:create",
    "wagtailembeds:chooser",
    "wagtailembeds:chooser_upload",
    "wagtail_localize:javascript_catalog",
    # Which models' snippets it lists is decided by ``access.may_read_model``.
    "wagtail_localize:snippets_api_listing",
    # The public site: pages are checked where they are routed
    # (``before_serve_page``), the sitemap filters by the policy.
    "wagtail_serve",
    "wagtailcore_login",
    "sitemap",
    "wagtaildocs_serve",
    # An invitation's link checks its own token (``invitations.find``) and shows only the
    # invitee's own details; its confirmation shows nothing.
    "seminar_registration:invitation",
    "seminar_registration:registered",
}
# Snippet views carry their model in their namespace.
SNIPPET_NAMESPACE = re.compile(
    r"^wagtailsnippet(?:s|choosers)_(?P<app>[a-z0-9_]+?)_(?P<model>[a-z0-9]+)$"
)


@dataclass(frozen=True)
class Step:
    """One object-naming URL argument: how to load what it names, and whether ``user``
    may read it. ``load`` returns None when the argument names nothing."""

    load: callable
    allows: callable


def _int(value):
    with contextlib.suppress(TypeError, ValueError):
        return int(value)
    return None


def _page(value, request=None):
    pk = _int(value)
    return Page.objects.filter(pk=pk).first() if pk is not None else None


def _page_in_admin(user, page, request):
    return access.can_see_in_admin(user, page)


def _revision(value, request):
    """A revision of the page the URL names (``revisions_compare`` also takes keywords)."""
    match = request.resolver_match
    page = _page(match.kwargs.get("page_id", match.kwargs.get("pk")))
    if page is None:
        return None
    if value in {"live", "latest", "previous"}:
        return page
    revisions = page.revisions
    if value == "earliest":
        return revisions.order_by("created_at", "id").first() or page
    pk = _int(value)
    return revisions.filter(pk=pk).first() if pk is not None else None


def _revision_allowed(user, revision, request):
    if isinstance(revision, Page):
        return access.can_see_in_admin(user, revision)
    page = revision.content_object
    return access.can_see_revision(user, page, revision)


def _page_of_workflow_state(state):
    with contextlib.suppress(Exception):
        content = state.content_object
        return content if isinstance(content, Page) else None
    return None


def _task_state(value, request):
    pk = _int(value)
    state = TaskState.objects.filter(pk=pk).select_related("workflow_state").first()
    return state


def _task_state_allowed(user, state, request):
    page = _page_of_workflow_state(state.workflow_state)
    return page is not None and access.can_see_in_admin(user, page)


def _workflow_state(value, request):
    pk = _int(value)
    return WorkflowState.objects.filter(pk=pk).first() if pk is not None else None


def _workflow_state_allowed(user, state, request):
    page = _page_of_workflow_state(state)
    return page is not None and access.can_see_in_admin(user, page)


def _document(value, request=None):
    pk = _int(value)
    if pk is None:
        return None
    return get_document_model().objects.filter(pk=pk).select_related("collection").first()


def _document_allowed(user, document, request):
    return access.can_read_document(user, document)


def _uploaded_file(value, request):
    pk = _int(value)
    return UploadedFile.objects.filter(pk=pk).first() if pk is not None else None


def _own_upload(user, upload, request):
    # An upload in progress belongs to the person uploading it.
    return upload.uploaded_by_user_id == user.pk


def _image(value, request):
    from wagtail.images import get_image_model

    pk = _int(value)
    return get_image_model().objects.filter(pk=pk).first() if pk is not None else None


def _anyone(user, obj, request):
    # Images are never closed material: closed pages offer no images (README).
    return True


def _translation(value, request):
    from wagtail_localize.models import Translation

    pk = _int(value)
    if pk is None:
        return None
    return Translation.objects.filter(pk=pk).select_related("source", "target_locale").first()


def _source_page(source):
    with contextlib.suppress(Exception):
        instance = source.get_source_instance()
        return instance if isinstance(instance, Page) else None
    return None


def _translation_allowed(user, translation, request):
    if not access.may_translate(user, translation.target_locale_id):
        # Translators work in their own languages only.
        return False
    page = _source_page(translation.source)
    if page is None:
        return access.manages_translations(user)
    if not access.can_see_in_admin(user, page):
        return False
    target = page.get_translation_or_none(translation.target_locale)
    return target is None or access.can_see_in_admin(user, target)


def _translation_source(value, request):
    from wagtail_localize.models import TranslationSource

    pk = _int(value)
    return TranslationSource.objects.filter(pk=pk).first() if pk is not None else None


def _translation_source_allowed(user, source, request):
    page = _source_page(source)
    return page is not None and access.can_see_in_admin(user, page)


def _segment(model_name):
    def load(value, request):
        from wagtail_localize import models as localize

        pk = _int(value)
        if pk is None:
            return None
        return getattr(localize, model_name).objects.filter(pk=pk).first()

    return load


def _segment_allowed(user, segment, request):
    # A segment is read through the translation the same URL names, which the gate checks:
    # it must belong to that translation's source.
    translation = _translation(request.resolver_match.kwargs.get("translation_id"), request)
    return translation is not None and segment.source_id == translation.source_id


def _snippet_model(request):
    kwargs = request.resolver_match.kwargs
    app_label, model_name = kwargs.get("app_label"), kwargs.get("model_name")
    if app_label is None:
        found = SNIPPET_NAMESPACE.match(request.resolver_match.namespace.split(":")[-1])
        if found is None:
            return None
        app_label, model_name = found["app"], found["model"]
    with contextlib.suppress(LookupError):
        return apps.get_model(app_label, model_name)
    return None


def _object_of_model(value, request):
    """The object a generic view names by (``app_label``, ``model_name``, ``pk``/``object_id``)."""
    model = _snippet_model(request)
    if model is None:
        return None
    with contextlib.suppress(Exception):
        return model._default_manager.filter(pk=value).first()
    return None


def _model_allowed(user, model):
    """Models whose objects the gate checks one by one pass here; others ask the policy."""
    from wagtail.images import get_image_model

    if issubclass(model, Page | get_document_model() | get_image_model()):
        return True
    return access.may_read_model(user, model)


def _object_allowed(user, obj, request):
    if isinstance(obj, Page):
        return access.can_see_in_admin(user, obj)
    if isinstance(obj, get_document_model()):
        return access.can_read_document(user, obj)
    return _model_allowed(user, type(obj))


def _editing_session(value, request):
    from wagtail.admin.models import EditingSession

    pk = _int(value)
    return EditingSession.objects.filter(pk=pk).first() if pk is not None else None


def _own_session(user, session, request):
    return session.user_id == user.pk


PAGE = Step(_page, _page_in_admin)
REVISION = Step(_revision, _revision_allowed)
DOCUMENT = Step(_document, _document_allowed)
TRANSLATION = Step(_translation, _translation_allowed)

# (namespace, argument) -> step; a namespace of "" applies to every namespace.
TRAVERSED = {
    ("", "page_id"): PAGE,
    ("", "parent_page_id"): PAGE,
    ("wagtailadmin_pages", "page_to_move_id"): PAGE,
    ("wagtailadmin_pages", "destination_id"): PAGE,
    ("wagtailadmin_pages", "pk"): PAGE,
    ("wagtailadmin_pages", "revision_id"): REVISION,
    ("wagtailadmin_pages", "revision_id_a"): REVISION,
    ("wagtailadmin_pages", "revision_id_b"): REVISION,
    ("wagtailadmin_pages", "task_state_id"): Step(_task_state, _task_state_allowed),
    ("wagtailadmin_pages", "workflow_state_id"): Step(_workflow_state, _workflow_state_allowed),
    # A workflow task is configuration (its name and type), never content.
    ("wagtailadmin_pages", "task_id"): Step(
        lambda value, request: (
            apps.get_model("wagtailcore", "Task").objects.filter(pk=_int(value)).first()
        ),
        _anyone,
    ),
    ("wagtailadmin_api:pages", "pk"): PAGE,
    ("wagtailadmin_api:documents", "pk"): DOCUMENT,
    ("wagtailadmin_api:images", "pk"): Step(_image, _anyone),
    ("wagtaildocs", "document_id"): DOCUMENT,
    ("wagtaildocs", "doc_id"): DOCUMENT,
    ("wagtaildocs", "uploaded_file_id"): Step(_uploaded_file, _own_upload),
    ("wagtaildocs_chooser", "pk"): DOCUMENT,
    ("wagtailimages", "image_id"): Step(_image, _anyone),
    ("wagtailimages", "uploaded_file_id"): Step(_uploaded_file, _own_upload),
    ("wagtailimages_chooser", "pk"): Step(_image, _anyone),
    ("wagtailimages_chooser", "image_id"): Step(_image, _anyone),
    ("wagtail_localize", "translation_id"): TRANSLATION,
    ("wagtail_localize", "translation_source_id"): Step(
        _translation_source, _translation_source_allowed
    ),
    ("wagtail_localize", "string_segment_id"): Step(_segment("StringSegment"), _segment_allowed),
    ("wagtail_localize", "overridable_segment_id"): Step(
        _segment("OverridableSegment"), _segment_allowed
    ),
    ("wagtail_localize", "pk"): Step(_object_of_model, _object_allowed),
    ("wagtailadmin_editing_sessions", "object_id"): Step(_object_of_model, _object_allowed),
    ("wagtailadmin_editing_sessions", "session_id"): Step(_editing_session, _own_session),
    ("outputs_admin", "translation_id"): TRANSLATION,
    ("snippets", "pk"): Step(_object_of_model, _object_allowed),
}
# Views that take no object argument but act on objects named in the query string.
REFUSED_TO_ALL = frozenset(
    {
        # Shared passwords are switched off (WAGTAIL_PRIVATE_PAGE_OPTIONS).
        "wagtailcore_authenticate_with_password",
        "wagtaildocs_authenticate_with_password",
    }
)


def _tag_autocomplete(request, **kwargs):
    from seminar_pages.tags import answer_tag_autocomplete

    return answer_tag_autocomplete(request, **kwargs)


# Views whose answer would name what the user may not read, and which no hook narrows:
# the gate answers them itself, from readable objects only, once the admin let the user in.
def _submit_page_translation(request, **kwargs):
    from seminar_pages.localize_submit import answer

    return answer(request, **kwargs)


ANSWERED_BY_THE_GATE = {
    "wagtailadmin_tag_autocomplete": _tag_autocomplete,
    "wagtailadmin_tag_model_autocomplete": _tag_autocomplete,
    "wagtail_localize:submit_page_translation": _submit_page_translation,
}


def register_traversal(namespace, argument, load, allows):
    """Teach the gate an object-naming argument of another app's URLs.

    Args:
        namespace: the URL namespace (``""`` for every namespace).
        argument: the URL keyword argument.
        load: ``load(value, request)`` returning the object, or None when there is none.
        allows: ``allows(user, obj, request)``, true when ``user`` may read ``obj``.
    """
    TRAVERSED[(namespace, argument)] = Step(load, allows)


def register_listing(view_name):
    """Declare a view of another app that names no object and lists only what it may."""
    VETTED_LISTINGS.add(view_name)


class _Route:
    """What the gate needs of one URL pattern (and, once resolved, of its match)."""

    def __init__(self, namespace, view_name, route="", match=None):
        self.namespace = namespace
        self.view_name = view_name
        self.route = route
        self.match = match
        self.area = namespace.split(":")[0]

    @classmethod
    def of(cls, match):
        return cls(match.namespace, match.view_name, match.route, match)

    @cached_property
    def is_admin(self):
        return self.route.startswith(_admin_prefix())

    @cached_property
    def is_snippet(self):
        return SNIPPET_NAMESPACE.match(self.namespace.split(":")[-1]) is not None

    def step(self, argument):
        if self.is_snippet:
            return TRAVERSED.get(("snippets", argument))
        for namespace in (self.namespace, self.area, ""):
            if (namespace, argument) in TRAVERSED:
                return TRAVERSED[(namespace, argument)]
        return None


def _admin_prefix():
    return reverse("wagtailadmin_home").lstrip("/")


def _has_admin_access(user):
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


def knows(namespace, view_name, argument):
    """Whether the gate can check ``argument`` of the URL pattern ``view_name``."""
    if argument in NOT_OBJECTS:
        return True
    route = _Route(namespace, view_name)
    if route.area in SECRETARIAT_AREAS or view_name in SECRETARIAT_VIEWS | REFUSED_TO_ALL:
        return True
    return route.step(argument) is not None


def check(request, view_kwargs):
    """Refuse the request (``Http404``) unless ``request.user`` may read all it names.

    Args:
        request: a request with its ``resolver_match``.
        view_kwargs: the view's keyword arguments.

    Raises:
        Http404: an object it names does not exist or may not be read, an argument the
            gate does not know, a listing nobody vetted, or an area of the Secretariat.
    """
    match = request.resolver_match
    if match is None:
        return
    route = _Route.of(match)
    user = request.user
    if route.view_name in REFUSED_TO_ALL:
        raise Http404
    if route.is_admin and not _has_admin_access(user):
        # The admin refuses them itself, the same way whatever the URL names.
        return
    if access.can_manage_roles(user):
        return
    if route.area in SECRETARIAT_AREAS or route.view_name in SECRETARIAT_VIEWS:
        raise Http404
    if route.is_snippet or {"app_label", "model_name"} <= view_kwargs.keys():
        model = _snippet_model(request)
        if model is not None and not _model_allowed(user, model):
            raise Http404
    arguments = {name: value for name, value in view_kwargs.items() if name not in NOT_OBJECTS}
    if not arguments:
        if route.view_name not in VETTED_LISTINGS and not (
            route.is_snippet and route.match.url_name in SNIPPET_LISTINGS
        ):
            raise Http404
        return
    for name, value in arguments.items():
        step = route.step(name)
        if step is None:
            # An object the gate was never taught to check.
            raise Http404
        obj = step.load(value, request)
        if obj is None or not step.allows(user, obj, request):
            raise Http404


# A snippet viewset's own listings; which models' viewsets are reachable is decided by
# ``access.may_read_model`` above.
SNIPPET_LISTINGS = frozenset(
    {"list", "list_results", "add", "choose", "choose_results", "chosen_multiple", "create"}
)


# Checks of what a request carries besides its URL ---------------------------------------


def _check_query_objects(request, route):
    """Objects named in the query string of bulk actions and of wagtail-localize's submit."""
    name = route.view_name
    if name == "wagtail_bulk_action":
        _check_bulk_action(request, route.match)
    elif name == "wagtail_localize:submit_page_translation":
        # "Include subtree" counts and copies only readable pages (``localize_submit.py``).
        _check_submitted_locales(request)


COPYING_API_ACTIONS = {"copy", "create_alias", "copy_for_translation"}


def _check_copies(request, route):
    """The admin API copies and aliases without Wagtail's ``before_copy_page`` hook: a copy
    of closed material would escape its working group's rules, for the Secretariat too."""
    if route.view_name != "wagtailadmin_api:pages:action":
        return
    if route.match.kwargs.get("action_name") in COPYING_API_ACTIONS:
        page = _page(route.match.kwargs.get("pk"))
        if page is not None and access.contains_closed_material(page, request.user):
            raise Http404


def _check_submitted_locales(request):
    if request.method != "POST":
        return
    chosen = [pk for pk in request.POST.getlist("locales") if pk.isdigit()]
    if not all(access.may_translate(request.user, int(pk)) for pk in chosen):
        raise Http404


def _check_bulk_action(request, match):
    """Every object a bulk action names must be one the user sees; missing ones too are
    refused, so that a hidden id answers like an id that does not exist.

    Wagtail's "all pages below" takes every child (or, searching, every descendant) from
    the tree unfiltered and lists those the user may not act on by title: the gate turns
    it into the explicit list of the pages the user sees.
    """
    ids = request.GET.getlist("id")
    model = (match.kwargs.get("app_label"), match.kwargs.get("model_name"))
    if model == ("wagtailcore", "page"):
        if "all" in ids:
            parent = _page(request.GET.get("childOf"))
            if parent is None or not access.can_see_in_admin(request.user, parent):
                raise Http404
            query = request.GET.get("q", "")
            pages = parent.get_descendants() if query else parent.get_children()
            visible = access.admin_pages(request.user, pages).values_list("pk", flat=True)
            if query:
                from wagtail.admin.views.pages.search import page_filter_search

                visible = [page.pk for page in page_filter_search(query, visible)[0]]
            narrowed = request.GET.copy()
            narrowed.setlist("id", [str(pk) for pk in visible])
            narrowed.pop("childOf", None)
            request.GET = narrowed
            return
        wanted = {int(pk) for pk in ids if pk.isdigit()}
        pages = Page.objects.filter(pk__in=wanted)
        if access.admin_pages(request.user, pages).count() != len(wanted):
            raise Http404
    elif model == ("wagtaildocs", "document"):
        if "all" in ids:
            # Wagtail takes them from the document policy, which leaves private ones out.
            return
        wanted = {int(pk) for pk in ids if pk.isdigit()}
        documents = get_document_model().objects.filter(pk__in=wanted)
        if access.readable_documents(request.user, documents).count() != len(wanted):
            raise Http404
    else:
        model_class = None
        with contextlib.suppress(LookupError, TypeError):
            model_class = apps.get_model(*model)
        if model_class is None or not _model_allowed(request.user, model_class):
            raise Http404


def _document_id(value):
    """The id in an override's value (``12``, ``"12"``), or None."""
    with contextlib.suppress(TypeError, ValueError):
        value = json.loads(value)
    if isinstance(value, bool):
        return None
    return _int(value)


def _check_document_override(request, match):
    """An override that swaps a document must not link one the translator may not read."""
    from wagtail_localize.models import OverridableSegment

    segment = OverridableSegment.objects.filter(pk=match.kwargs["overridable_segment_id"]).first()
    if segment is None or _document_id(segment.data_json) is None:
        return
    if _document(_document_id(segment.data_json)) is None:
        return
    body = QueryDict(request.body) if request.body else QueryDict()
    value = body.get("value")
    if value is None and request.content_type == "application/json":
        with contextlib.suppress(ValueError, AttributeError):
            value = str(json.loads(request.body).get("value"))
    document = _document(_document_id(value))
    if document is not None and not access.can_read_document(request.user, document):
        raise Http404


def _checked_po_upload(request, translation_id):
    """Refuse a malformed or mismatched PO file before wagtail-localize imports it."""
    from wagtail.admin.utils import get_valid_next_url_from_request

    translation = _translation(translation_id, request)
    try:
        translation_module.read_po_upload(translation, request.FILES.get("file"))
    except translation_module.POFileError as error:
        messages.error(request, str(error))
        next_url = get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")
        return redirect(next_url)
    return None


class AccessGate:
    """Middleware: ``check`` before every view; private caching of signed-in downloads."""

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
            # A signed-in download may come from a private collection.
            patch_cache_control(response, private=True, no_store=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None:
            return None
        if match.url_name == "wagtaildocs_serve" and view_args:
            document = _document(view_args[0])
            if document is None or not access.can_read_document(request.user, document):
                raise Http404
        # Only what the URL itself names: ``path(..., {"sitemaps": ...})`` extras are the
        # site's own configuration.
        check(request, match.captured_kwargs)
        route = _Route.of(match)
        if route.is_admin and not _has_admin_access(request.user):
            # The admin refuses them itself (see ``check``).
            return None
        _check_copies(request, route)
        if not access.can_manage_roles(request.user):
            _check_query_objects(request, route)
        answer = ANSWERED_BY_THE_GATE.get(match.view_name)
        if answer is not None:
            response = answer(request, **match.captured_kwargs)
            add_never_cache_headers(response)
            return response
        if match.view_name == "wagtail_localize:upload_pofile" and request.method == "POST":
            return _checked_po_upload(request, view_kwargs["translation_id"])
        if match.view_name == "wagtail_localize:edit_override" and request.method == "PUT":
            _check_document_override(request, match)
        return None
