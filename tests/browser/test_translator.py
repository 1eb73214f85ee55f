"""A translator into French starts a translation of Key Messages from the status board,
translates it in wagtail-localize's editor and submits it; readers of /fr/ get the English
text (with a notice) until the Secretariat approves it, and the French text after."""

import re

from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.models import Locale

from outputs.factories import KeyMessagesPageFactory
from seminar_pages import access
from tests.browser.conftest import LIVE
from tests.utils import make_user

pytestmark = LIVE

FRENCH_TITLE = "Messages clés (exemple)"
FRENCH_URL = "/fr/editions/23-2025/key-messages/"


def assert_not_public_in_french(reader):
    reader.goto(FRENCH_URL)
    expect(reader.get_by_role("heading", level=1)).to_have_text("Key Messages (sample)")
    expect(reader.locator(".translation-notice")).to_be_visible()
    expect(reader.locator("main")).to_have_attribute("lang", "en")
    assert FRENCH_TITLE not in reader.content()


def test_translation_is_started_translated_submitted_and_public_only_once_approved(
    open_browser, edition, django_user_model
):
    KeyMessagesPageFactory(
        parent=edition,
        title="Key Messages (sample)",
        slug="key-messages",
        is_sample_content=True,
        introduction="<p>Sample content: messages for the ASEM partners.</p>",
        messages=[
            (
                "message",
                {
                    "heading": "Sample message 1",
                    "text": "<p>Sample content: why it matters.</p>",
                    "recommendations": [],
                },
            )
        ],
    )
    secretary = make_user(
        django_user_model, "sample-secretariat", groups=[Group.objects.get(name=access.SECRETARIAT)]
    )
    translator = make_user(django_user_model, "sample-translator-fr")
    access.grant_translator(secretary, translator, Locale.objects.get(language_code="fr"))
    reader = open_browser()
    page = open_browser(user=translator)

    # Start the translation from the status board.
    page.goto("/admin/outputs/translation-status/")
    page.get_by_role("link", name="Start translation").click()
    expect(page.get_by_label("French")).to_be_checked()
    page.locator("main form [type=submit]").last.click()
    expect(page.locator(".messages")).to_contain_text("submitted for translation into French")
    assert_not_public_in_french(reader)

    # Translate every string in wagtail-localize's editor.
    translated = page.get_by_text(re.compile(r"^Translated manually"))
    done = 0
    while page.get_by_role("button", name="Translate", exact=True).count():
        page.get_by_role("button", name="Translate", exact=True).first.click()
        text = FRENCH_TITLE if done == 0 else f"Contenu d’exemple traduit, segment {done}."
        page.locator("textarea").first.fill(text)
        page.get_by_role("button", name="Save", exact=True).first.click()
        done += 1
        expect(translated).to_have_count(done)
    assert done >= 4
    assert_not_public_in_french(reader)

    # Submit it for review from the status board.
    page.goto("/admin/outputs/translation-status/")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messages")).to_contain_text("review")
    assert_not_public_in_french(reader)

    # The Secretariat approves it from the dashboard: it is public in French.
    reviewer = open_browser(user=secretary)
    reviewer.goto("/admin/")
    row = (
        reviewer.locator("section, div.w-panel", has_text="Awaiting your review")
        .locator("tr", has_text=FRENCH_TITLE)
        .last
    )
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    expect(reviewer.get_by_text("Awaiting your review")).to_have_count(0)

    reader.goto(FRENCH_URL)
    expect(reader.locator("html")).to_have_attribute("lang", "fr")
    expect(reader.get_by_role("heading", level=1)).to_have_text(FRENCH_TITLE)
    expect(reader.locator(".translation-notice")).to_have_count(0)
