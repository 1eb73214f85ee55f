"""Description, Open Graph and schema.org JSON-LD in the head, in the page's language."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Locale

from outputs.factories import KeyMessagesPageFactory
from seminar_pages.factories import EditionPageFactory

pytestmark = pytest.mark.django_db


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    soup = BeautifulSoup(response.content, "html.parser")
    properties = {
        meta["property"]: meta["content"] for meta in soup.head.find_all("meta", property=True)
    }
    description = soup.head.find("meta", attrs={"name": "description"})
    (script,) = soup.head.find_all("script", type="application/ld+json")
    return {
        "og": properties,
        "description": description["content"] if description else None,
        "json_ld": json.loads(script.string),
        "html": response.content.decode(),
    }


@pytest.fixture
def held_edition(edition_index):
    return EditionPageFactory(
        parent=edition_index,
        number=22,
        year=2024,
        title="22nd Informal ASEM Seminar on Human Rights",
        slug="22-2024",
        city="Bangkok",
        country="Thailand",
        start_date=datetime.date(2024, 11, 5),
        end_date=datetime.date(2024, 11, 7),
        introduction="<p>Human rights &amp; poverty reduction.</p>",
    )


def test_an_edition_is_a_schema_org_event(client, held_edition):
    data = head(client, held_edition.url)["json_ld"]
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == "22nd Informal ASEM Seminar on Human Rights"
    assert (data["startDate"], data["endDate"]) == ("2024-11-05", "2024-11-07")
    assert data["location"] == {
        "@type": "Place",
        "name": "Bangkok, Thailand",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Bangkok",
            "addressCountry": "Thailand",
        },
    }
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "Asia-Europe Foundation",
        "alternateName": "ASEF",
    }
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["inLanguage"] == "en"


def test_an_edition_without_dates_gives_its_year(client, edition):
    data = head(client, edition.url)["json_ld"]
    assert (data["startDate"], data["endDate"]) == ("2025", "2025")


def test_open_graph_describes_the_page(client, held_edition):
    found = head(client, held_edition.url)
    assert found["description"] == "Human rights & poverty reduction."
    assert found["og"] == {
        "og:title": "22nd Informal ASEM Seminar on Human Rights",
        "og:description": "Human rights & poverty reduction.",
        "og:type": "website",
        "og:url": "http://testserver/en/editions/22-2024/",
        "og:locale": "en_US",
        "og:site_name": "Informal ASEM Seminar on Human Rights",
    }


def test_the_search_description_is_preferred(client, held_edition):
    held_edition.search_description = "An edition in Bangkok."
    held_edition.save_revision().publish()
    found = head(client, held_edition.url)
    assert found["description"] == found["og"]["og:description"] == "An edition in Bangkok."
    assert found["html"].count('name="description"') == 1


def test_an_output_is_a_report_in_its_own_language(client, edition):
    french = Locale.objects.get_or_create(language_code="fr")[0]
    key_messages = KeyMessagesPageFactory(parent=edition, slug="key-messages")
    edition_fr = edition.copy_for_translation(french, copy_parents=True, alias=False)
    edition_fr.title = "23e Séminaire informel ASEM sur les droits de l'homme"
    edition_fr.save_revision().publish()
    translated = key_messages.copy_for_translation(french, alias=False)
    translated.title = "Messages clés"
    translated.save_revision().publish()

    found = head(client, "/fr/editions/23-2025/key-messages/")
    data = found["json_ld"]
    assert data["@type"] == "Report"
    assert data["name"] == "Messages clés" and data["inLanguage"] == "fr"
    assert data["datePublished"] == "2025"
    assert data["publisher"]["name"] == "Asia-Europe Foundation"
    assert data["isPartOf"] == {
        "@type": "WebPage",
        "name": "23e Séminaire informel ASEM sur les droits de l'homme",
        "url": "http://testserver/fr/editions/23-2025/",
    }
    assert found["og"]["og:locale"] == "fr_FR" and found["og"]["og:type"] == "article"
    assert found["og"]["og:url"] == "http://testserver/fr/editions/23-2025/key-messages/"


def test_an_untranslated_page_is_described_in_the_language_of_its_text(client, edition):
    KeyMessagesPageFactory(parent=edition, slug="key-messages")
    found = head(client, "/fr/editions/23-2025/key-messages/")
    assert found["json_ld"]["inLanguage"] == "en"
    assert found["og"]["og:locale"] == "en_US"
    assert found["og"]["og:url"] == "http://testserver/en/editions/23-2025/key-messages/"


def test_json_ld_cannot_be_broken_out_of_by_a_title(client, held_edition):
    title = '</script><script>alert("x")</script> & <!-- Rights'
    held_edition.title = title
    held_edition.save_revision().publish()
    found = head(client, held_edition.url)
    assert found["json_ld"]["name"] == title
    assert "<script>alert" not in found["html"]
    assert found["html"].count("</script>") == found["html"].count("<script")
    assert found["og"]["og:title"] == title
