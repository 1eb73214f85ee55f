import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from seminar_pages.blocks import RICH_TEXT_FEATURES

IDENTIFIER_PATTERN = re.compile(r"^[A-Z]+\d+-WG\d+-R\d+$")


class KeyMessageValue(blocks.StructValue):
    def recommendation_identifiers(self):
        return split_identifiers(self.get("recommendations") or "")


def split_identifiers(text):
    return [part.strip().upper() for part in text.split(",") if part.strip()]


class IdentifiersBlock(blocks.CharBlock):
    """Recommendation identifiers: the same in every language.

    wagtail-localize offers a ``CharBlock`` to translators as a string to translate; this
    one gives it no segment, so every translation keeps (and on sync takes) the source's.
    """

    def get_translatable_segments(self, value):
        return []

    def restore_translated_segments(self, value, segments):
        return value


class KeyMessageBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Message"), max_length=255)
    text = blocks.RichTextBlock(label=_("Explanation"), features=RICH_TEXT_FEATURES)
    recommendations = IdentifiersBlock(
        label=_("Recommendations carried forward"),
        required=False,
        help_text=_("Identifiers separated by commas, e.g. HR24-WG2-R03, HR24-WG1-R01."),
    )

    class Meta:
        icon = "pick"
        label = _("Key Message")
        template = "outputs/blocks/key_message_block.html"
        value_class = KeyMessageValue
        preview_value = {
            "heading": "Involve national human rights institutions early",
            "text": "<p>Sample content.</p>",
            "recommendations": "",
        }

    def clean(self, value):
        value = super().clean(value)
        invalid = [
            identifier
            for identifier in split_identifiers(value.get("recommendations") or "")
            if not IDENTIFIER_PATTERN.match(identifier)
        ]
        if invalid:
            raise StructBlockValidationError(
                block_errors={
                    "recommendations": ValidationError(
                        _("Not a recommendation identifier: %(identifiers)s"),
                        params={"identifiers": ", ".join(invalid)},
                    )
                }
            )
        return value


class KeyMessagesBlock(blocks.StreamBlock):
    message = KeyMessageBlock()

    class Meta:
        label = _("Key Messages")


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
