import uuid

from django import forms
from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PanelPlaceholder, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from outputs import guards
from outputs.blocks import KeyMessagesBlock, PlenarySummariesBlock
from outputs.partners import (  # noqa: F401 (the app's models, defined beside these)
    Channel,
    DisseminationRecord,
    DisseminationSend,
    PartnerContact,
)
from outputs.pdf_models import OutputDocument, PdfRouteMixin  # noqa: F401 (a model of the app)
from outputs.publishing import ChathamHouseRuleMixin
from seminar_pages.blocks import RICH_TEXT_FEATURES, BodyBlock
from seminar_pages.models import SeminarBasePage, Topic


class Level(models.TextChoices):
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    INTERNATIONAL = "international", _("International")


class Addressee(models.Model):
    """Who a recommendation is addressed to. A fixed list, created by a migration."""

    class Code(models.TextChoices):
        GOVERNMENTS = "governments", _("ASEM governments")
        PARLIAMENTS = "parliaments", _("Parliaments")
        NHRIS = "nhris", _("National human rights institutions")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        BUSINESS = "business", _("Business")
        REGIONAL_MECHANISMS = "regional_mechanisms", _("Regional human rights mechanisms")
        INTERNATIONAL = "international", _("UN and international organisations")
        ASEF_ASEM = "asef_asem", _("ASEF and ASEM")

    code = models.CharField(_("code"), max_length=40, choices=Code.choices, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("addressee")
        verbose_name_plural = _("addressees")
        ordering = ["sort_order"]

    def __str__(self):
        return str(self.get_code_display())


class RecommendationSequence(models.Model):
    """The last number handed out per identifier prefix, so that none is ever reused."""

    prefix = models.CharField(max_length=32, unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.prefix}: {self.last_number}"


def allocate_identifier(prefix):
    """Hand out the next recommendation identifier under ``prefix`` (e.g. ``HR24-WG2``)."""
    with transaction.atomic():
        sequence, _created = RecommendationSequence.objects.select_for_update().get_or_create(
            prefix=prefix
        )
        while True:
            sequence.last_number += 1
            identifier = f"{prefix}-R{sequence.last_number:02d}"
            if not Recommendation.objects.filter(identifier=identifier).exists():
                break
        sequence.save(update_fields=["last_number"])
    return identifier


class FormByPath:
    """A ``base_form_class`` named by its dotted path, imported when it is first read.

    The output forms enforce the Chatham House Rule, which asks the access policy; naming
    them keeps this module below the policy, as Wagtail's ``PanelPlaceholder`` keeps its
    models below the admin. Wagtail 8.0.1 reads ``base_form_class`` as a class (its system
    check calls ``issubclass`` on it), so the path is resolved here, not handed to it.
    """

    def __init__(self, path):
        self.path = path

    def __get__(self, instance, owner=None):
        return import_string(self.path)


CHATHAM_HOUSE_PANEL = MultiFieldPanel(
    [FieldPanel("chatham_override_reason")],
    heading=_("Chatham House Rule"),
    help_text=_("Publishing checks the text for the names of the edition's participants."),
)


class OutputPage(ChathamHouseRuleMixin, SeminarBasePage):
    parent_page_types = ["seminar_pages.EditionPage"]
    subpage_types = []
    max_count_per_parent = 1
    edition_section = "outputs"
    base_form_class = FormByPath("outputs.forms.ChathamHouseGuardForm")
    approved_by_steering_committee = True

    class Meta:
        abstract = True


class WorkingGroupReportPage(ChathamHouseRuleMixin, PdfRouteMixin, SeminarBasePage):
    """The report of a working group: gaps, lessons, practices, challenges, recommendations."""

    parent_page_types = ["seminar_pages.WorkingGroupPage"]
    subpage_types = []
    # One report per working group, but not as ``max_count_per_parent``: Wagtail would count
    # the group's draft report for people who may not see it, and stop offering the type to
    # them. The rule is kept where reports are started (``wagtail_hooks.py``).
    base_form_class = FormByPath("outputs.forms.WorkingGroupReportPageForm")
    drafted_by_working_group = True
    approved_by_steering_committee = True

    summary = RichTextField(
        _("summary"), features=RICH_TEXT_FEATURES, help_text=_("The discussion in brief.")
    )
    # Gaps in legislation, policies and programmes
    gaps_national = RichTextField(_("national level"), features=RICH_TEXT_FEATURES, blank=True)
    gaps_regional = RichTextField(_("regional level"), features=RICH_TEXT_FEATURES, blank=True)
    gaps_international = RichTextField(
        _("international level"), features=RICH_TEXT_FEATURES, blank=True
    )
    # What the group shared
    lessons_learned = RichTextField(_("lessons learned"), features=RICH_TEXT_FEATURES, blank=True)
    promising_practices = RichTextField(
        _("promising practices"), features=RICH_TEXT_FEATURES, blank=True
    )
    challenges = RichTextField(_("challenges"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = SeminarBasePage.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("gaps_national"),
                FieldPanel("gaps_regional"),
                FieldPanel("gaps_international"),
            ],
            heading=_("Gaps in legislation, policies and programmes"),
        ),
        FieldPanel("lessons_learned"),
        FieldPanel("promising_practices"),
        FieldPanel("challenges"),
        InlinePanel("recommendations", heading=_("Recommendations"), label=_("Recommendation")),
        CHATHAM_HOUSE_PANEL,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("gaps_national"),
        index.SearchField("gaps_regional"),
        index.SearchField("gaps_international"),
        index.SearchField("lessons_learned"),
        index.SearchField("promising_practices"),
        index.SearchField("challenges"),
        index.RelatedFields("recommendations", [index.SearchField("text")]),
    ]

    class Meta:
        verbose_name = _("Working Group Report")

    def recommendation_prefix(self, working_group):
        """``HR24-WG2`` for the second working group of the 24th edition."""
        working_group = working_group.specific
        edition = working_group.get_parent().specific
        prefix = getattr(settings, "SEMINAR_RECOMMENDATION_PREFIX", "HR")
        return f"{prefix}{edition.number}-WG{working_group.number}"

    def assign_recommendation_identifiers(self, working_group=None):
        """Give an identifier to each recommendation of this report that has none."""
        missing = [rec for rec in self.recommendations.all() if not rec.identifier]
        if not missing:
            return
        if working_group is None:
            working_group = self.get_parent()
        prefix = self.recommendation_prefix(working_group)
        for recommendation in missing:
            recommendation.identifier = recommendation.identifier_of_source() or (
                allocate_identifier(prefix)
            )

    def unpublish(self, *args, **kwargs):
        # Also for ``page.unpublish()`` from code and the admin's bulk action (lineage).
        guards.refuse_unpublishing(self)
        return super().unpublish(*args, **kwargs)

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.pk and (update_fields is None or "recommendations" in update_fields):
            # Publishing a revision that leaves out a recommendation deletes it (lineage).
            kept = [item.pk for item in self.recommendations.all()]
            guards.refuse_removing(guards.removed_recommendations(self, kept))
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Their citations are added by the template (``outputs_tags.cite_recommendations``).
        context["recommendations"] = list(
            self.recommendations.prefetch_related("addressees", "themes")
        )
        context["gaps"] = [
            (label, text)
            for label, text in (
                (_("National level"), self.gaps_national),
                (_("Regional level"), self.gaps_regional),
                (_("International level"), self.gaps_international),
            )
            if text
        ]
        return context


class Recommendation(TranslatableMixin, Orderable, ClusterableModel):
    """A recommendation of a working group: the primary record of the archive."""

    page = ParentalKey(
        WorkingGroupReportPage, on_delete=models.CASCADE, related_name="recommendations"
    )
    identifier = models.CharField(
        _("identifier"),
        max_length=40,
        blank=True,
        editable=False,
        help_text=_("Given automatically when the report is saved; never changes."),
    )
    text = models.TextField(_("text"), help_text=_("The recommendation, as adopted."))
    addressees = ParentalManyToManyField(
        Addressee, verbose_name=_("addressees"), related_name="recommendations", blank=True
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    themes = ParentalManyToManyField(
        Topic, verbose_name=_("themes"), related_name="recommendations", blank=True
    )

    panels = [
        FieldPanel("identifier", read_only=True),
        FieldPanel("text"),
        FieldPanel("level"),
        FieldPanel("addressees", widget=forms.CheckboxSelectMultiple),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
    ]
    translatable_fields = [
        TranslatableField("text"),
        # The same identifier in every language: never offered to translators to override.
        SynchronizedField("identifier", overridable=False),
        SynchronizedField("level"),
        SynchronizedField("addressees"),
        SynchronizedField("themes"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["identifier", "locale"],
                condition=~models.Q(identifier=""),
                name="unique_recommendation_identifier_per_locale",
            )
        ]
        indexes = [models.Index(fields=["identifier"], name="recommendation_identifier")]

    def __str__(self):
        return self.identifier or str(_("New recommendation"))

    def identifier_of_source(self):
        """The identifier of the recommendation this one translates, if any."""
        return (
            Recommendation.objects.filter(translation_key=self.translation_key)
            .exclude(identifier="")
            .values_list("identifier", flat=True)
            .first()
        )

    def save(self, *args, **kwargs):
        if self.locale_id is None:
            self.locale_id = self.page.locale_id
        if self.identifier and (
            Recommendation.objects.filter(identifier=self.identifier, locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .exists()
        ):
            # A copy of a report: its recommendations are new ones, with new identifiers.
            self.identifier = ""
            self.translation_key = uuid.uuid4()
        if not self.identifier:
            self.identifier = self.identifier_of_source() or allocate_identifier(
                self.page.recommendation_prefix(self.page.get_parent())
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("outputs:recommendation", args=[self.identifier])


class KeyMessagesPage(PdfRouteMixin, OutputPage):
    """Concise recommendations for the 53 ASEM partners."""

    base_form_class = FormByPath("outputs.forms.KeyMessagesPageForm")
    # The access policy holds the page back until this moment (``access.is_embargoed``).
    release_field = "embargo_until"

    introduction = RichTextField(
        _("introduction"), features=RICH_TEXT_FEATURES, help_text=_("Context of the messages.")
    )
    embargo_until = models.DateTimeField(
        _("public release"),
        null=True,
        blank=True,
        help_text=_(
            "Until this moment the published messages are read only by their editors and the "
            "ASEM Partners; to everyone else they do not exist yet. Leave empty to release them "
            "on publishing."
        ),
    )
    messages = StreamField(KeyMessagesBlock(), verbose_name=_("messages"))

    content_panels = SeminarBasePage.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("embargo_until"),
        FieldPanel("messages"),
        CHATHAM_HOUSE_PANEL,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("messages"),
    ]

    class Meta:
        verbose_name = _("Key Messages")
        verbose_name_plural = _("Key Messages")


class SeminarReportPage(PdfRouteMixin, OutputPage):
    """The comprehensive summary of all working group discussions.

    Compiled (``outputs.compilation``) from the edition's published Working Group Reports
    into ``compiled_sections`` and ``carried_recommendations``; everything else on the page
    is editors' text, which compiling never touches.
    """

    summary = RichTextField(
        _("summary"), features=RICH_TEXT_FEATURES, help_text=_("Shown in listings and at the top.")
    )
    # Editors' text, kept as it is on every compilation
    introduction = RichTextField(
        _("introduction"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Opens the report, before the plenary sessions and the working groups."),
    )
    body = StreamField(
        BodyBlock(),
        verbose_name=_("further text"),
        blank=True,
        help_text=_("Optional text shown after the introduction."),
    )
    plenary_summaries = StreamField(
        PlenarySummariesBlock(),
        verbose_name=_("plenary summaries"),
        blank=True,
        help_text=_(
            "Public summaries of the Opening and Closing Plenary. Never copy closed-door "
            "session notes here."
        ),
    )
    conclusions = RichTextField(
        _("conclusions"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Closes the report, after the working groups' recommendations."),
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("PDF"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The published report as a PDF file."),
    )

    content_panels = SeminarBasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("plenary_summaries"),
        PanelPlaceholder("outputs.panels.CompiledPartsPanel", [], {}),
        FieldPanel("conclusions"),
        FieldPanel("document"),
        CHATHAM_HOUSE_PANEL,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("introduction"),
        index.SearchField("body"),
        index.SearchField("plenary_summaries"),
        index.SearchField("conclusions"),
        index.RelatedFields("compiled_sections", [index.SearchField("text")]),
    ]

    class Meta:
        verbose_name = _("Seminar Report")

    def compiled_working_groups(self):
        """The compiled parts and recommendations, one entry per working group, in order."""
        groups = {}

        def group(number, heading):
            return groups.setdefault(
                number, {"number": number, "heading": heading, "sections": [], "recs": []}
            )

        for section in self.compiled_sections.all():
            group(section.working_group_number, section.working_group)["sections"].append(section)
        carried = list(self.carried_recommendations.select_related("recommendation"))
        translated = self._recommendations_in_own_language(carried)
        for item in carried:
            entry = group(item.working_group_number, item.working_group)
            entry["recs"].append(
                (item, translated.get(item.recommendation_id, item.recommendation))
            )
        return [groups[number] for number in sorted(groups)]

    def _recommendations_in_own_language(self, carried):
        """{carried recommendation id: its live translation in this page's language}.

        A translated report carries the source's recommendations (the references are
        synchronised); readers get them in their language where a published one exists.
        """
        keys = {
            item.recommendation.translation_key: item.recommendation_id
            for item in carried
            if item.recommendation is not None and item.recommendation.locale_id != self.locale_id
        }
        if not keys:
            return {}
        found = Recommendation.objects.filter(
            translation_key__in=keys, locale_id=self.locale_id, page__live=True
        )
        return {keys[rec.translation_key]: rec for rec in found}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["working_groups"] = self.compiled_working_groups()
        return context


class CompiledPart(models.TextChoices):
    """The parts of a Working Group Report that a Seminar Report compiles, in their order."""

    GAPS_NATIONAL = "gaps_national", _("Gaps at national level")
    GAPS_REGIONAL = "gaps_regional", _("Gaps at regional level")
    GAPS_INTERNATIONAL = "gaps_international", _("Gaps at international level")
    LESSONS_LEARNED = "lessons_learned", _("Lessons learned")
    PROMISING_PRACTICES = "promising_practices", _("Promising practices")
    CHALLENGES = "challenges", _("Challenges")


class CompiledFromReport(models.Model):
    """Where a compiled item comes from. ``SET_NULL``: deleting a report (or its working
    group) is never blocked by a Seminar Report, whose published text stays as compiled
    until the next compilation removes it."""

    source_report = models.ForeignKey(
        WorkingGroupReportPage,
        verbose_name=_("source report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_revision_id = models.PositiveIntegerField(
        _("source revision"),
        null=True,
        blank=True,
        help_text=_("The live revision of the report this was compiled from."),
    )
    working_group_number = models.PositiveSmallIntegerField(_("working group number"))
    working_group = models.CharField(_("working group"), max_length=255)

    class Meta:
        abstract = True


class CompiledSection(TranslatableMixin, CompiledFromReport, Orderable):
    """One part (gaps, lessons, ...) of one Working Group Report, compiled into a Seminar
    Report. Translators translate its text with the page (wagtail-localize)."""

    page = ParentalKey(
        SeminarReportPage, on_delete=models.CASCADE, related_name="compiled_sections"
    )
    part = models.CharField(_("part"), max_length=40, choices=CompiledPart.choices)
    text = RichTextField(_("text"), features=RICH_TEXT_FEATURES)

    translatable_fields = [
        TranslatableField("working_group"),
        TranslatableField("text"),
        SynchronizedField("part", overridable=False),
        SynchronizedField("source_report", overridable=False),
        SynchronizedField("source_revision_id", overridable=False),
        SynchronizedField("working_group_number", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("compiled section")
        verbose_name_plural = _("compiled sections")

    def __str__(self):
        return f"{self.working_group} · {self.get_part_display()}"

    def save(self, *args, **kwargs):
        if self.locale_id is None:
            self.locale_id = self.page.locale_id
        super().save(*args, **kwargs)


class CarriedRecommendation(CompiledFromReport, Orderable):
    """A recommendation carried into a Seminar Report.

    A foreign key, so that Wagtail's ``ReferenceIndex`` records the Seminar Report among
    the places that carry the recommendation. ``SET_NULL``: a report republished without
    the recommendation deletes it, and that must not fail; the identifier and text stay
    as compiled until the next compilation. Synchronised to translations as it is.
    """

    page = ParentalKey(
        SeminarReportPage, on_delete=models.CASCADE, related_name="carried_recommendations"
    )
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_in_seminar_reports",
    )
    identifier = models.CharField(_("identifier"), max_length=40)
    text = models.TextField(_("text as compiled"))

    class Meta(Orderable.Meta):
        verbose_name = _("carried recommendation")
        verbose_name_plural = _("carried recommendations")

    def __str__(self):
        return self.identifier


# The reporting workflow's tasks and reminders, kept in their own module.
from outputs.reporting_models import (  # noqa: E402, F401
    ReportReminder,
    SecretariatApprovalTask,
    WorkingGroupModeratorTask,
)
