"""An editor of the Secretariat signs in to the Wagtail admin and publishes an edition, a
working group and its report with a recommendation, which the public then reads."""

import re

from django.contrib.auth.models import Group
from playwright.sync_api import expect

from outputs.models import Recommendation, WorkingGroupReportPage
from seminar_pages import access
from seminar_pages.models import EditionPage, WorkingGroupPage
from tests.browser.conftest import DEMO_PASSWORD, LIVE

pytestmark = LIVE


def rich_text(page, field, text):
    """Type into a Draftail editor and wait until it has stored the text in its field."""
    page.locator(f"[data-contentpath='{field}'] [contenteditable='true']").click()
    page.keyboard.type(text)
    expect(page.locator(f"#id_{field}")).to_have_attribute(
        "value", re.compile(re.escape(text[-12:]))
    )


def publish(page):
    footer = page.locator("footer")
    footer.get_by_role("button", name="More actions").click()
    footer.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".messages .success")).to_contain_text("created and published")


def add_child(page, parent, page_type):
    page.goto(f"/admin/pages/{parent.pk}/add_subpage/")
    page.get_by_role("link", name=re.compile(rf"^{page_type}")).first.click()


def test_editor_publishes_an_edition_a_working_group_and_a_report(
    open_browser, edition_index, django_user_model
):
    editor = django_user_model.objects.create_user(
        "sample-secretariat", password=DEMO_PASSWORD, first_name="Sample"
    )
    editor.groups.add(Group.objects.get(name=access.SECRETARIAT))
    page = open_browser()

    page.goto("/admin/login/")
    page.get_by_label("Username").fill("sample-secretariat")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    add_child(page, edition_index, "Edition")
    page.locator("#id_title").fill("30th Informal ASEM Seminar on Human Rights (sample)")
    page.locator("#id_number").fill("30")
    page.locator("#id_year").fill("2030")
    page.locator("#id_city").fill("Sample City")
    publish(page)
    edition = EditionPage.objects.get(number=30)
    assert edition.live

    add_child(page, edition, "Working group")
    page.locator("#id_title").fill("Working Group 1 (sample)")
    page.locator("#id_number").fill("1")
    page.locator("#id_theme").fill("Sample theme")
    rich_text(page, "description", "Sample content: what the group discusses.")
    publish(page)
    group = WorkingGroupPage.objects.child_of(edition).get()
    assert group.live

    add_child(page, group, "Working Group Report")
    page.locator("#id_title").fill("Working Group 1 Report (sample)")
    rich_text(page, "summary", "Sample content: the discussion in brief.")
    page.get_by_role("button", name="Add Recommendation").click()
    page.locator("#id_recommendations-0-text").fill(
        "Sample recommendation: involve national human rights institutions early."
    )
    page.locator("#id_recommendations-0-level").select_option("national")
    publish(page)
    report = WorkingGroupReportPage.objects.child_of(group).get()
    assert report.live
    recommendation = Recommendation.objects.get(page=report)
    assert recommendation.identifier.endswith("30-WG1-R01")

    # The public reads the report, and its recommendation by its permalink.
    visitor = open_browser()
    visitor.goto(f"/recommendations/{recommendation.identifier}/")
    expect(visitor).to_have_url(
        re.compile(rf"/en/editions/{edition.slug}/{group.slug}/{report.slug}/#")
    )
    expect(visitor.locator(f"[id='{recommendation.identifier}']")).to_contain_text(
        "involve national human rights institutions early"
    )
