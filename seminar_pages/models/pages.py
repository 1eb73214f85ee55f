import calendar
import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, When
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from seminar_pages import dates, listings
from seminar_pages.blocks import RICH_TEXT_FEATURES, BodyBlock, ConceptNoteBlock, ProgrammeBlock
from seminar_pages.forms import EditionPageForm, WorkingGroupPageForm

from .base import ChildrenDeclareParentMixin, SeminarBasePage
from .taxonomy import Topic

MONTH_CHOICES = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]


def ordinal(number):
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def edition_label(title, year):
    """An edition named by its title and year: "23rd Informal ASEM Seminar on Human Rights
    (2025)". Titles alone can repeat; the year makes the name tell editions apart."""
    if str(year) in title:
        return title
    return f"{title} ({dates.format_year(year)})"


def edition_slug(number, year):
    """The archive's slug of an edition: ``25-2027`` (``01-1997`` for the first)."""
    return f"{number:02d}-{year}"


# The first drafts of the working groups' reports are due a week after the seminar.
REPORTS_DUE_AFTER = datetime.timedelta(days=7)


def status_from_dates(start_date, end_date, year, month, today):
    """The status an edition's dates give it on ``today``, or None if they cannot tell.

    Planned before its first day, under way from its first to its last day, held after
    its last day. Known only by its year (or month), it is planned before that year and
    held after it; within it, its dates cannot tell.
    """
    if start_date:
        first, last = start_date, end_date or start_date
    elif month:
        first = datetime.date(year, month, 1)
        last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    else:
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if today > last:
        return EditionPage.Status.HELD
    if today < first:
        return EditionPage.Status.PLANNED
    return EditionPage.Status.UNDER_WAY if start_date else None


class SeminarSeriesPage(SeminarBasePage):
    """The series: about ASEM and the seminar, its organisers and Steering Committee."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["seminar_pages.EditionIndexPage"]

    # About the series
    introduction = RichTextField(
        _("introduction"),
        features=RICH_TEXT_FEATURES,
        help_text=_("What the seminar is, in a few sentences; shown first on the home page."),
    )
    body = StreamField(
        BodyBlock(),
        verbose_name=_("about the series"),
        blank=True,
        help_text=_("About ASEM and the seminar series."),
    )
    # Governance
    organisers = RichTextField(
        _("organisers"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("The Secretariat and the partners that support the series."),
    )
    steering_committee = RichTextField(
        _("Steering Committee"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Who supervises the series."),
    )
    contact_email = models.EmailField(
        _("contact email"), blank=True, help_text=_("Public contact address of the Secretariat.")
    )

    content_panels = SeminarBasePage.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("organisers"),
                FieldPanel("steering_committee"),
                FieldPanel("contact_email"),
            ],
            heading=_("Governance and contact"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
        index.SearchField("organisers"),
        index.SearchField("steering_committee"),
    ]

    class Meta:
        verbose_name = _("seminar series")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        base = listings.listing_base(request, self)
        recent = listings.recent_editions(request, EditionPage.objects.descendant_of(base))
        context["current_edition"] = recent[0] if recent else None
        context["recent_editions"] = recent[1:]
        context["edition_index"] = listings.archive_index(
            request, base, EditionIndexPage.objects.child_of(base)
        )
        return context


class EditionIndexPage(SeminarBasePage):
    """The archive of editions, filterable by decade, topic, host country and format."""

    parent_page_types = ["seminar_pages.SeminarSeriesPage"]
    subpage_types = ["seminar_pages.EditionPage"]
    max_count_per_parent = 1

    introduction = RichTextField(
        _("introduction"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Shown above the list of editions."),
    )

    content_panels = SeminarBasePage.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    class Meta:
        verbose_name = _("edition archive")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        archive = listings.edition_archive(
            request,
            EditionPage.objects.child_of(listings.listing_base(request, self)),
            topics=Topic.objects.all(),
            formats=EditionPage.Format.choices,
        )
        context["filter_form"] = archive.form
        context["editions"] = archive.editions
        return context


class EditionPage(ChildrenDeclareParentMixin, SeminarBasePage):
    """One edition of the seminar and everything it produced."""

    # The admin's form gives a new edition this slug (``seminar_pages.forms``).
    archive_slug = staticmethod(edition_slug)

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        AUTOMATIC = "automatic", _("From the dates")
        PLANNED = "planned", _("Planned")
        REGISTRATION_OPEN = "registration_open", _("Registration open")
        UNDER_WAY = "under_way", _("Under way")
        HELD = "held", _("Held")
        REPORTED = "reported", _("Reported")

    parent_page_types = ["seminar_pages.EditionIndexPage"]
    base_form_class = EditionPageForm

    # Identity
    number = models.PositiveSmallIntegerField(
        _("number"),
        validators=[MinValueValidator(1)],
        help_text=_("The edition's place in the series: 1 for the first seminar in 1997."),
    )
    theme = models.CharField(
        _("theme"), max_length=255, blank=True, help_text=_("The edition's theme as announced.")
    )
    topics = ParentalManyToManyField(
        Topic,
        verbose_name=_("topics"),
        related_name="editions",
        blank=True,
        help_text=_("The topics discussed; used to filter the archive."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.AUTOMATIC,
        help_text=_(
            "“From the dates” shows Planned before the first day, Under way during the "
            "seminar and Held after it. Choose another status to show it instead."
        ),
    )
    # When and where
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1997), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        _("month"), choices=MONTH_CHOICES, null=True, blank=True, help_text=_("If known.")
    )
    start_date = models.DateField(_("first day"), null=True, blank=True)
    end_date = models.DateField(_("last day"), null=True, blank=True)
    reports_due_on = models.DateField(
        _("reports due on"),
        null=True,
        blank=True,
        help_text=_(
            "When the working groups' first drafts are due. Leave empty for seven days "
            "after the last day."
        ),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(
        _("country"), max_length=100, blank=True, help_text=_("Leave empty for an online edition.")
    )
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON
    )
    # Who
    host_institutions = models.TextField(
        _("host institutions"), blank=True, help_text=_("One institution per line.")
    )
    partner_institutions = models.TextField(
        _("partner institutions"), blank=True, help_text=_("One institution per line.")
    )
    introduction = RichTextField(
        _("introduction"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("About this edition: its aims and context."),
    )
    # Registration
    personal_data_notice = models.TextField(
        _("personal data notice"),
        blank=True,
        help_text=_(
            "What invitees consent to when they register: who processes their personal "
            "data, why and for how long. Leave empty for the standard notice."
        ),
    )

    content_panels = SeminarBasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("number"), FieldPanel("status")]),
                FieldPanel("theme"),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Edition"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("year"), FieldPanel("month")]),
                FieldRowPanel(
                    [
                        FieldPanel("start_date"),
                        FieldPanel("end_date"),
                        FieldPanel("reports_due_on"),
                    ]
                ),
                FieldRowPanel([FieldPanel("city"), FieldPanel("country"), FieldPanel("format")]),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("host_institutions"),
        FieldPanel("partner_institutions"),
        FieldPanel("introduction"),
        FieldPanel("personal_data_notice"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("theme"),
        index.SearchField("introduction"),
        index.SearchField("city"),
        index.SearchField("country"),
        index.FilterField("number"),
        index.FilterField("year"),
        index.RelatedFields("topics", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = _("edition")

    def clean(self):
        super().clean()
        errors = {}
        if self.number:
            clash = EditionPage.objects.filter(number=self.number, locale_id=self.locale_id)
            if self.pk:
                clash = clash.exclude(pk=self.pk)
            if clash.exists():
                errors["number"] = _("Another edition already has this number.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The last day cannot come before the first day.")
        last = self.end_date or self.start_date
        if self.reports_due_on and last and self.reports_due_on < last:
            errors["reports_due_on"] = _("The reports cannot be due before the last day.")
        if self.start_date and self.year and self.start_date.year != self.year:
            errors["start_date"] = _("The first day must fall in the edition's year.")
        if errors:
            raise ValidationError(errors)

    @property
    def ordinal(self):
        return ordinal(self.number)

    @property
    def label(self):
        return edition_label(self.title, self.year)

    @cached_property
    def current_status(self):
        """The status readers see: the editor's choice, or what the dates give today.

        An edition known only by its year (or month) takes its days from its programme
        while that period lasts; with no programme either, it is planned.
        """
        if self.status != self.Status.AUTOMATIC:
            return self.status
        today = timezone.localdate()
        status = status_from_dates(self.start_date, self.end_date, self.year, self.month, today)
        if status is None:
            days = self.programme_days()
            if days:
                status = status_from_dates(min(days), max(days), self.year, self.month, today)
        return status or self.Status.PLANNED

    @cached_property
    def reports_due(self):
        """The day the working groups' first drafts are due, or None if no date tells.

        The editor's date, or ``REPORTS_DUE_AFTER`` after the edition's last day (its last
        day of programme when the edition has no dates of its own).
        """
        if self.reports_due_on:
            return self.reports_due_on
        last = self.end_date or self.start_date
        if last is None:
            last = max(self.programme_days(), default=None)
        return last + REPORTS_DUE_AFTER if last else None

    def programme_days(self):
        """The days of the live programme of this edition (in any of its languages)."""
        in_edition = Q()
        for path in self.get_translations(inclusive=True).values_list("path", flat=True):
            in_edition |= Q(path__startswith=path)
        programme = (
            ProgrammePage.objects.live()
            .filter(in_edition, depth=self.depth + 1)
            .order_by(Case(When(locale_id=self.locale_id, then=0), default=1))
            .only("days")
            .first()
        )
        if programme is None:
            return []
        return [day.value["date"] for day in programme.days if day.value.get("date")]

    @property
    def current_status_label(self):
        return dict(self.Status.choices).get(self.current_status, self.current_status)

    @property
    def place(self):
        """Where the edition took place, as readers expect it: "Online / Seoul, Korea"."""
        location = ", ".join(part for part in (self.city, self.country) if part)
        if self.format == self.Format.ONLINE:
            return f"{_('Online')} / {location}" if location else str(_("Online"))
        return location

    @property
    def host_list(self):
        return [line.strip() for line in self.host_institutions.splitlines() if line.strip()]

    @property
    def partner_list(self):
        return [line.strip() for line in self.partner_institutions.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sections = listings.edition_sections(request, self)
        context["documents"] = sections.documents
        context["working_groups"] = sections.working_groups
        context["outputs"] = sections.outputs
        context["topics"] = list(self.topics.all())
        return context


class EditionChildPage(SeminarBasePage):
    parent_page_types = ["seminar_pages.EditionPage"]
    subpage_types = []
    max_count_per_parent = 1
    edition_section = "documents"

    class Meta:
        abstract = True


class ConceptNotePage(EditionChildPage):
    """The concept note: the edition's aims and the questions that guide each working group."""

    introduction = RichTextField(
        _("introduction"),
        features=RICH_TEXT_FEATURES,
        help_text=_("The aims of the edition, in a few paragraphs."),
    )
    body = StreamField(
        ConceptNoteBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("Sections and the guiding questions of each working group."),
    )

    content_panels = SeminarBasePage.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("concept note")


class BackgroundPaperPage(EditionChildPage):
    """The Lead Rapporteur's background paper: the analytical basis of the discussions."""

    lead_rapporteur = models.CharField(
        _("lead rapporteur"),
        max_length=255,
        blank=True,
        help_text=_("Author of the paper, as they agreed to be credited."),
    )
    summary = models.TextField(_("summary"), help_text=_("A short abstract shown in listings."))
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("PDF"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The full paper as a PDF file."),
    )

    content_panels = SeminarBasePage.content_panels + [
        FieldPanel("lead_rapporteur"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("document"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("lead_rapporteur"),
    ]

    class Meta:
        verbose_name = _("background paper")


class ProgrammePage(EditionChildPage):
    """Opening Plenary with keynotes, parallel Working Group sessions, Closing Plenary."""

    introduction = RichTextField(
        _("introduction"), features=RICH_TEXT_FEATURES, blank=True, help_text=_("Practical notes.")
    )
    days = StreamField(
        ProgrammeBlock(),
        verbose_name=_("days"),
        help_text=_("One entry per day, its sessions in time order."),
    )

    content_panels = SeminarBasePage.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("days"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("days"),
    ]

    class Meta:
        verbose_name = _("programme")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["working_groups"] = listings.working_groups(
            request, WorkingGroupPage.objects.sibling_of(self)
        )
        return context


class WorkingGroupPage(ChildrenDeclareParentMixin, SeminarBasePage):
    """A working group of an edition. Its public page shows the public description only."""

    parent_page_types = ["seminar_pages.EditionPage"]
    edition_section = "working_groups"
    base_form_class = WorkingGroupPageForm

    number = models.PositiveSmallIntegerField(
        _("number"),
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("Working Group 1, 2, ... within the edition; part of recommendation IDs."),
    )
    theme = models.CharField(_("theme"), max_length=255, help_text=_("The group's sub-theme."))
    description = RichTextField(
        _("public description"),
        features=RICH_TEXT_FEATURES,
        help_text=_("Shown to the public. Never put closed-door discussion here."),
    )
    guiding_questions = StreamField(
        [("question", blocks.CharBlock(label=_("Question")))],
        verbose_name=_("guiding questions"),
        blank=True,
        help_text=_("From the concept note."),
    )
    moderator = models.CharField(
        _("moderator"),
        max_length=255,
        blank=True,
        help_text=_("Shown publicly, as the moderator agreed to be listed."),
    )
    rapporteurs = models.CharField(
        _("rapporteurs"),
        max_length=255,
        blank=True,
        help_text=_("Shown publicly; separate names with commas."),
    )
    minimum_size = models.PositiveSmallIntegerField(
        _("minimum size"),
        default=25,
        validators=[MaxValueValidator(100)],
        help_text=_("The assignment gives the group at least this many participants."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Number of participants; usually 25 to 30."),
    )

    content_panels = SeminarBasePage.content_panels + [
        FieldRowPanel([FieldPanel("number"), FieldPanel("minimum_size"), FieldPanel("capacity")]),
        FieldPanel("theme"),
        FieldPanel("description"),
        FieldPanel("guiding_questions"),
        FieldRowPanel([FieldPanel("moderator"), FieldPanel("rapporteurs")]),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("theme"),
        index.SearchField("description"),
        index.FilterField("number"),
    ]

    class Meta:
        verbose_name = _("working group")
        permissions = [
            ("member_of_working_group", "Member: reads the group's closed-door material"),
            ("take_notes", "Note-taker: adds session notes and recordings"),
            ("draft_report", "Rapporteur: drafts the report and its recommendations"),
            ("moderate_working_group", "Moderator: reviews and submits the report"),
        ]

    def clean(self):
        super().clean()
        if self.minimum_size is not None and self.capacity and self.minimum_size > self.capacity:
            raise ValidationError(
                {"minimum_size": _("The minimum size cannot be larger than the capacity.")}
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["public_outputs"] = listings.readable_children(request, self)
        return context

    @property
    def rapporteur_list(self):
        return [name.strip() for name in self.rapporteurs.split(",") if name.strip()]

    def label_with_edition(self, edition=None):
        """The group named with its edition, as in "Working Group 1 · 23rd Informal ASEM
        Seminar on Human Rights (2025)".

        Every edition has its "Working Group 1": the group's title alone does not say
        which. ``edition`` saves the query when the caller has it.
        """
        if edition is None:
            edition = EditionPage.objects.ancestor_of(self).only("title", "year").first()
        if edition is None:
            return self.title
        return _("%(working_group)s · %(edition)s") % {
            "working_group": self.title,
            "edition": edition.label,
        }


class SessionNotesPage(SeminarBasePage):
    """Notes and recordings of a closed-door session: readable by the group's members only."""

    parent_page_types = ["seminar_pages.WorkingGroupPage"]
    subpage_types = []
    closed_by_default = True

    session_date = models.DateField(_("session date"), null=True, blank=True)
    notes = StreamField(
        BodyBlock(),
        verbose_name=_("notes"),
        blank=True,
        help_text=_("Chatham House Rule: record what was said, never who said it."),
    )
    recordings = StreamField(
        [("recording", DocumentChooserBlock(label=_("Recording or file")))],
        verbose_name=_("recordings and files"),
        blank=True,
        help_text=_("Upload into the working group's private collection."),
    )

    content_panels = SeminarBasePage.content_panels + [
        FieldPanel("session_date"),
        FieldPanel("notes"),
        FieldPanel("recordings"),
    ]
    search_fields = Page.search_fields + [index.SearchField("notes")]

    class Meta:
        verbose_name = _("session notes")
        verbose_name_plural = _("session notes")
