"""The site works under its Content-Security-Policy in Chromium: no violation is reported on
the public pages (read anonymously and by a signed-in editor, whose pages carry Wagtail's
user bar) or in the Wagtail admin's main screens."""

import pytest
from playwright.sync_api import expect
from wagtail.models import Locale

from outputs.models import KeyMessagesPage, WorkingGroupReportPage
from tests.browser.conftest import LIVE
from tests.browser.pages import EDITION

pytestmark = LIVE

PUBLIC = {
    "home": "/en/",
    "edition": f"/en/{EDITION}",
    "report": f"/en/{EDITION}working-group-1/report/",
    "search": "/en/search/?q=legislation",
}

# Reported by every frame of the page (the preview panel is a frame), before any of the
# page's own scripts run; Playwright's init scripts are not subject to the page's policy.
LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.reportViolation(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} `
        + `at ${event.sourceFile}:${event.lineNumber} (${location.pathname})`
    );
});
"""


class Violations(list):
    def watch(self, page):
        page.context.expose_binding(
            "reportViolation", lambda _source, text: self.append(f"event: {text}")
        )
        page.context.add_init_script(LISTEN)
        page.on(
            "console",
            lambda message: (
                self.append(f"console: {message.text}")
                if "Content Security Policy" in message.text or "Refused to" in message.text
                else None
            ),
        )
        return page


def visit(page, path):
    response = page.goto(path)
    assert response.status < 400, f"{path} answered {response.status}"
    assert response.header_value("content-security-policy"), f"{path} has no policy"
    page.wait_for_load_state("networkidle")
    return response


@pytest.mark.parametrize("reader", ["anonymous", "editor"])
def test_public_pages_report_no_policy_violation(open_browser, world, reader):
    user = world["people"]["sample-secretariat"] if reader == "editor" else None
    violations = Violations()
    page = violations.watch(open_browser(user=user))
    for path in PUBLIC.values():
        visit(page, path)
        if user is not None:
            expect(page.locator("wagtail-userbar")).to_have_count(1)
    assert violations == []


def test_wagtail_admin_reports_no_policy_violation(open_browser, world):
    violations = Violations()
    page = violations.watch(open_browser(user=world["people"]["sample-secretariat"]))
    edition = world["edition"]
    report = WorkingGroupReportPage.objects.descendant_of(edition).first()

    visit(page, "/admin/")
    visit(page, f"/admin/pages/{edition.pk}/")

    # A report: StreamField, rich text (Draftail), inline panels of recommendations.
    visit(page, f"/admin/pages/{report.pk}/edit/")
    expect(page.locator("[data-draftail-input], .Draftail-Editor").first).to_be_attached()
    # The live preview shows the page in a same-origin frame.
    page.get_by_role("button", name="Toggle preview").click()
    expect(page.locator("iframe#w-preview-iframe")).to_be_attached()
    page.wait_for_load_state("networkidle")

    # The page chooser modal (the copy form's destination).
    visit(page, f"/admin/pages/{report.pk}/copy/")
    page.locator("#id_new_parent_page-chooser").get_by_role("button", name="Actions").click()
    page.locator("[data-chooser-action-choose]:visible").first.click()
    expect(page.locator(".modal-dialog")).to_be_visible()
    page.wait_for_load_state("networkidle")

    # wagtail-localize's React editor, on a French translation of the sample content.
    key_messages = KeyMessagesPage.objects.child_of(edition).get()
    translation = key_messages.get_translation(Locale.objects.get(language_code="fr"))
    visit(page, f"/admin/pages/{translation.pk}/edit/")
    # The React editor has rendered the translatable strings.
    expect(page.get_by_role("button", name="Edit", exact=True).first).to_be_visible()

    visit(page, "/admin/documents/")
    assert violations == []
