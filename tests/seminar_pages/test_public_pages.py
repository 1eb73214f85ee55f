"""Public pages: every page renders, accessibly, at a cost that does not grow with content."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from outputs.factories import RecommendationFactory, WorkingGroupReportPageFactory
from seminar_pages import access
from seminar_pages.factories import EditionPageFactory, TopicFactory, WorkingGroupPageFactory

pytestmark = pytest.mark.django_db

# Pinned: the number of queries of a first (uncached) request for the page. Every page
# pays for its routing: the site (1), the active locale and the site root's own page, which
# Wagtail reads (2), the request's table of locales (1), the pages the URL names (one query
# for the whole URL), and the own page of each of them (one per step: the archive and the
# edition); then the access rules (``access.py``: the view restrictions, the closed-door
# rules and the pages with a release moment, 3), its ancestors, with their edition's and
# working group's fields, for Wagtail's view restrictions, the breadcrumbs and the title
# (1), the translations a reader may switch to (1) and the archive the menu links to (1).
# An edition's page also reads its sections (its children, and the working groups'
# reports: two each) and its topics (1).
EDITION_PAGE_QUERIES = 18
# A report's page (no sections, no topics) is two steps further down (two more),
# reads its recommendations with their addressees and themes (3), what was asked before
# (``search.similarity``: its recommendations' sources and the similar ones, 2; for a
# reader of another language their translations, three more), where its recommendations
# were carried forward (``outputs.lineage``: the references with their recommendations'
# translation keys, 1), and the stored PDF whose size its link shows (1). Its edition,
# for "Cite this", comes with its ancestors.
REPORT_PAGE_QUERIES = 22


@pytest.fixture
def demo(db):
    call_command("load_seminar_archive", verbosity=0)
    call_command("load_sample_content", verbosity=0)


def public_pages():
    """Live pages a visitor may read (the demo also holds closed session notes)."""
    return access.visible_pages(AnonymousUser(), Page.objects.filter(depth__gt=1)).specific()


def live_urls():
    return [page.url for page in public_pages()]


def test_every_live_page_of_the_demo_renders(client, demo):
    urls = live_urls()
    assert len(urls) > 24 + 20
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url


def test_sample_pages_say_they_are_sample_content(client, demo):
    sample = public_pages()
    checked = 0
    for page in sample:
        body = client.get(page.url).content.decode()
        if getattr(page, "is_sample_content", False):
            assert "Sample content." in body, page.url
            checked += 1
        else:
            assert "Sample content." not in body, page.url
    assert checked > 20


def test_pages_are_accessible_documents(client, demo):
    for url in live_urls():
        html = client.get(url).content.decode()
        assert re.search(r'<html lang="en"', html), url
        assert len(re.findall(r"<h1[ >]", html)) == 1, url
        assert 'class="skip-link" href="#main"' in html, url
        assert '<main id="main"' in html and "<header" in html and "<footer" in html, url
        assert "<nav" in html, url
        # Nothing is loaded from elsewhere; canonical and hreflang links are absolute by
        # definition and load nothing.
        head_links = re.sub(r'<link rel="(canonical|alternate)"[^>]*>', "", html)
        assert not re.search(r'(src|href)="(https?:)?//', head_links.split("</footer>")[0]), url


def test_archive_filters_have_labels_and_filter_by_decade_and_topic(client, demo):
    index = Page.objects.get(slug="editions")
    html = client.get(index.url).content.decode()
    assert '<label for="id_decade">' in html and '<label for="id_topic">' in html
    response = client.get(index.url, {"decade": 2010})
    years = {edition.year for edition in response.context["editions"]}
    assert years == set(range(2010, 2020))
    response = client.get(index.url, {"topic": "human-rights-children"})
    assert [edition.number for edition in response.context["editions"]] == [17]


def test_archive_filter_with_bad_values_shows_an_error_not_a_500(client, demo):
    index = Page.objects.get(slug="editions")
    response = client.get(index.url, {"decade": "abc", "topic": "<script>"})
    assert response.status_code == 200
    assert len(response.context["editions"]) == 24
    assert response.context["filter_form"].errors


def test_home_shows_the_current_edition(client, demo):
    response = client.get("/en/")
    assert response.status_code == 200
    assert response.context["current_edition"].number == 24
    assert "National Human Rights Commission of Mongolia" in response.content.decode()


def test_root_redirects_to_the_language(client, demo):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_sitemap_lists_live_public_pages_only(client, demo):
    edition = Page.objects.get(slug="23-2025")
    hidden = edition.get_children().get(slug="key-messages")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    draft = edition.get_children().get(slug="seminar-report")
    draft.specific.unpublish()
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/en/editions/23-2025/</loc>" in xml
    assert "/en/editions/23-2025/key-messages/" not in xml
    assert "/en/editions/23-2025/seminar-report/" not in xml
    # Every page a visitor may read: not the restricted one, nor the closed notes of the
    # three sample editions (the unpublished one is no longer live).
    assert xml.count("<loc>") == public_pages().count()
    assert public_pages().count() == Page.objects.live().filter(depth__gt=1).count() - 1 - 3


def test_edition_page_does_not_list_restricted_or_draft_children(client, edition):
    visible = WorkingGroupPageFactory(parent=edition, number=1, theme="Open to all")
    restricted = WorkingGroupPageFactory(parent=edition, number=2, theme="Members only group")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    WorkingGroupPageFactory(
        parent=edition, number=3, theme="Unpublished draft group", publish=False
    )
    html = client.get(edition.url).content.decode()
    assert visible.theme in html
    assert "Members only group" not in html
    assert "Unpublished draft group" not in html


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def build_edition(edition_index, number, groups):
    topic = TopicFactory(name=f"Topic of edition {number}")
    edition = EditionPageFactory(parent=edition_index, number=number, topics=[topic])
    for group_number in range(1, groups + 1):
        group = WorkingGroupPageFactory(parent=edition, number=group_number)
        WorkingGroupReportPageFactory(
            parent=group, recommendations=[RecommendationFactory.build(themes=[topic])]
        )
    return edition


def test_edition_page_queries_do_not_grow_with_working_groups(client, edition_index):
    small = build_edition(edition_index, 1, 3)
    large = build_edition(edition_index, 2, 30)
    client.get(small.url)  # warm the site root cache of the process
    small_count = count_queries(client, small.url)
    large_count = count_queries(client, large.url)
    assert small_count == large_count
    assert small_count <= EDITION_PAGE_QUERIES


def build_report(parent, count, topics):
    return WorkingGroupReportPageFactory(
        parent=parent,
        recommendations=[RecommendationFactory.build(themes=topics) for _ in range(count)],
    )


def test_report_page_queries_do_not_grow_with_recommendations(client, edition):
    topics = [TopicFactory(name="Theme one"), TopicFactory(name="Theme two")]
    small = build_report(WorkingGroupPageFactory(parent=edition, number=1), 3, topics)
    large = build_report(WorkingGroupPageFactory(parent=edition, number=2), 30, topics)
    client.get(small.url)
    small_count = count_queries(client, small.url)
    large_count = count_queries(client, large.url)
    assert small_count == large_count
    assert small_count <= REPORT_PAGE_QUERIES
    assert client.get(large.url).content.decode().count('class="recommendation"') == 30


def test_each_url_is_routed_to_its_own_page_whatever_the_slugs_elsewhere(client, edition):
    # The pages a URL names are read in one query (by depth and slug): pages of the same
    # slug under other parents, or at other depths, are not taken for them.
    first = WorkingGroupPageFactory(parent=edition, number=1, slug="one", theme="First group")
    second = WorkingGroupPageFactory(parent=edition, number=2, slug="two", theme="Second group")
    first_report = WorkingGroupReportPageFactory(parent=first, slug="one", title="Report A")
    second_report = WorkingGroupReportPageFactory(parent=second, slug="one", title="Report B")
    assert client.get(first_report.url).context["page"] == first_report
    assert client.get(second_report.url).context["page"] == second_report
    assert client.get(first.url).context["page"] == first
    assert client.get(f"{edition.url}two/two/").status_code == 404
    assert client.get(f"{edition.url}one/one/one/").status_code == 404


def test_a_restricted_page_a_reader_may_read_is_served_never_cached(
    client, edition, django_user_model
):
    # Wagtail's own check of view restrictions still sees the page's (and its ancestors'),
    # although it reads them from what the access policy read for the request.
    group = WorkingGroupPageFactory(parent=edition, number=1)
    report = WorkingGroupReportPageFactory(parent=group)
    PageViewRestriction.objects.create(page=group, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(report.url).status_code == 404
    client.force_login(django_user_model.objects.create_user("reader"))
    response = client.get(report.url)
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


# Browsing, phones and print ---------------------------------------------------------


def test_archive_filters_by_host_country_and_format(client, demo):
    index = Page.objects.get(slug="editions")
    html = client.get(index.url).content.decode()
    assert '<label for="id_country">' in html and '<label for="id_format">' in html
    assert '<option value="Korea">Korea</option>' in html
    assert '<option value="online">Online</option>' in html
    assert '<option value="hybrid">' not in html  # no edition of the archive was hybrid
    korea = client.get(index.url, {"country": "Korea"})
    assert [edition.number for edition in korea.context["editions"]] == [20, 12]
    assert '<a class="filters-reset" href="/en/editions/">' in korea.content.decode()
    online = client.get(index.url, {"format": "online"}).context["editions"]
    assert [edition.number for edition in online] == [21, 20]
    both = client.get(index.url, {"country": "Korea", "format": "online", "decade": 2020})
    assert [edition.number for edition in both.context["editions"]] == [20]
    refused = client.get(index.url, {"country": "Atlantis"})
    assert refused.status_code == 200 and "country" in refused.context["filter_form"].errors


def test_topic_tags_link_to_the_archive_filtered_by_topic(client, demo):
    edition = Page.objects.get(slug="17-2017")
    link = '<a href="/en/editions/?topic=human-rights-children">'
    assert link in client.get(edition.url).content.decode()
    assert link in client.get("/en/editions/").content.decode()
    filtered = client.get("/en/editions/", {"topic": "human-rights-children"})
    assert [page.number for page in filtered.context["editions"]] == [17]
    french = client.get("/fr/editions/17-2017/").content.decode()
    assert '<a href="/fr/editions/?topic=human-rights-children">' in french


def test_recommendation_themes_link_to_the_search_for_that_theme(client, edition):
    topic = TopicFactory(name="Migration", slug="migration")
    group = WorkingGroupPageFactory(parent=edition, number=1)
    report = WorkingGroupReportPageFactory(
        parent=group, recommendations=[RecommendationFactory.build(themes=[topic])]
    )
    html = client.get(report.url).content.decode()
    assert '<a href="/en/search/?theme=migration&amp;type=recommendation">Migration</a>' in html


def test_reports_print_their_edition_date_and_address(client, edition):
    group = WorkingGroupPageFactory(parent=edition, number=1)
    report = WorkingGroupReportPageFactory(parent=group)
    html = client.get(report.url).content.decode()
    start = html.index('<p class="print-only print-header">')
    header = html[start : html.index("</p>", start)]
    assert edition.title in header
    from django.utils import timezone

    published = timezone.localtime(report.first_published_at)
    day = f"{published.day} {published:%B %Y}"
    assert f'<time datetime="{published:%Y-%m-%d}">{day}</time>' in header
    assert f'<p class="print-only print-url">Printed from http://testserver{report.url}</p>' in html


def css_rules(text, media):
    """The text of the ``@media <media>`` block of a stylesheet."""
    start = text.index(f"@media {media}")
    depth, position = 0, text.index("{", start)
    for position in range(text.index("{", start), len(text)):
        depth += {"{": 1, "}": -1}.get(text[position], 0)
        if depth == 0:
            break
    return text[start:position]


def site_css():
    from pathlib import Path

    return (
        Path(__file__).resolve().parents[2]
        / "seminar_pages"
        / "static"
        / "seminar_pages"
        / "site.css"
    ).read_text()


def test_print_leaves_out_navigation_search_switcher_and_footer():
    rules = css_rules(site_css(), "print")
    hidden = rules[: rules.index("display: none")]
    for selector in (".site-header", ".site-footer", ".breadcrumbs", ".language-switcher"):
        assert selector in hidden, selector
    assert ".site-search" in hidden and ".print-only { display: block; }" in rules


def test_phone_layout_keeps_long_labels_and_selects_inside_the_screen():
    css = site_css()
    assert "body { margin: 0; overflow-wrap: anywhere; }" in css
    assert ".site-search input { width: 12rem; min-width: 0;" in css
    assert ".filters select { width: 100%; max-width: 100%; min-width: 0;" in css
    assert ".table-scroll { max-width: 100%; overflow-x: auto; }" in css
