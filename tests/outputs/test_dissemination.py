"""The dissemination record of Key Messages: the 53 ASEM partners, filled by hand or by
sending the messages (PDF attached, in each contact's language), every send logged."""

import datetime
import smtplib

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core import mail
from wagtail.models import Locale, PageLogEntry

from outputs import dissemination
from outputs.factories import KeyMessagesPageFactory
from outputs.models import DisseminationRecord, DisseminationSend, PartnerContact
from seminar_pages import access
from seminar_pages.models import AsemPartner
from tests.utils import make_user

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC)
RELEASE = datetime.datetime(2026, 12, 5, 9, 0, tzinfo=datetime.UTC)
FAKE_RENDERER = "tests.outputs.test_dissemination.fake_pdf"
FAILING_RENDERER = "tests.outputs.test_dissemination.failing_pdf"


def fake_pdf(page):
    return b"%PDF-1.7 fake: " + page.title.encode()


def failing_pdf(page):
    raise RuntimeError("no fonts for this script")


@pytest.fixture
def world(edition, django_user_model, settings):
    settings.OUTPUTS_PDF_RENDERER = FAKE_RENDERER
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    french = Locale.objects.get(language_code="fr")
    key_messages = KeyMessagesPageFactory(
        parent=edition, slug="key-messages", title="Key Messages", embargo_until=RELEASE
    )
    edition.copy_for_translation(french, copy_parents=True, alias=False).save_revision().publish()
    french_messages = key_messages.copy_for_translation(french, alias=False)
    french_messages.title = "Messages clés"
    french_messages.save_revision().publish()
    partners = {partner.name: partner for partner in AsemPartner.objects.all()}
    PartnerContact.objects.create(
        partner=partners["France"], name="Desk officer", email="desk@france.example", language="fr"
    )
    PartnerContact.objects.create(partner=partners["Germany"], email="hr@de.example", language="de")
    secretary = make_user(
        django_user_model, "secretary", groups=[Group.objects.get(name=access.SECRETARIAT)]
    )
    return {
        "page": key_messages,
        "french_messages": french_messages,
        "partners": partners,
        "secretary": secretary,
    }


def record_url(page):
    return f"/admin/outputs/dissemination/{page.pk}/"


def not_received(page):
    return {row.partner.name for row in dissemination.dissemination_of(page).not_received}


def flash(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_53_asem_partners_come_with_the_migrations(db):
    assert AsemPartner.objects.count() == 53
    assert AsemPartner.objects.filter(kind="country", region="asia").count() == 21
    assert AsemPartner.objects.filter(kind="country", region="europe").count() == 30
    organisations = dict(
        AsemPartner.objects.filter(kind="organisation").values_list("name", "region")
    )
    assert organisations == {"European Union": "europe", "ASEAN Secretariat": "asia"}


def test_the_record_lists_all_53_partners_none_received_yet(client, world):
    client.force_login(world["secretary"])
    response = client.get(record_url(world["page"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not yet received by 53 partners" in html
    assert html.count('class="not-received"') == 53
    assert len(not_received(world["page"])) == 53
    index = client.get("/admin/outputs/dissemination/").content.decode()
    assert "0 / 53" in index


@time_machine.travel(NOW, tick=False)
def test_recording_by_hand_shrinks_the_not_yet_received_list(client, world):
    client.force_login(world["secretary"])
    page, japan = world["page"], world["partners"]["Japan"]
    url = f"{record_url(page)}partners/{japan.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"sent_on": "2026-12-01", "language": "ja", "channel": "note", "note": "By note"}
    )
    assert response.status_code == 302
    record = DisseminationRecord.objects.get(key_messages=page, partner=japan)
    assert (record.sent_on, record.language, record.channel) == (
        datetime.date(2026, 12, 1),
        "ja",
        "note",
    )
    assert record.recorded_by == world["secretary"]
    assert "Japan" not in not_received(page)
    assert len(not_received(page)) == 52
    assert "Not yet received by 52 partners" in client.get(record_url(page)).content.decode()
    assert PageLogEntry.objects.filter(page=page, action="outputs.record_dissemination").exists()
    # Removing a receipt entered by mistake puts the partner back on the list.
    client.post(url, {"forget": "1"})
    assert len(not_received(page)) == 53


@time_machine.travel(NOW, tick=False)
def test_a_receipt_in_the_future_or_without_a_channel_is_refused(client, world):
    client.force_login(world["secretary"])
    url = f"{record_url(world['page'])}partners/{world['partners']['Japan'].pk}/"
    response = client.post(url, {"sent_on": "2027-01-01", "language": "ja", "channel": "note"})
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    response = client.post(url, {"sent_on": "2026-12-01", "language": "ja", "channel": ""})
    assert response.status_code == 200
    assert not DisseminationRecord.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_sending_emails_each_contact_in_their_language_with_the_pdf(client, world):
    client.force_login(world["secretary"])
    page, partners = world["page"], world["partners"]
    response = client.post(
        f"{record_url(page)}send/", {"partners": [partners["France"].pk, partners["Germany"].pk]}
    )
    assert response.status_code == 302
    assert "Sent: 2 emails." in flash(response)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"desk@france.example", "hr@de.example"}
    french, german = by_address["desk@france.example"], by_address["hr@de.example"]
    # France reads French, where a published translation exists; Germany has none: English.
    assert french.attachments == [
        ("key-messages-23-2025-fr.pdf", fake_pdf(world["french_messages"]), "application/pdf")
    ]
    assert german.attachments == [
        ("key-messages-23-2025-en.pdf", fake_pdf(page), "application/pdf")
    ]
    assert "Messages clés" in french.body and "Bonjour Desk officer," in french.body
    assert "5 décembre 2026" in french.body
    assert "Dec. 5, 2026" in german.body and "Dear colleagues," in german.body
    assert world["french_messages"].full_url in french.body
    sends = DisseminationSend.objects.order_by("email")
    assert [(send.email, send.language, send.succeeded) for send in sends] == [
        ("desk@france.example", "fr", True),
        ("hr@de.example", "en", True),
    ]
    assert all(send.user == world["secretary"] and send.channel == "email" for send in sends)
    assert not_received(page) == set(partners) - {"France", "Germany"}
    record = DisseminationRecord.objects.get(partner=partners["France"])
    assert (record.sent_on, record.language, record.channel) == (NOW.date(), "fr", "email")
    logged = PageLogEntry.objects.filter(page=page, action="outputs.send_key_messages")
    assert logged.count() == 2
    assert {entry.data["language"] for entry in logged} == {"fr", "en"}
    assert all("france.example" not in str(entry.data) for entry in logged)
    html = client.get(record_url(page)).content.decode()
    assert "Not yet received by 51 partners" in html


def test_a_failing_pdf_is_logged_and_shown_and_records_no_receipt(client, world, settings):
    settings.OUTPUTS_PDF_RENDERER = FAILING_RENDERER
    client.force_login(world["secretary"])
    page, france = world["page"], world["partners"]["France"]
    response = client.post(f"{record_url(page)}send/", {"partners": [france.pk]})
    assert response.status_code == 302
    assert "1 emails could not be sent; the log below gives the reason." in flash(response)
    assert mail.outbox == []
    send = DisseminationSend.objects.get()
    assert not send.succeeded
    assert "no fonts for this script" in send.error
    assert not DisseminationRecord.objects.exists()
    assert PageLogEntry.objects.get(action="outputs.send_key_messages").data["succeeded"] is False
    html = client.get(record_url(page)).content.decode()
    assert "Failed:" in html and "no fonts for this script" in html


def test_a_mail_server_failure_is_logged_per_contact(client, world, monkeypatch):
    def refuse(self, fail_silently=False):
        raise smtplib.SMTPRecipientsRefused({self.to[0]: (550, b"mailbox unavailable")})

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    client.force_login(world["secretary"])
    partners = world["partners"]
    client.post(
        f"{record_url(world['page'])}send/",
        {"partners": [partners["France"].pk, partners["Germany"].pk]},
    )
    assert DisseminationSend.objects.filter(succeeded=False).count() == 2
    assert "could not be sent" in DisseminationSend.objects.first().error
    assert len(not_received(world["page"])) == 53


def test_without_the_pdf_module_nothing_is_sent_and_the_secretariat_is_told(
    client, world, settings
):
    settings.OUTPUTS_PDF_RENDERER = "outputs.no_such_module.pdf_bytes"
    client.force_login(world["secretary"])
    response = client.post(
        f"{record_url(world['page'])}send/", {"partners": [world["partners"]["France"].pk]}
    )
    assert response.status_code == 302
    (message,) = flash(response)
    assert message.startswith("Nothing was sent.")
    assert "outputs.no_such_module.pdf_bytes" in message
    assert mail.outbox == []
    assert not DisseminationSend.objects.exists()


def test_partners_without_a_contact_are_named_and_nothing_is_sent_to_them(client, world):
    client.force_login(world["secretary"])
    response = client.post(
        f"{record_url(world['page'])}send/", {"partners": [world["partners"]["Japan"].pk]}
    )
    assert "Not sent, no contact recorded: Japan." in flash(response)
    assert mail.outbox == []


def test_sending_needs_a_partner_and_a_published_page(client, world):
    client.force_login(world["secretary"])
    page = world["page"]
    response = client.post(f"{record_url(page)}send/", {})
    assert response.status_code == 200
    assert "Choose at least one partner" in response.content.decode()
    page.unpublish()
    response = client.post(
        f"{record_url(page)}send/", {"partners": [world["partners"]["France"].pk]}
    )
    assert "Nothing was sent: publish the Key Messages first." in flash(response)
    assert mail.outbox == []


@pytest.mark.parametrize("who", ["public_editor", "steering", "translator", "partner"])
def test_only_the_secretariat_reaches_the_dissemination_views(
    client, world, who, django_user_model
):
    groups = {
        "public_editor": access.PUBLIC_EDITORS,
        "steering": access.STEERING_COMMITTEE,
        "translator": access.TRANSLATORS,
        "partner": access.ASEM_PARTNERS,
    }
    user = make_user(django_user_model, who, groups=[Group.objects.get(name=groups[who])])
    if who == "partner":
        # An ASEM Partners member with the admin is still no member of the Secretariat.
        from django.contrib.auth.models import Permission

        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    page, france = world["page"], world["partners"]["France"]
    contact = PartnerContact.objects.first()
    for url in (
        "/admin/outputs/dissemination/",
        record_url(page),
        f"{record_url(page)}partners/{france.pk}/",
        "/admin/snippets/outputs/partnercontact/",
        f"/admin/snippets/outputs/partnercontact/edit/{contact.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(f"{record_url(page)}send/", {"partners": [france.pk]})
    assert response.status_code == 404
    response = client.post(
        f"{record_url(page)}partners/{france.pk}/",
        {"sent_on": "2026-12-01", "language": "fr", "channel": "note"},
    )
    assert response.status_code == 404
    assert mail.outbox == []
    assert not DisseminationRecord.objects.exists()
    assert "Dissemination" not in client.get("/admin/").content.decode()


def test_the_secretariat_manages_partner_contacts(client, world):
    client.force_login(world["secretary"])
    assert client.get("/admin/snippets/outputs/partnercontact/").status_code == 200
    response = client.post(
        "/admin/snippets/outputs/partnercontact/add/",
        {
            "partner": world["partners"]["Japan"].pk,
            "name": "",
            "email": "hr@japan.example",
            "language": "ja",
        },
    )
    assert response.status_code == 302
    assert PartnerContact.objects.filter(partner__name="Japan", language="ja").exists()
    assert "Dissemination" in client.get("/admin/").content.decode()
