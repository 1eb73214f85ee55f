from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index


class Topic(TranslatableMixin, index.Indexed, models.Model):
    """A theme of the series: the topics of an edition and the themes of recommendations."""

    name = models.CharField(_("name"), max_length=255, help_text=_("As it appears to readers."))
    slug = models.SlugField(
        _("slug"), max_length=255, allow_unicode=False, help_text=_("Used in archive filters.")
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_topic_slug_per_locale")
        ]

    def __str__(self):
        return self.name


class AsemPartner(models.Model):
    """One of the 53 ASEM partners: 51 countries, the European Union, the ASEAN Secretariat."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        ORGANISATION = "organisation", _("Regional organisation")

    class Region(models.TextChoices):
        ASIA = "asia", _("Asia")
        EUROPE = "europe", _("Europe")

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.CharField(_("region"), max_length=10, choices=Region.choices)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("kind"), FieldPanel("region")]

    class Meta:
        verbose_name = _("ASEM partner")
        verbose_name_plural = _("ASEM partners")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name
