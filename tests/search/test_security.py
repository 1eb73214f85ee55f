"""Closed-door material never leaks through search: not a hit, a snippet, a total or a count.

The closed session notes of group A (``MARKER-NOTES``, ``markerclosed``) and group A's
draft report (``MARKER-DRAFT-REC``) are searched for by an anonymous visitor, a member of
group B and a translator, through the page, the JSON API and the CSV export; a member of
group A does find the notes.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from search.backends import get_backend
from search.query import Query
from tests.search.conftest import CLOSED_MARKERS

pytestmark = pytest.mark.django_db

OUTSIDERS = ["anonymous", "other_member", "translator"]
QUERIES = ["markerclosed", "MARKER-NOTES", "MARKER-DRAFT-REC", "testimony", "session"]


def login(client, archive, who):
    if who != "anonymous":
        client.force_login(archive[who])
    return client


def body(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def assert_no_marker(text, query=""):
    """No marker in ``text`` beyond the echo of what was typed (the form, the links)."""
    if query:
        from urllib.parse import quote_plus

        for echo in (query, quote_plus(query)):
            text = text.replace(echo, "")
    for marker in CLOSED_MARKERS:
        assert marker.casefold() not in text.casefold(), marker


class TestClosedDoorMaterialNeverLeaks:
    @pytest.mark.parametrize("who", OUTSIDERS)
    def test_backend_gives_outsiders_no_hit_total_or_count(self, backend, archive, who):
        user = AnonymousUser() if who == "anonymous" else archive[who]
        for text in QUERIES:
            results = backend.search(Query(text=text, language="en"), user)
            assert results.total == 0, text
            assert results.hits == []
            assert all(
                value.count == 0 for values in results.facets.values() for value in values
            ), text
        # Browsing without words: the notes are not counted among the pages either.
        browsing = backend.search(Query(language="en"), user)
        kinds = {value.value: value.count for value in browsing.facets["type"]}
        assert "sessionnotespage" not in kinds
        assert browsing.total == sum(kinds.values())
        assert all("MARKER" not in hit.title for hit in browsing.hits)

    @pytest.mark.parametrize("who", OUTSIDERS)
    def test_search_page_shows_outsiders_nothing_closed(self, client, archive, who):
        login(client, archive, who)
        for text in QUERIES:
            response = client.get("/en/search/", {"q": text})
            assert response.status_code == 200
            assert_no_marker(body(response), text)
            assert response.context["results"].total == 0
        browsing = client.get("/en/search/", {"q": "migrant"})
        assert_no_marker(body(browsing))
        assert browsing.context["results"].total == 2

    @pytest.mark.parametrize("who", OUTSIDERS)
    def test_api_and_csv_give_outsiders_nothing_closed(self, client, archive, who):
        login(client, archive, who)
        for text in QUERIES:
            response = client.get("/api/v1/recommendations/", {"q": text})
            assert response.status_code == 200
            data = response.json()
            assert data["count"] == 0 and data["results"] == []
            assert all(
                value["count"] == 0 for values in data["facets"].values() for value in values
            )
            assert_no_marker(body(response), text)
            export = client.get("/api/v1/recommendations.csv", {"q": text})
            assert export.status_code == 200
            exported = body(export)
            assert_no_marker(exported, text)
            assert exported.strip().count("\n") == 0  # the header row only
        everything = body(client.get("/api/v1/recommendations.csv"))
        assert_no_marker(everything)
        assert everything.strip().count("\n") == 4

    def test_member_of_the_group_finds_their_closed_notes(self, client, backend, archive):
        results = backend.search(Query(text="markerclosed", language="en"), archive["member"])
        assert [hit.title for hit in results.hits] == ["MARKER-NOTES session"]
        assert results.total == 1
        response = login(client, archive, "member").get("/en/search/", {"q": "testimony"})
        assert "MARKER-NOTES session" in body(response)
        assert "private" in response["Cache-Control"]

    def test_draft_recommendations_stay_out_even_for_the_group(self, client, archive):
        response = login(client, archive, "member").get(
            "/api/v1/recommendations/", {"q": "MARKER-DRAFT-REC"}
        )
        assert response.json()["count"] == 0

    def test_closing_a_public_page_removes_it_from_everyone_but_readers(self, archive):
        from seminar_pages import access

        backend = get_backend("database")
        assert backend.search(Query(text="pdfonlyword", language="en"), AnonymousUser()).total == 1
        access.close_page(archive["paper"], working_group=archive["group_a"])
        for user in (AnonymousUser(), archive["other_member"], archive["translator"]):
            results = backend.search(Query(text="pdfonlyword", language="en"), user)
            assert results.total == 0 and results.hits == []
        assert (
            backend.search(Query(text="pdfonlyword", language="en"), archive["member"]).total == 1
        )

    def test_private_collection_pdf_text_is_never_indexed(self, archive):
        from django.core.files.base import ContentFile
        from wagtail.documents import get_document_model

        from search.models import ArchiveEntry
        from tests.search.conftest import make_pdf

        paper = archive["paper"]
        private = get_document_model().objects.create(
            title="Private",
            file=ContentFile(make_pdf("Secretpdfword"), name="private.pdf"),
            collection=access_collection(archive),
        )
        paper.document = private
        paper.save_revision().publish()
        assert not ArchiveEntry.objects.filter(search_text__contains="secretpdfword").exists()


def access_collection(archive):
    from seminar_pages import access

    return access.private_collection(archive["group_a"])
