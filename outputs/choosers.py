"""The admin's recommendation chooser (Wagtail's ``ChooserViewSet``), for Key Messages and
any page that carries recommendations forward.

It lists only recommendations on reports the user may see in the admin (``access``: drafts
of a working group stay with that group), in the source language (translations follow
their source's choice), searched by identifier and text and filtered by working group;
``?edition=<page id>`` (set by the Key Messages form) keeps it to one edition's reports.
"""

from django import forms
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView, ChosenView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.models import Locale, Page

from outputs.models import Recommendation, WorkingGroupReportPage
from outputs.widgets import RecommendationChooser, recommendation_label
from seminar_pages import access
from seminar_pages.models import EditionPage, WorkingGroupPage


def readable_recommendations(user):
    """The recommendations of reports ``user`` may see in the admin, in the source language."""
    reports = access.admin_pages(user, WorkingGroupReportPage.objects.all())
    return Recommendation.objects.filter(page__in=reports, locale=Locale.get_default())


def edition_named(value):
    """The edition a chooser's ``edition`` parameter names, or None."""
    try:
        return EditionPage.objects.filter(pk=int(value)).first()
    except (TypeError, ValueError):
        return None


class RecommendationFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Identifier or text")}),
        required=False,
    )
    working_group = forms.TypedChoiceField(
        label=_("Working group"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["working_group"].choices = [("", _("All working groups"))] + [
            (group.pk, group.title) for group in groups
        ]

    def filter(self, objects):
        group = self.cleaned_data.get("working_group")
        if group:
            objects = objects.filter(page__path__startswith=self.paths[group])
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching = True
            self.search_query = query
            objects = objects.filter(Q(identifier__icontains=query) | Q(text__icontains=query))
        return objects


class RecommendationListingMixin:
    """What the choose and results views share: a readable, narrowed list."""

    per_page = 20
    ordering = ["identifier"]
    preserve_url_parameters = ["multiple", "edition"]

    @cached_property
    def edition(self):
        return edition_named(self.request.GET.get("edition"))

    def get_object_list(self):
        objects = readable_recommendations(self.request.user).select_related("page")
        if self.edition is not None:
            objects = objects.filter(
                page__path__startswith=self.edition.path,
                page__depth=self.edition.depth + 2,
            )
        return objects

    @cached_property
    def working_groups(self):
        """The working groups of the listed recommendations' reports, readable ones."""
        report_paths = set(self.get_object_list().values_list("page__path", flat=True).distinct())
        parent_paths = {path[: -Page.steplen] for path in report_paths}
        groups = (
            access.admin_pages(self.request.user, WorkingGroupPage.objects.all())
            .filter(path__in=parent_paths)
            .order_by("path")
        )
        return list(groups)

    def get_filter_form(self):
        form = RecommendationFilterForm(self.request.GET, groups=self.working_groups)
        form.paths = {group.pk: group.path for group in self.working_groups}
        return form

    @property
    def columns(self):
        title = self.title_column
        title.accessor = recommendation_label
        return [
            title,
            Column("working_group", label=_("Working Group Report"), accessor="page"),
        ]


class RecommendationChooseView(RecommendationListingMixin, ChooseView):
    def can_create(self):
        return False


class RecommendationChooseResultsView(RecommendationListingMixin, ChooseResultsView):
    def can_create(self):
        return False


class RecommendationChosenView(ChosenView):
    def get_object(self, pk):
        return readable_recommendations(self.request.user).get(pk=pk)

    def get_display_title(self, instance):
        return recommendation_label(instance)

    def get_edit_item_url(self, instance):
        return ""


class RecommendationChooserViewSet(ChooserViewSet):
    model = Recommendation
    icon = "list-ol"
    choose_one_text = _("Choose a recommendation")
    choose_another_text = _("Choose another recommendation")
    choose_view_class = RecommendationChooseView
    choose_results_view_class = RecommendationChooseResultsView
    chosen_view_class = RecommendationChosenView
    base_widget_class = RecommendationChooser
    register_widget = False

    @cached_property
    def widget_class(self):
        # The blocks (below the admin) use the widget itself; see ``outputs.widgets``.
        return RecommendationChooser

    def get_urlpatterns(self):
        # Choosing one at a time, never creating one here: recommendations belong to reports.
        keep = {"choose", "choose_results", "chosen"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in keep]


recommendation_chooser_viewset = RecommendationChooserViewSet("recommendation_chooser")


def chosen_recommendation(value, request=None):
    """The access gate's loader for the chooser's ``pk``."""
    try:
        return Recommendation.objects.select_related("page").filter(pk=int(value)).first()
    except (TypeError, ValueError):
        return None


def may_choose(user, recommendation, request=None):
    """The access gate's question: may ``user`` see the report that holds it in the admin?"""
    return access.can_see_in_admin(user, recommendation.page)
