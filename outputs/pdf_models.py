"""The stored PDF of an output page, and the ``pdf/`` route that serves it.

Apart from ``models.py`` so that the three page types take the route from one place; the
rendering (``outputs.pdf``, which loads WeasyPrint) is imported only when a PDF is asked for.
"""

import uuid

from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

__all__ = ["OutputDocument", "PdfRouteMixin"]


def _pdf_path(instance, filename):
    # An unguessable folder: the file is served by the page's route only, never by its URL.
    return f"output-pdfs/{uuid.uuid4().hex}/{filename}"


class OutputDocument(models.Model):
    """The PDF of one page (one language), rendered from its live revision.

    Current while ``revision`` is the page's live revision; ``outputs.pdf`` renders a new
    one on publishing, and on demand when the file is missing or stale.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="output_document"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(_("language"), max_length=20)
    file = models.FileField(_("file"), upload_to=_pdf_path, max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    rendered_at = models.DateTimeField(_("rendered at"), auto_now=True)

    class Meta:
        verbose_name = _("output PDF")
        verbose_name_plural = _("output PDFs")

    def __str__(self):
        return self.file.name

    def is_current_for(self, page):
        return self.revision_id is not None and self.revision_id == page.live_revision_id


class PdfRouteMixin(RoutablePageMixin):
    """``<page URL>pdf/``: the page's PDF, served through Wagtail's routing of the page.

    Being a route of the page, it is refused exactly as the page is: only a live page is
    routed (``RoutablePageMixin.route``) and ``before_serve_page`` asks the access policy.
    """

    # The renderer is named, not imported: it reads the models (as URLconfs name views).
    pdf_view = "outputs.pdf.serve_pdf"

    @path("pdf/", name="pdf")
    def pdf(self, request):
        return import_string(self.pdf_view)(self, request)

    def serve_preview(self, request, mode_name):
        # Page's own preview (private caching), not RoutablePageMixin's index route.
        return super(RoutablePageMixin, self).serve_preview(request, mode_name)

    def get_cached_paths(self):
        # The PDF is purged with the page (Wagtail's frontend cache convention).
        return ["/", self.reverse_subpage("pdf")]

    def pdf_url(self, request=None):
        url = self.get_url(request=request)
        if url is None:
            return None
        return url.rstrip("/") + "/" + self.reverse_subpage("pdf")
