from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PanelPlaceholder, Site, get_page_models
from wagtail.permissions import policy_registry

from seminar_pages import locales

# URLs of up to this many steps below the site root are routed from one query of pages.
ROUTE_PREFETCH_DEPTH = 8


class SampleContentMixin(models.Model):
    """Marks demonstration content, so that nobody mistakes it for a real seminar output."""

    is_sample_content = models.BooleanField(
        _("sample content"),
        default=False,
        help_text=_(
            "Tick for demonstration content that does not describe a real seminar output. "
            "Sample pages show a visible notice to every reader."
        ),
    )

    settings_panels = [FieldPanel("is_sample_content")]

    class Meta:
        abstract = True


class SeminarBasePage(SampleContentMixin, Page):
    """Base of every page of the series.

    ``edition_section`` says where an edition page lists a child of this type:
    ``documents``, ``working_groups`` or ``outputs``.
    """

    edition_section = None
    # Closed-door from creation (session notes); editors may close any other page.
    closed_by_default = False
    # Drafted by a working group's rapporteurs: drafts are closed in the admin.
    drafted_by_working_group = False

    # Named, not imported: the panel asks the access policy, which sits above the models
    # (Wagtail's own ``Page.content_panels`` name admin panels the same way).
    content_panels = [
        PanelPlaceholder("seminar_pages.panels.ClosedDoorPanel", [], {}),
        *Page.content_panels,
    ]
    settings_panels = Page.settings_panels + SampleContentMixin.settings_panels

    class Meta:
        abstract = True

    def permissions_for_user(self, user):
        # The registered page policy knows its tester; importing it would import the policy.
        return policy_registry.get(self).tester_class(user, self)

    def cached_ancestors(self):
        """This page's ancestors, the tree root first, read once for this instance.

        Each comes with its edition's or working group's own fields (``editionpage``,
        ``workinggrouppage``), so that the breadcrumbs, the document title, the citation
        and the view restrictions of a served page share one query. Only the pages of
        one request ask it (a served page, its templates).
        """
        if "_seminar_ancestors" not in self.__dict__:
            self.__dict__["_seminar_ancestors"] = list(
                self.get_ancestors().select_related("editionpage", "workinggrouppage")
            )
        return self.__dict__["_seminar_ancestors"]

    def prepare_for_serving(self, view_restrictions):
        """Read this page's ancestors and keep ``view_restrictions`` (every view restriction
        of the site, as the access policy read them for this request), so that Wagtail's
        check of the page's restrictions asks nothing more of the database."""
        self.cached_ancestors()
        self.__dict__["_seminar_view_restrictions"] = list(view_restrictions)

    def get_view_restrictions(self):
        # Wagtail's own, from what ``prepare_for_serving`` was given.
        if "_seminar_view_restrictions" not in self.__dict__:
            return super().get_view_restrictions()
        page_ids = set()

        def add(page):
            if page.alias_of_id:
                add(page.alias_of)
            else:
                page_ids.add(page.pk)

        for page in [self, *self.cached_ancestors()]:
            add(page)
        return [
            restriction
            for restriction in self.__dict__["_seminar_view_restrictions"]
            if restriction.page_id in page_ids
        ]

    def route(self, request, path_components):
        """Route in this language's tree; where it lacks the next page, in the English tree.

        The English page is then served under this language's URL, with a notice in the
        reader's language (see ``seminar_pages.languages``). A translation not yet published
        (a draft) counts as lacking: its reader gets the English page.
        """
        draft_root = self._draft_root_in_language(request)
        if draft_root is not None:
            return draft_root.route(request, path_components)
        try:
            child = self._child_on_route(request, path_components)
            if child is None:
                return super().route(request, path_components)
            # As Wagtail's ``Page.route``, with the child read beforehand.
            child._cached_parent_obj = self
            return child.specific.route(request, path_components[1:])
        except Http404:
            if not locales.is_translation(self):
                raise
            if path_components and (
                self.get_children().live().filter(slug=path_components[0]).exists()
            ):
                # The page exists in this language (the 404 came from further down, or
                # the reader may not read it): no fallback.
                raise
            source = self.get_translation_or_none(locales.source_locale())
            if source is None:
                raise
            if request is not None:
                request._seminar_routed_to_source = True
            return source.specific.route(request, path_components)

    def _child_on_route(self, request, path_components):
        """The child of this page that the URL names next, from one query for the whole URL.

        The first page to route a request reads every page the rest of the URL may name
        (by depth and slug below it); each page below then finds its child there. None
        when the child is not among them (Wagtail's own lookup then decides).
        """
        if request is None or not path_components:
            return None
        found = getattr(request, "_seminar_route_pages", None)
        if found is None:
            found = {}
            if len(path_components) <= ROUTE_PREFETCH_DEPTH:
                named = Q()
                for offset, slug in enumerate(path_components, start=1):
                    named |= Q(depth=self.depth + offset, slug=slug)
                for page in Page.objects.filter(named, path__startswith=self.path):
                    found[(page.path[: -Page.steplen], page.slug)] = page
            request._seminar_route_pages = found
        return found.pop((self.path, path_components[0]), None)

    def _draft_root_in_language(self, request):
        """The translation of this site root in the reader's language while it is a draft.

        Wagtail routes a language's URLs from the site root's translation only once that is
        live; until then the published translations below it would be unreachable.
        """
        if request is None or getattr(request, "_seminar_routed_to_source", False):
            return None
        reader = locales.locale_ids(request).get(get_language())
        if reader is None or reader == self.locale_id or locales.is_translation(self):
            return None
        site = Site.find_for_request(request)
        if site is None or site.root_page_id != self.pk:
            return None
        root = self.get_translation_or_none(reader)
        if root is None or root.live or root.alias_of_id:
            return None
        return root.specific

    def get_workflow(self):
        # Translations are reviewed by the Secretariat, whatever workflow their source has.
        if locales.is_translation(self):
            return locales.review_workflow()
        return super().get_workflow()


class ChildrenDeclareParentMixin:
    """Allows as children exactly the page types that name this page in ``parent_page_types``.

    Lets another app (``outputs``) add page types below an edition or a working group
    without this app importing it, and keeps page types that do not ask for this parent out.
    """

    @classmethod
    def clean_subpage_models(cls):
        if cls._clean_subpage_models is None:
            label = cls._meta.label_lower
            cls._clean_subpage_models = [
                model
                for model in get_page_models()
                if label
                in {name.lower() for name in (getattr(model, "parent_page_types", None) or ())}
            ]
        return cls._clean_subpage_models
