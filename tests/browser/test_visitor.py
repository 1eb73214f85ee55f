"""A visitor, on a phone and on a desktop: the archive and its filters, an edition, a report,
a recommendation's permalink, the search with its facets, and the language switcher."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, LIVE, PHONE

pytestmark = LIVE


def assert_fits(page):
    """Nothing is wider than the screen: no sideways scrolling."""
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{page.url} is {width} px wide on a {viewport} px screen"


def switch_language(page, name):
    """Follow the language switcher's link to ``name`` (opening the switcher if folded)."""
    switcher = page.locator(".language-switcher")
    folded = switcher.locator("details:not([open]) > summary")
    if folded.count():
        folded.click()
    switcher.get_by_role("link", name=name, exact=True).click()


def edition_titles(page):
    return page.locator("section[aria-labelledby='edition-list'] .card-title").all_inner_texts()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1280px"])
def test_visitor_browses_filters_reads_searches_and_switches_language(
    open_browser, world, viewport
):
    page = open_browser(viewport=viewport)

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/en/$"))
    assert_fits(page)

    # The archive, filtered by decade, then by topic.
    page.goto("/en/editions/")
    assert len(edition_titles(page)) == 3
    assert_fits(page)
    page.get_by_label("Decade", exact=True).select_option(label="1990s")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"decade=1990"))
    assert edition_titles(page) == ["1st Informal ASEM Seminar on Human Rights"]
    page.goto("/en/editions/")
    page.get_by_label("Topic", exact=True).select_option(
        label="Human Rights & Artificial Intelligence"
    )
    page.get_by_role("button", name="Filter").click()
    assert edition_titles(page) == ["23rd Informal ASEM Seminar on Human Rights"]
    assert_fits(page)

    # An edition, then a report and its recommendations.
    page.get_by_role("link", name="23rd Informal ASEM Seminar on Human Rights").click()
    expect(page).to_have_url(re.compile(r"/en/editions/23-2025/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("23rd")
    assert_fits(page)
    page.get_by_role("link", name=re.compile(r"^Working Group 1 Report")).first.click()
    expect(page).to_have_url(re.compile(r"/working-group-1/report/$"))
    expect(page.locator("#HR23-WG1-R01")).to_be_visible()
    assert_fits(page)

    # A permalink leads to the recommendation on its report.
    page.goto("/recommendations/HR23-WG1-R02/")
    expect(page).to_have_url(
        re.compile(r"/en/editions/23-2025/working-group-1/report/#HR23-WG1-R02$")
    )
    expect(page.locator("#HR23-WG1-R02")).to_contain_text("national human rights institutions")

    # Search, then narrow down with a facet.
    page.goto("/en/search/")
    page.get_by_label("Search for").fill("legislation")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=legislation"))
    expect(page.locator(".search-hits li").first).to_be_visible()
    assert_fits(page)
    # Folded on phones, open on wide screens.
    folded = page.locator("details.search-filters:not([open]) > summary")
    if folded.count() and folded.is_visible():
        folded.click()
    page.locator(".facet-level").get_by_label(re.compile(r"^National")).check()
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"level=national"))
    hits = page.locator(".search-hits > li")
    expect(hits.first).to_be_visible()
    for hit in hits.all():
        expect(hit.locator("dl.facts")).to_contain_text("National")
    assert_fits(page)

    # The language switcher: Key Messages have a French translation ...
    page.goto("/en/editions/23-2025/key-messages/")
    switch_language(page, "français")
    expect(page).to_have_url(re.compile(r"/fr/editions/23-2025/key-messages/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Messages clés (exemple)")
    assert_fits(page)
    # ... the edition has none: it is shown in English under /ja/, saying so in Japanese.
    page.goto("/en/editions/23-2025/")
    switch_language(page, "日本語")
    expect(page).to_have_url(re.compile(r"/ja/editions/23-2025/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.locator(".translation-notice")).to_be_visible()
    expect(page.locator("main")).to_have_attribute("lang", "en")
    assert_fits(page)
