"""Cite this: the suggested citation on output pages, and RIS, BibTeX and CSL-JSON downloads."""

import json
import re

import pytest
from wagtail.models import Locale

from outputs import citation
from outputs.factories import (
    KeyMessagesPageFactory,
    RecommendationFactory,
    SeminarReportPageFactory,
    WorkingGroupReportPageFactory,
)
from seminar_pages import access
from seminar_pages.factories import TopicFactory, WorkingGroupPageFactory
from tests.seminar_pages.conftest import world  # noqa: F401 (the closed-door fixture)
from tests.utils import MARKERS, login

pytestmark = pytest.mark.django_db

RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  - (.*)$")


@pytest.fixture
def outputs(edition):
    group = WorkingGroupPageFactory(parent=edition, number=2, slug="wg-2", theme="Migration")
    migration = TopicFactory(name="Migration & Mobility", slug="migration")
    report = WorkingGroupReportPageFactory(
        parent=group,
        slug="report",
        title="Report of Working Group 2",
        recommendations=[
            RecommendationFactory.build(
                text="Protect migrant workers' rights {in} 100% of agreements.",
                themes=[migration],
            ),
            RecommendationFactory.build(text="Strengthen national human rights institutions."),
        ],
    )
    return {
        "edition": edition,
        "report": report,
        "recommendation": report.recommendations.order_by("sort_order").first(),
        "key_messages": KeyMessagesPageFactory(parent=edition, slug="key-messages"),
        "seminar_report": SeminarReportPageFactory(parent=edition, slug="seminar-report"),
    }


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def parse_ris(text):
    """The tags of one RIS record, checking its frame: TY first, ER last, CR LF endings."""
    assert text.endswith("\r\n")
    lines = text[:-2].split("\r\n")
    assert lines[0].startswith("TY  - ") and lines[-1] == "ER  - "
    tags = {}
    for line in lines[:-1]:
        assert RIS_LINE.match(line), line
        tags.setdefault(line[:2], []).append(line[6:])
    return tags


def parse_bibtex(text):
    """(entry type, key, fields) of one BibTeX entry, with braces balanced in each field."""
    found = re.fullmatch(r"@(\w+)\{([^,\s]+),\n(.*)\n\}\n", text, re.DOTALL)
    assert found, text
    fields = {}
    for line in found[3].split(",\n"):
        name, value = re.fullmatch(r"  (\w+) = \{(.*)\}", line, re.DOTALL).groups()
        depth = 0
        for index, char in enumerate(value):
            if char in "{}" and (index == 0 or value[index - 1] != "\\"):
                depth += 1 if char == "{" else -1
            assert depth >= 0, value
        assert depth == 0, value
        fields[name] = value
    return found[1], found[2], fields


def test_suggested_citation_names_publisher_title_edition_city_year_and_url(rf, outputs):
    request = rf.get("/")
    cited = citation.for_page(outputs["report"], request)
    assert cited.text == (
        "Asia-Europe Foundation (ASEF). Report of Working Group 2. "
        "23rd Informal ASEM Seminar on Human Rights, Copenhagen, 2025. "
        "http://testserver/en/editions/23-2025/wg-2/report/"
    )
    key_messages = citation.for_page(outputs["key_messages"], request)
    assert key_messages.text.startswith("Asia-Europe Foundation (ASEF). Key Messages. 23rd")
    assert key_messages.key == "HR23-KM" and cited.key == "HR23-WG2"


def test_a_title_keeps_its_own_final_punctuation(rf, outputs):
    page = outputs["seminar_report"]
    page.title = "Who decides?"
    assert citation.for_page(page, rf.get("/")).text.startswith(
        "Asia-Europe Foundation (ASEF). Who decides? 23rd Informal ASEM Seminar"
    )


def test_a_recommendation_is_cited_within_its_report_by_its_permalink(rf, outputs):
    (cited,) = citation.for_recommendations([outputs["recommendation"]], rf.get("/")).values()
    assert cited.text == (
        "Asia-Europe Foundation (ASEF). Recommendation HR23-WG2-R01. "
        "In: Report of Working Group 2. "
        "23rd Informal ASEM Seminar on Human Rights, Copenhagen, 2025. "
        "http://testserver/recommendations/HR23-WG2-R01/"
    )


@pytest.mark.parametrize("name", ["report", "key_messages", "seminar_report"])
def test_output_pages_offer_cite_this_with_three_downloads(client, outputs, name):
    page = outputs[name]
    html = client.get(page.url).content.decode()
    assert "Cite this" in html
    assert "Asia-Europe Foundation (ASEF). " + page.title in html
    for extension in ("ris", "bib", "json"):
        assert f'href="/en/cite/pages/{page.pk}.{extension}"' in html


def test_each_recommendation_offers_its_own_citation(client, outputs):
    html = client.get(outputs["report"].url).content.decode()
    for identifier in ("HR23-WG2-R01", "HR23-WG2-R02"):
        assert f"Recommendation {identifier}. In: Report of Working Group 2." in html
        assert f'href="/en/cite/recommendations/{identifier}.ris"' in html


def test_ris_download_is_a_research_info_systems_record(client, outputs):
    page = outputs["report"]
    response = download(client, f"/en/cite/pages/{page.pk}.ris")
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    assert response["Content-Disposition"] == 'attachment; filename="HR23-WG2.ris"'
    tags = parse_ris(response.content.decode())
    assert tags["TY"] == ["RPRT"]
    assert tags["AU"] == ["Asia-Europe Foundation (ASEF)"]
    assert tags["TI"] == ["Report of Working Group 2"]
    assert tags["T2"] == ["23rd Informal ASEM Seminar on Human Rights"]
    assert tags["PY"] == ["2025"] and tags["LA"] == ["en"]
    assert tags["UR"] == ["http://testserver/en/editions/23-2025/wg-2/report/"]


def test_ris_of_a_recommendation_carries_its_number_text_and_themes(client, outputs):
    response = download(client, "/en/cite/recommendations/HR23-WG2-R01.ris")
    tags = parse_ris(response.content.decode())
    assert tags["VL"] == ["HR23-WG2-R01"]
    assert tags["T2"] == ["Report of Working Group 2"]
    assert tags["AB"] == ["Protect migrant workers' rights {in} 100% of agreements."]
    assert tags["KW"] == ["Migration & Mobility"]


def test_bibtex_download_is_an_escaped_techreport(client, outputs):
    response = download(client, "/en/cite/recommendations/HR23-WG2-R01.bib")
    assert response["Content-Type"].startswith("application/x-bibtex")
    assert response["Content-Disposition"] == 'attachment; filename="HR23-WG2-R01.bib"'
    kind, key, fields = parse_bibtex(response.content.decode())
    assert (kind, key) == ("techreport", "HR23-WG2-R01")
    assert fields["author"] == "{Asia-Europe Foundation (ASEF)}"
    assert fields["title"] == "Recommendation HR23-WG2-R01"
    assert fields["institution"] == "Asia-Europe Foundation (ASEF)"
    assert fields["year"] == "2025"
    assert fields["url"] == "http://testserver/recommendations/HR23-WG2-R01/"
    assert fields["abstract"] == r"Protect migrant workers' rights \{in\} 100\% of agreements."
    assert fields["keywords"] == r"Migration \& Mobility"


def test_csl_json_download_is_a_list_of_one_item_with_the_required_fields(client, outputs):
    page = outputs["seminar_report"]
    response = download(client, f"/en/cite/pages/{page.pk}.json")
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json"
    assert response["Content-Disposition"] == 'attachment; filename="HR23-SR.json"'
    (item,) = json.loads(response.content)
    assert item["id"] == "HR23-SR" and item["type"] == "report"
    assert item["title"] == "Seminar Report" and item["genre"] == "Seminar Report"
    assert item["author"] == [{"literal": "Asia-Europe Foundation (ASEF)"}]
    assert item["publisher"] == "Asia-Europe Foundation (ASEF)"
    assert item["container-title"] == "23rd Informal ASEM Seminar on Human Rights"
    assert item["event-place"] == "Copenhagen"
    assert item["issued"] == {"date-parts": [[2025]]}
    assert item["URL"] == "http://testserver/en/editions/23-2025/seminar-report/"
    assert item["language"] == "en"


def test_a_recommendation_is_cited_in_the_language_of_the_url(client, outputs):
    french = Locale.objects.get_or_create(language_code="fr")[0]
    report = outputs["report"].copy_for_translation(french, copy_parents=True, alias=False)
    report.title = "Rapport du groupe de travail 2"
    first = report.recommendations.order_by("sort_order").first()
    first.text = "Protéger les droits des travailleurs migrants."
    first.save()
    report.save_revision().publish()

    (french_item,) = download(client, "/fr/cite/recommendations/HR23-WG2-R01.json").json()
    assert french_item["id"] == "HR23-WG2-R01-fr" and french_item["language"] == "fr"
    assert french_item["container-title"] == "Rapport du groupe de travail 2"
    assert french_item["abstract"] == "Protéger les droits des travailleurs migrants."
    (english_item,) = download(client, "/en/cite/recommendations/HR23-WG2-R01.json").json()
    assert english_item["language"] == "en"
    assert english_item["container-title"] == "Report of Working Group 2"


def test_only_output_pages_are_citable(client, outputs):
    edition = outputs["edition"]
    assert client.get(f"/en/cite/pages/{edition.pk}.ris").status_code == 404


def _same_as_nothing(client, url, missing_url):
    """``url`` answers as ``missing_url`` does (the 404 page may name the URL asked for)."""
    response, twin = client.get(url), client.get(missing_url)
    assert response.status_code == twin.status_code == 404
    text = response.content.decode()
    assert text.replace(url, "URL") == twin.content.decode().replace(missing_url, "URL")
    assert "Content-Disposition" not in response
    for marker in MARKERS:
        assert marker not in text


@pytest.mark.parametrize("who", ["anonymous", "other_member", "translator", "public_editor"])
@pytest.mark.parametrize("extension", ["ris", "bib", "json"])
def test_citations_of_drafts_answer_like_nothing(client, world, who, extension):  # noqa: F811
    login(client, world, who)
    draft = world["draft"]
    identifier = draft.recommendations.get().identifier
    _same_as_nothing(
        client, f"/en/cite/pages/{draft.pk}.{extension}", f"/en/cite/pages/987654.{extension}"
    )
    _same_as_nothing(
        client,
        f"/en/cite/recommendations/{identifier}.{extension}",
        f"/en/cite/recommendations/HR99-WG9-R99.{extension}",
    )


def test_citations_of_closed_reports_are_for_the_group_only(client, world):  # noqa: F811
    report = WorkingGroupReportPageFactory(
        parent=world["group_b"],
        slug="report",
        title="MARKER-DRAFT-REPORT closed after publication",
        recommendations=[RecommendationFactory.build(text="MARKER-DRAFT-REC closed")],
    )
    access.close_page(report, world["group_b"], world["secretary"])
    identifier = report.recommendations.get().identifier
    for who in ("anonymous", "member", "translator"):
        client.logout()
        login(client, world, who)
        _same_as_nothing(
            client,
            f"/en/cite/recommendations/{identifier}.ris",
            "/en/cite/recommendations/HR99-WG9-R99.ris",
        )
        _same_as_nothing(client, f"/en/cite/pages/{report.pk}.ris", "/en/cite/pages/987654.ris")
    login(client, world, "other_member")
    response = client.get(f"/en/cite/pages/{report.pk}.ris")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
