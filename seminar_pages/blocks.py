from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Subsection heading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "seminar_pages/blocks/heading_block.html"
        preview_value = {"text": "Working Group sessions", "level": "h2"}


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    source = blocks.CharBlock(
        label=_("Source"),
        required=False,
        help_text=_("A document or an institution; never a participant (Chatham House Rule)."),
    )

    class Meta:
        icon = "openquote"
        label = _("Quotation")
        template = "seminar_pages/blocks/quote_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=RICH_TEXT_FEATURES,
        template="seminar_pages/blocks/paragraph_block.html",
    )
    quote = QuoteBlock()

    class Meta:
        label = _("Body")


class GuidingQuestionsBlock(blocks.StructBlock):
    working_group = blocks.CharBlock(
        label=_("Working Group"), help_text=_("For example: Working Group 2: Accountability.")
    )
    questions = blocks.ListBlock(blocks.CharBlock(label=_("Question")), label=_("Questions"))

    class Meta:
        icon = "help"
        label = _("Guiding questions")
        template = "seminar_pages/blocks/guiding_questions_block.html"


class ConceptNoteBlock(BodyBlock):
    guiding_questions = GuidingQuestionsBlock()


class KeynoteBlock(blocks.StructBlock):
    speaker = blocks.CharBlock(
        label=_("Speaker"), help_text=_("Name and function, as the speaker agreed to be listed.")
    )
    title = blocks.CharBlock(label=_("Title of the address"), required=False)

    class Meta:
        icon = "user"
        label = _("Keynote address")


class SessionBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[
            ("opening_plenary", _("Opening Plenary")),
            ("working_groups", _("Parallel Working Group sessions")),
            ("closing_plenary", _("Closing Plenary")),
            ("break", _("Break")),
            ("other", _("Other")),
        ],
    )
    start = blocks.TimeBlock(label=_("Starts"))
    end = blocks.TimeBlock(label=_("Ends"))
    title = blocks.CharBlock(label=_("Title"))
    description = blocks.RichTextBlock(
        label=_("Description"), features=RICH_TEXT_FEATURES, required=False
    )
    keynotes = blocks.ListBlock(KeynoteBlock(), label=_("Keynote addresses"), required=False)

    class Meta:
        icon = "time"
        label = _("Session")

    def clean(self, value):
        value = super().clean(value)
        if value["start"] and value["end"] and value["end"] <= value["start"]:
            raise StructBlockValidationError(
                block_errors={"end": ValidationError(_("A session must end after it starts."))}
            )
        return value


class ProgrammeDayBlock(blocks.StructBlock):
    date = blocks.DateBlock(label=_("Date"))
    label = blocks.CharBlock(label=_("Label"), required=False, help_text=_("For example: Day 1."))
    sessions = blocks.ListBlock(SessionBlock(), label=_("Sessions"))

    class Meta:
        icon = "date"
        label = _("Day")
        template = "seminar_pages/blocks/programme_day_block.html"

    def clean(self, value):
        value = super().clean(value)
        starts = [session["start"] for session in value["sessions"] if session["start"]]
        if starts != sorted(starts):
            raise StructBlockValidationError(
                block_errors={
                    "sessions": ValidationError(_("List the sessions of a day in time order."))
                }
            )
        return value


class ProgrammeBlock(blocks.StreamBlock):
    day = ProgrammeDayBlock()

    class Meta:
        label = _("Programme")

    def clean(self, value):
        value = super().clean(value)
        dates = [child.value["date"] for child in value]
        if len(dates) != len(set(dates)):
            raise StreamBlockValidationError(
                non_block_errors=[
                    ValidationError(_("Each day of the programme may appear only once."))
                ]
            )
        return value
