"""Sending Key Messages to the 53 ASEM partners, and recording who received them.

A dissemination record of one edition's Key Messages lists every partner with the date,
language and channel by which they received them (``DisseminationRecord``), filled by hand
or by a successful send. Sending emails each chosen contact the messages as a PDF, in the
contact's language where a published translation exists (English otherwise); every attempt
is kept (``DisseminationSend``) and logged on the page, failures with their reason.

The PDF comes from ``outputs.pdf.pdf_bytes(page) -> bytes`` (another module), looked up
when a send starts (``settings.OUTPUTS_PDF_RENDERER`` names another callable), so that its
absence is a message to the Secretariat, not a failure at import time.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.log_actions import log
from wagtail.models import Locale, Page

from outputs.partners import Channel, DisseminationRecord, DisseminationSend, PartnerContact
from seminar_pages.models import AsemPartner

DEFAULT_PDF_RENDERER = "outputs.pdf.pdf_bytes"


class PdfUnavailable(Exception):
    """The PDF of the Key Messages cannot be produced (no renderer, or it failed)."""


@dataclass
class PartnerRow:
    partner: AsemPartner
    record: DisseminationRecord | None
    contacts: list

    @property
    def received(self):
        return self.record is not None


@dataclass
class Dissemination:
    """The dissemination record of one Key Messages page, partner by partner."""

    page: Page
    rows: list

    @property
    def received(self):
        return [row for row in self.rows if row.received]

    @property
    def not_received(self):
        return [row for row in self.rows if not row.received]


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    without_contact: list = field(default_factory=list)


def key_messages_pages():
    """Every Key Messages page in the source language (one per edition), newest edition first."""
    from outputs.models import KeyMessagesPage

    return (
        KeyMessagesPage.objects.filter(locale=Locale.get_default())
        .select_related("locale")
        .order_by("-path")
    )


def dissemination_of(page):
    """The record of ``page`` (source Key Messages): the 53 partners, received or not.

    Three queries whatever the number of partners and contacts.
    """
    records = {record.partner_id: record for record in page.dissemination_records.all()}
    contacts = {}
    for contact in PartnerContact.objects.order_by("email"):
        contacts.setdefault(contact.partner_id, []).append(contact)
    rows = [
        PartnerRow(partner, records.get(partner.pk), contacts.get(partner.pk, []))
        for partner in AsemPartner.objects.order_by("sort_order", "name")
    ]
    return Dissemination(page, rows)


@transaction.atomic
def record_by_hand(page, partner, values, user):
    """Record (or correct) that ``partner`` received ``page``; ``values`` from the form."""
    record, created = DisseminationRecord.objects.update_or_create(
        key_messages=page, partner=partner, defaults=dict(values, recorded_by=user)
    )
    log(
        instance=page,
        action="outputs.record_dissemination",
        user=user,
        data={
            "partner_id": partner.pk,
            "sent_on": record.sent_on.isoformat(),
            "language": record.language,
            "channel": record.channel,
        },
    )
    return record


@transaction.atomic
def forget_receipt(page, partner, user):
    """Remove the record that ``partner`` received ``page`` (entered by mistake)."""
    deleted, _counts = DisseminationRecord.objects.filter(
        key_messages=page, partner=partner
    ).delete()
    if deleted:
        log(
            instance=page,
            action="outputs.forget_dissemination",
            user=user,
            data={"partner_id": partner.pk},
        )
    return bool(deleted)


def pdf_renderer():
    """The callable that renders a page as PDF bytes.

    Raises:
        PdfUnavailable: it cannot be imported (the PDF module is not installed).
    """
    path = getattr(settings, "OUTPUTS_PDF_RENDERER", DEFAULT_PDF_RENDERER)
    try:
        return import_string(path)
    except ImportError as error:
        raise PdfUnavailable(
            _("The PDF of the Key Messages cannot be produced (%(path)s is not available).")
            % {"path": path}
        ) from error


def page_in_language(source, language_code):
    """The published translation of ``source`` in ``language_code``, else ``source``.

    An alias in the language's tree is the English text, not a translation.
    """
    translated = (
        Page.objects.filter(
            translation_key=source.translation_key,
            locale__language_code=language_code,
            live=True,
            alias_of__isnull=True,
        )
        .exclude(pk=source.pk)
        .select_related("locale")
        .first()
    )
    return (translated or source).specific


def _message(page, source, contact, pdf):
    language = page.locale.language_code
    edition = page.get_parent().specific
    with translation.override(language):
        subject = _("Key Messages of the %(edition)s") % {"edition": edition.title}
        body = render_to_string(
            "outputs/dissemination/email.txt",
            {
                "page": page,
                "edition": edition,
                "contact": contact,
                "release": source.specific.embargo_until,
                "url": page.full_url,
            },
        )
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[contact.email]
    )
    message.attach(f"key-messages-{slugify(edition.slug)}-{language}.pdf", pdf, "application/pdf")
    return message


def _render(page, renderer, cache):
    if page.pk not in cache:
        try:
            cache[page.pk] = (renderer(page), "")
        except Exception as error:  # any failure of the renderer is reported
            cache[page.pk] = (
                None,
                _("The PDF could not be produced: %(error)s") % {"error": error},
            )
    return cache[page.pk]


def send_to_partners(source, partners, user, renderer):
    """Email ``source`` (or its translation) to every contact of ``partners``.

    Args:
        source: the Key Messages page in the source language, live.
        partners: ``AsemPartner`` objects.
        user: who sends (logged), or None.
        renderer: ``renderer(page) -> bytes``.

    Returns:
        A ``SendReport``. Each attempt is a ``DisseminationSend`` and a log entry on
        ``source``; a success records the partner as having received the messages.
    """
    report = SendReport()
    pdfs = {}
    today = timezone.localdate()
    for partner in partners:
        contacts = list(partner.contacts.order_by("email"))
        if not contacts:
            report.without_contact.append(partner)
            continue
        for contact in contacts:
            page = page_in_language(source, contact.language)
            language = page.locale.language_code
            pdf, error = _render(page, renderer, pdfs)
            if pdf is not None:
                try:
                    _message(page, source, contact, pdf).send()
                except Exception as failure:  # the mail server's reason is kept
                    error = _("The email could not be sent: %(error)s") % {"error": failure}
            succeeded = not error
            with transaction.atomic():
                DisseminationSend.objects.create(
                    key_messages=source,
                    sent_page=page,
                    partner=partner,
                    contact=contact,
                    email=contact.email,
                    language=language,
                    channel=Channel.EMAIL,
                    user=user,
                    succeeded=succeeded,
                    error=error,
                )
                if succeeded:
                    DisseminationRecord.objects.update_or_create(
                        key_messages=source,
                        partner=partner,
                        defaults={
                            "sent_on": today,
                            "language": language,
                            "channel": Channel.EMAIL,
                            "recorded_by": user,
                        },
                    )
                log(
                    instance=source,
                    action="outputs.send_key_messages",
                    user=user,
                    data={
                        "partner_id": partner.pk,
                        "contact_id": contact.pk,
                        "language": language,
                        "succeeded": succeeded,
                    },
                )
            if succeeded:
                report.sent += 1
            else:
                report.failed += 1
    return report


@task()
def send_key_messages(page_id, partner_ids, user_id=None):
    """The background task behind the "Send" action: a request never waits for emails."""
    from django.contrib.auth import get_user_model

    from outputs.models import KeyMessagesPage

    source = KeyMessagesPage.objects.get(pk=page_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    partners = AsemPartner.objects.filter(pk__in=partner_ids).order_by("sort_order", "name")
    try:
        renderer = pdf_renderer()
    except PdfUnavailable as error:
        raise ImproperlyConfigured(str(error)) from error
    report = send_to_partners(source, partners, user, renderer)
    return {
        "sent": report.sent,
        "failed": report.failed,
        "without_contact": [partner.name for partner in report.without_contact],
    }
