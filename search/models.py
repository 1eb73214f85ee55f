"""The database backend's index: one denormalised row per document and language.

The full-text part is vendor-specific and lives in migration 0002: on PostgreSQL a
``search_vector`` column (kept by a trigger from ``search_text`` with the row's
text-search configuration) and its GIN index; on SQLite an FTS5 table kept in step by
triggers. Rows are written and deleted through the ORM either way.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArchiveEntry(models.Model):
    """A recommendation, or a live page of the series, in one language."""

    kind = models.CharField(max_length=64, help_text="Model name: recommendation, editionpage…")
    # Access is decided on the page at query time (``access.visible_pages``): for a
    # recommendation, its report page.
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", db_index=True
    )
    recommendation = models.ForeignKey(
        "outputs.Recommendation", null=True, on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(max_length=16)
    translation_key = models.UUIDField()
    # "|en|fr|": the languages in which this document exists, for the fallback search.
    translated_into = models.CharField(max_length=255, default="")
    title = models.CharField(max_length=255)
    identifier = models.CharField(max_length=40, blank=True)
    url = models.CharField(max_length=2048)
    text = models.TextField(blank=True, help_text="Plain text shown in snippets.")
    search_text = models.TextField(blank=True, help_text="Folded index tokens.")
    search_config = models.CharField(max_length=32, default="simple")
    edition_number = models.PositiveSmallIntegerField(null=True)
    edition_year = models.PositiveSmallIntegerField(null=True)
    edition_title = models.CharField(max_length=255, blank=True)
    working_group_number = models.PositiveSmallIntegerField(null=True)
    working_group_title = models.CharField(max_length=255, blank=True)
    level = models.CharField(max_length=20, blank=True)
    # Many-valued facets, as JSON lists (counted with jsonb_array_elements_text/json_each).
    themes = models.JSONField(default=list, blank=True)
    addressees = models.JSONField(default=list, blank=True)
    date = models.DateField(null=True)

    class Meta:
        verbose_name = _("archive index entry")
        verbose_name_plural = _("archive index entries")
        indexes = [
            models.Index(fields=["language", "kind"], name="archive_entry_language_kind"),
            models.Index(fields=["translation_key"], name="archive_entry_translation"),
            models.Index(fields=["date"], name="archive_entry_date"),
        ]

    def __str__(self):
        return f"{self.identifier or self.title} ({self.language})"
