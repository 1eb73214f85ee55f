"""An invitee registers from their link on a phone, in Japanese; the Secretariat assigns and
confirms in the admin; the new member then reads their group's closed notes."""

import re

from django.contrib.auth.models import Group
from django.core import mail

from seminar_pages import access, invitations
from seminar_pages.factories import (
    BackgroundPaperPageFactory,
    SessionNotesPageFactory,
    WorkingGroupPageFactory,
)
from seminar_pages.models import AsemPartner, EditionParticipant
from tests.browser.conftest import DESKTOP, LIVE, PHONE
from tests.utils import make_user

pytestmark = LIVE

PASSWORD = "a long sample passphrase 42"


def no_horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_invitee_registers_in_japanese_and_is_assigned_and_reads_the_notes(
    open_browser, live_server, edition, django_user_model, settings
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    groups = [
        WorkingGroupPageFactory(
            parent=edition,
            number=number,
            slug=f"working-group-{number}",
            title=f"Working Group {number} (sample)",
            minimum_size=0,
        )
        for number in (1, 2)
    ]
    SessionNotesPageFactory(
        parent=groups[1],
        title="Session 1 notes (sample)",
        slug="session-1",
        notes=[("paragraph", "<p>Sample content: the closed-door discussion.</p>")],
    )
    BackgroundPaperPageFactory(parent=edition, slug="background-paper")
    secretary = make_user(
        django_user_model, "sample-secretariat", groups=[Group.objects.get(name=access.SECRETARIAT)]
    )
    participant = EditionParticipant.objects.create(
        edition=edition,
        name="Sample Invitee",
        email="sample-invitee@example.org",
        category=EditionParticipant.Category.NHRI,
        partner=AsemPartner.objects.get(name="Japan"),
        language="ja",
    )
    invitations.send_invitation.enqueue(invitations.invite(participant).pk)
    link = re.search(r"https?://\S+/ja/invitation/\S+/", mail.outbox[-1].body).group(0)

    page = open_browser(viewport=PHONE, locale="ja-JP")
    response = page.goto(link)
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "ja"
    assert no_horizontal_overflow(page)
    page.locator("#id_choice_1").select_option(label="Working Group 2 (sample)")
    page.locator("#id_choice_2").select_option(label="Working Group 1 (sample)")
    page.locator("#id_expertise").fill("Sample content: national human rights institutions.")
    page.locator("#id_read_background_paper").check()
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("button[value=register]").click()
    # Consent was not given: the form comes back, in Japanese, with nothing recorded.
    assert page.locator(".field-error").count() == 1
    assert "この項目は必須です" in page.locator("main").inner_text()
    assert not EditionParticipant.objects.get(pk=participant.pk).user_id
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_consent").check()
    page.locator("button[value=register]").click()
    page.wait_for_url("**/ja/invitation/registered/")
    assert no_horizontal_overflow(page)

    admin = open_browser(viewport=DESKTOP, user=secretary)
    admin.goto(f"/admin/participants/editions/{edition.pk}/assignment/")
    admin.get_by_role("button", name="Run the assignment").click()
    admin.wait_for_load_state()
    admin.get_by_role("button", name="Confirm and notify").click()
    admin.wait_for_load_state()
    assert "Sample Invitee" in admin.locator("main").inner_text()
    assert EditionParticipant.objects.get(pk=participant.pk).working_group_id == groups[1].pk

    page.goto("/ja/_util/login/?next=/ja/editions/23-2025/working-group-2/session-1/")
    page.locator("#id_username").fill("sample-invitee@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    assert "the closed-door discussion" in page.locator("main").inner_text()
