"""The dissemination of Key Messages to the 53 ASEM partners: contacts, receipts, sends.

The partners themselves are the shared vocabulary ``seminar_pages.AsemPartner`` (51
countries, the European Union, the ASEAN Secretariat). What is recorded here about them is
the Secretariat's alone: the contacts are personal data, and which partner received which
messages when is diplomatic correspondence. Data only: who may read it is decided by
``seminar_pages.access`` (an unclassified model is the Secretariat's), the views and the
sending live in ``outputs.dissemination`` and ``outputs.dissemination_views``.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    NOTE = "note", _("Diplomatic note or letter")
    IN_PERSON = "in_person", _("In person")
    OTHER = "other", _("Other")


class PartnerContact(models.Model):
    """Someone at an ASEM partner to whom Key Messages are sent."""

    partner = models.ForeignKey(
        "seminar_pages.AsemPartner",
        verbose_name=_("ASEM partner"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("Optional: a person or an office.")
    )
    email = models.EmailField(_("email"), help_text=_("Where the Key Messages are sent."))
    language = models.CharField(
        _("preferred language"),
        max_length=15,
        default="en",
        help_text=_(
            "Key Messages are sent in this language where a published translation exists, "
            "otherwise in English."
        ),
    )

    panels = [
        FieldPanel("partner"),
        FieldPanel("name"),
        FieldPanel("email"),
        # The partners' languages, whether or not the site is published in them yet
        # (ASEM_LANGUAGES; a site that does not list them offers its own LANGUAGES).
        FieldPanel(
            "language",
            widget=forms.Select(
                choices=getattr(settings, "ASEM_LANGUAGES", None) or settings.LANGUAGES
            ),
        ),
    ]

    class Meta:
        verbose_name = _("partner contact")
        verbose_name_plural = _("partner contacts")
        ordering = ["partner__sort_order", "partner__name", "email"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "email"], name="unique_partner_contact")
        ]

    def __str__(self):
        who = f"{self.name} <{self.email}>" if self.name else self.email
        return f"{self.partner}: {who}"


class DisseminationRecord(models.Model):
    """That one partner received one edition's Key Messages: when, in which language, how.

    One row per (Key Messages, partner) once received; partners without a row have not
    received them yet. Filled by hand or by a successful send.
    """

    key_messages = models.ForeignKey(
        "outputs.KeyMessagesPage",
        verbose_name=_("Key Messages"),
        on_delete=models.CASCADE,
        related_name="dissemination_records",
    )
    partner = models.ForeignKey(
        "seminar_pages.AsemPartner",
        verbose_name=_("ASEM partner"),
        on_delete=models.CASCADE,
        related_name="dissemination_records",
    )
    sent_on = models.DateField(_("date sent"))
    language = models.CharField(_("language"), max_length=15)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("dissemination record")
        verbose_name_plural = _("dissemination records")
        ordering = ["partner__sort_order", "partner__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["key_messages", "partner"], name="one_dissemination_record_per_partner"
            )
        ]

    def __str__(self):
        return f"{self.key_messages} → {self.partner} ({self.sent_on})"


class DisseminationSend(models.Model):
    """One attempt to email Key Messages to one contact, kept whether it succeeded or not."""

    key_messages = models.ForeignKey(
        "outputs.KeyMessagesPage",
        verbose_name=_("Key Messages"),
        on_delete=models.CASCADE,
        related_name="dissemination_sends",
    )
    sent_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page sent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The translation that was sent (or the English page)."),
    )
    partner = models.ForeignKey(
        "seminar_pages.AsemPartner",
        verbose_name=_("ASEM partner"),
        on_delete=models.CASCADE,
        related_name="dissemination_sends",
    )
    contact = models.ForeignKey(
        PartnerContact,
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sends",
    )
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=15)
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.EMAIL
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("time"), auto_now_add=True)
    succeeded = models.BooleanField(_("succeeded"), default=False)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("dissemination send")
        verbose_name_plural = _("dissemination sends")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return f"{self.key_messages} → {self.email} ({self.sent_at:%Y-%m-%d %H:%M})"
