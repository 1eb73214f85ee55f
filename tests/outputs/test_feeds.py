"""Atom feeds of new outputs and recommendations: the series, an edition, a theme."""

import xml.etree.ElementTree as ET

import pytest
from wagtail.models import Locale

from outputs.factories import (
    KeyMessagesPageFactory,
    RecommendationFactory,
    SeminarReportPageFactory,
    WorkingGroupReportPageFactory,
)
from seminar_pages import access
from seminar_pages.factories import EditionPageFactory, TopicFactory, WorkingGroupPageFactory
from tests.seminar_pages.conftest import world  # noqa: F401 (the closed-door fixture)
from tests.utils import MARKERS, login

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = [
    "/{language}/feeds/outputs/",
    "/{language}/feeds/recommendations/",
    "/{language}/feeds/editions/23/outputs/",
    "/{language}/feeds/editions/23/recommendations/",
    "/{language}/feeds/themes/migration/outputs/",
    "/{language}/feeds/themes/migration/recommendations/",
]


@pytest.fixture
def archive(edition, edition_index):
    migration = TopicFactory(name="Migration", slug="migration")
    group = WorkingGroupPageFactory(parent=edition, number=2, slug="wg-2")
    report = WorkingGroupReportPageFactory(
        parent=group,
        slug="report",
        title="Report of Working Group 2",
        recommendations=[
            RecommendationFactory.build(text="Protect migrant workers.", themes=[migration]),
            RecommendationFactory.build(text="Strengthen national institutions."),
        ],
    )
    key_messages = KeyMessagesPageFactory(parent=edition, slug="key-messages")
    earlier = EditionPageFactory(
        parent=edition_index, number=22, year=2024, slug="22-2024", title="22nd Seminar"
    )
    earlier_report = SeminarReportPageFactory(
        parent=earlier, slug="seminar-report", title="Seminar Report of the 22nd"
    )
    return {
        "edition": edition,
        "report": report,
        "key_messages": key_messages,
        "earlier_report": earlier_report,
    }


def read_feed(client, url):
    """(feed element, entries) of a valid Atom document: the elements RFC 4287 requires."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (the response under test)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{required}"), required
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
    return feed, entries


def titles(entries):
    return [entry.findtext(f"{ATOM}title") for entry in entries]


def links(entries):
    return [entry.find(f"{ATOM}link").get("href") for entry in entries]


def test_the_series_feeds_are_atom_with_every_output_and_recommendation(client, archive):
    feed, entries = read_feed(client, "/en/feeds/outputs/")
    assert feed.findtext(f"{ATOM}title") == "Informal ASEM Seminar on Human Rights: new outputs"
    assert sorted(titles(entries)) == [
        "Key Messages",
        "Report of Working Group 2",
        "Seminar Report of the 22nd",
    ]
    _feed, entries = read_feed(client, "/en/feeds/recommendations/")
    assert titles(entries) == [
        "HR23-WG2-R01: Protect migrant workers.",
        "HR23-WG2-R02: Strengthen national institutions.",
    ]
    report_url = "http://testserver/en/editions/23-2025/wg-2/report/"
    assert links(entries)[0] == f"{report_url}#HR23-WG2-R01"


def test_an_edition_feed_lists_that_edition_only(client, archive):
    feed, entries = read_feed(client, "/en/feeds/editions/22/outputs/")
    assert titles(entries) == ["Seminar Report of the 22nd"]
    assert feed.findtext(f"{ATOM}title") == "22nd Seminar: new outputs"
    _feed, entries = read_feed(client, "/en/feeds/editions/22/recommendations/")
    assert entries == []
    _feed, entries = read_feed(client, "/en/feeds/editions/23/recommendations/")
    assert len(entries) == 2


def test_a_theme_feed_lists_what_is_on_that_theme(client, archive):
    _feed, entries = read_feed(client, "/en/feeds/themes/migration/recommendations/")
    assert titles(entries) == ["HR23-WG2-R01: Protect migrant workers."]
    _feed, entries = read_feed(client, "/en/feeds/themes/migration/outputs/")
    assert titles(entries) == ["Report of Working Group 2"]


@pytest.mark.parametrize(
    "url", ["/en/feeds/editions/99/outputs/", "/en/feeds/themes/no-such-theme/recommendations/"]
)
def test_a_feed_of_nothing_is_404(client, archive, url):
    assert client.get(url).status_code == 404


def test_feeds_speak_the_readers_language_where_a_translation_exists(client, archive):
    french = Locale.objects.get_or_create(language_code="fr")[0]
    report = archive["report"].copy_for_translation(french, copy_parents=True, alias=False)
    report.title = "Rapport du groupe de travail 2"
    report.save_revision().publish()
    first = report.recommendations.order_by("sort_order").first()
    first.text = "Protéger les travailleurs migrants."
    first.save()

    feed, entries = read_feed(client, "/fr/feeds/outputs/")
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    by_title = dict(zip(titles(entries), links(entries), strict=True))
    assert by_title["Rapport du groupe de travail 2"] == (
        "http://testserver/fr/editions/23-2025/wg-2/report/"
    )
    # Not translated: the English text, under the reader's language prefix.
    assert by_title["Key Messages"] == "http://testserver/fr/editions/23-2025/key-messages/"
    assert "Report of Working Group 2" not in by_title
    _feed, entries = read_feed(client, "/fr/feeds/recommendations/")
    assert titles(entries)[0] == "HR23-WG2-R01: Protéger les travailleurs migrants."


def test_the_head_of_every_page_advertises_the_feeds(client, archive):
    html = client.get(archive["key_messages"].url).content.decode()
    for href in (
        "/en/feeds/outputs/",
        "/en/feeds/recommendations/",
        "/en/feeds/editions/23/outputs/",
        "/en/feeds/editions/23/recommendations/",
    ):
        assert 'type="application/atom+xml" title="' in html
        assert f'href="{href}"' in html
    home = client.get("/en/").content.decode()
    assert 'href="/en/feeds/outputs/"' in home and "/feeds/editions/" not in home


@pytest.mark.parametrize("who", ["anonymous", "member", "other_member", "secretary"])
def test_feeds_hold_nothing_closed_or_draft_whoever_asks(client, world, who):  # noqa: F811
    topic = TopicFactory(name="Migration", slug="migration")
    WorkingGroupReportPageFactory(
        parent=world["group_b"],
        slug="report",
        title="Public report of group B",
        recommendations=[RecommendationFactory.build(text="A public one.", themes=[topic])],
    )
    # Published, then closed: live, but for group A's members only.
    closed = WorkingGroupReportPageFactory(
        parent=world["group_a"],
        slug="closed-report",
        title="MARKER-DRAFT-REPORT closed after publication",
        recommendations=[RecommendationFactory.build(text="MARKER-DRAFT-REC", themes=[topic])],
    )
    access.close_page(closed, world["group_a"], world["secretary"])
    login(client, world, who)
    for template in FEEDS:
        for language in ("en", "fr"):
            url = template.format(language=language)
            response = client.get(url)
            text = response.content.decode()
            for marker in MARKERS:
                assert marker not in text, (url, marker)
            _feed, entries = read_feed(client, url)
            assert entries, url


def test_the_feed_of_a_closed_edition_is_404_even_to_its_readers(client, world):  # noqa: F811
    access.close_page(world["edition"], None, world["secretary"])
    login(client, world, "secretary")
    assert client.get("/en/feeds/editions/23/outputs/").status_code == 404
    assert client.get("/en/feeds/outputs/").status_code == 200
