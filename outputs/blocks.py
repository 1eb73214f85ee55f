import re

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.models import Page

from seminar_pages.blocks import RICH_TEXT_FEATURES

IDENTIFIER_PATTERN = re.compile(r"^[A-Z]+\d+-WG\d+-R\d+$")


def split_identifiers(text):
    return [part.strip().upper() for part in text.split(",") if part.strip()]


class IdentifiersBlock(blocks.CharBlock):
    """Recommendation identifiers as text, as Key Messages carried them before migration
    ``outputs.0006``; kept for the migrations that name it."""

    def get_translatable_segments(self, value):
        return []

    def restore_translated_segments(self, value, segments):
        return value


def edition_path_of(recommendation):
    """The tree path of the edition whose report holds ``recommendation``."""
    return recommendation.page.path[: -2 * Page.steplen]


class RecommendationChooserBlock(blocks.ChooserBlock):
    """A recommendation record, chosen in the admin's recommendation chooser.

    Every translation keeps the source's choice (wagtail-localize offers translators no
    segment for it, as it would for a translatable model's ``RelatedObjectSegment``, which
    could not be published before the report is translated): pages link a recommendation
    in the reader's language through its permalink. ``edition_id`` (set by the Key
    Messages form for the page being edited) limits the chooser and the choice to the
    reports of that edition.
    """

    target_model = "outputs.Recommendation"

    def __init__(self, edition_id=None, **kwargs):
        self.edition_id = edition_id
        super().__init__(**kwargs)

    @cached_property
    def widget(self):
        from outputs.widgets import RecommendationChooser

        return RecommendationChooser(edition_id=self.edition_id)

    def clean(self, value):
        recommendation = super().clean(value)
        if (
            recommendation is not None
            and self.edition_id
            and not Page.objects.filter(
                pk=self.edition_id, path=edition_path_of(recommendation)
            ).exists()
        ):
            raise ValidationError(
                _(
                    "%(identifier)s is a recommendation of another edition: Key Messages "
                    "carry the recommendations of their own edition's reports."
                ),
                params={"identifier": recommendation.identifier},
                code="other_edition",
            )
        return recommendation

    def get_translatable_segments(self, value):
        return []

    def restore_translated_segments(self, value, segments):
        return value

    class Meta:
        icon = "list-ol"
        label = _("Recommendation")


class KeyMessageValue(blocks.StructValue):
    def recommendation_records(self):
        """The recommendations this message carries (a deleted one is left out)."""
        return [item for item in self.get("recommendations") or [] if item is not None]

    def recommendation_identifiers(self):
        return [item.identifier for item in self.recommendation_records()]


def recommendations_block(edition_id=None):
    chooser = RecommendationChooserBlock(edition_id=edition_id) if edition_id else None
    return blocks.ListBlock(
        chooser or RecommendationChooserBlock(),
        label=_("Recommendations carried forward"),
        help_text=_("Recommendations of this edition's Working Group Reports."),
        collapsed=False,
    )


class KeyMessageBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Message"), max_length=255)
    text = blocks.RichTextBlock(label=_("Explanation"), features=RICH_TEXT_FEATURES)
    recommendations = recommendations_block()

    class Meta:
        icon = "pick"
        label = _("Key Message")
        template = "outputs/blocks/key_message_block.html"
        value_class = KeyMessageValue
        preview_value = {
            "heading": "Involve national human rights institutions early",
            "text": "<p>Sample content.</p>",
            "recommendations": [],
        }


class KeyMessagesBlock(blocks.StreamBlock):
    message = KeyMessageBlock()

    class Meta:
        label = _("Key Messages")


def key_messages_block_for_edition(edition_id):
    """The Key Messages block whose recommendation choosers offer ``edition_id``'s only."""
    message = KeyMessageBlock([("recommendations", recommendations_block(edition_id))])
    return KeyMessagesBlock([("message", message)])


class PlenarySummaryBlock(blocks.StructBlock):
    """A public summary of a plenary session, written by the editors of the Seminar Report.

    The programme says what a plenary was to be, not what was said there; and the notes of
    closed-door sessions never reach a public report. The summary is editors' text.
    """

    title = blocks.CharBlock(
        label=_("Session"), max_length=255, help_text=_("For example: Opening Plenary.")
    )
    summary = blocks.RichTextBlock(label=_("Summary"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "group"
        label = _("Plenary summary")
        template = "outputs/blocks/plenary_summary_block.html"
        preview_value = {"title": "Opening Plenary", "summary": "<p>Sample content.</p>"}


class PlenarySummariesBlock(blocks.StreamBlock):
    plenary = PlenarySummaryBlock()

    class Meta:
        label = _("Plenary summaries")
