from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


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

    settings_panels = Page.settings_panels + SampleContentMixin.settings_panels

    class Meta:
        abstract = True
