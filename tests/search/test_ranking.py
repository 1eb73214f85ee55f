"""Ranking and counts: what a reader gets does not depend on material they may not see.

FTS5's ``bm25()`` and Elasticsearch's default BM25 weigh a match by statistics of the
whole index (how many rows there are, how long they are on average, how many contain
each term), closed rows included: the order of a reader's hits would then move when
closed material is added, and tell them something about it. These tests run on the
database backend (SQLite, or PostgreSQL when DATABASE_URL is set) and pin the
Elasticsearch body without a cluster.
"""

import os
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from search.backends import get_backend
from search.backends.elasticsearch import ElasticsearchBackend, index_body
from search.models import ArchiveEntry
from search.query import MAX_PAGE_SIZE, Query
from seminar_pages import access
from seminar_pages.factories import (
    BackgroundPaperPageFactory,
    EditionPageFactory,
    SessionNotesPageFactory,
)
from tests.search.conftest import make_pdf

pytestmark = pytest.mark.django_db

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")

READERS = ["anonymous", "other_member", "translator"]
# Single word, two words, a phrase, a prefix (the last word while typing), an OR.
QUERIES = [
    {"text": "migrant "},
    {"text": "workers "},
    {"text": "migrant workers "},
    {"text": '"migrant workers"'},
    {"text": "migr"},
    {"text": "workers OR migration "},
    {"text": "migrant ", "sort": "date"},
    {"text": "migrant workers ", "types": ("backgroundpaperpage",)},
]
FILLER = (
    "the seminar heard views on policy practice and the law of the region from many "
    "speakers who raised questions about reporting duties and remedies "
)


@pytest.fixture
def database(settings):
    settings.ARCHIVE_SEARCH = {**settings.ARCHIVE_SEARCH, "BACKEND": "database"}
    return get_backend("database")


def public_papers(edition):
    """Public papers whose order under bm25 moves with the corpus statistics.

    A short paper with one match against long ones with several (moves with the
    average length), one heavy in ``migrant`` against one heavy in ``workers`` (moves
    with the two words' rarity), and a paper that makes ``migrant`` the commoner word.
    """
    texts = {
        "short": "Migrant workers.",
        "many-migrant": FILLER * 3 + "migrant workers migrant migrant",
        "many-workers": FILLER * 3 + "workers workers migrant workers",
        "phrase": FILLER * 3 + "migrant workers, migrant workers and migrant workers",
        "migration": "Migration of migrants and migrant families.",
    }
    for slug, summary in texts.items():
        BackgroundPaperPageFactory(parent=edition, slug=f"paper-{slug}", summary=summary)


def reader(archive, who):
    """A fresh user object: no access answer remembered from an earlier search."""
    if who == "anonymous":
        return AnonymousUser()
    return get_user_model().objects.get(pk=archive[who].pk)


def seen(backend, archive):
    """Everything each outsider is shown: hits in order, total, every facet count."""
    shown = {}
    for who in READERS:
        for options in QUERIES:
            results = backend.search(
                Query(language="en", page_size=MAX_PAGE_SIZE, **options), reader(archive, who)
            )
            assert results.error is None
            shown[(who, repr(options))] = {
                "hits": [(hit.kind, hit.page_id, hit.identifier) for hit in results.hits],
                "total": results.total,
                "facets": {
                    name: [(value.value, value.count, value.selected) for value in values]
                    for name, values in results.facets.items()
                },
            }
    return shown


def add_closed_material(archive):
    """Closed notes, a closed paper with a private PDF, and many closed index rows."""
    group = archive["group_a"]
    words = "migrant workers migration " * 40
    SessionNotesPageFactory(
        parent=group,
        title="Closed session on migrant workers",
        slug="session-2",
        notes=[("paragraph", f"<p>{words}</p>")],
    )
    private = get_document_model().objects.create(
        title="Private minutes on migrant workers",
        file=ContentFile(make_pdf(words), name="minutes.pdf"),
        collection=access.private_collection(group),
    )
    paper = BackgroundPaperPageFactory(
        parent=group,
        title="Closed paper on migrant workers",
        slug="closed-paper",
        summary="workers " * 60,
        document=private,
    )
    access.close_page(paper, working_group=group)
    # Enough closed rows to make "workers" common and the average row long.
    notes = archive["notes"]
    stored = ArchiveEntry.objects.filter(page=notes).first()
    rows = []
    for number in range(300):
        text = ("workers " * 5 + "migrant workers " + FILLER * 8) if number % 3 else FILLER * 12
        rows.append(
            ArchiveEntry(
                kind="sessionnotespage",
                page=notes,
                language="en",
                translation_key=uuid.uuid4(),
                translated_into="|en|",
                title=f"Closed row {number}",
                url=notes.url,
                text=text,
                search_text=text.strip(),
                search_config=stored.search_config,
                edition_number=stored.edition_number,
                edition_year=stored.edition_year,
                working_group_number=stored.working_group_number,
                themes=["migration"],
                addressees=["governments"],
                date=stored.date,
            )
        )
    ArchiveEntry.objects.bulk_create(rows)


class TestClosedMaterialDoesNotMoveWhatReadersSee:
    def test_order_totals_and_facet_counts_are_unchanged_by_closed_material(
        self, database, archive
    ):
        public_papers(archive["edition"])
        before = seen(database, archive)
        rows_before = ArchiveEntry.objects.count()
        member_before = database.search(Query(text="workers ", language="en"), archive["member"])

        add_closed_material(archive)

        # The closed material is in the index, and its readers find it.
        assert ArchiveEntry.objects.count() >= rows_before + 302
        member = reader(archive, "member")
        member_after = database.search(Query(text="workers ", language="en"), member)
        assert member_after.total >= member_before.total + 200
        after = seen(database, archive)
        for key, shown in before.items():
            assert after[key] == shown, key

    def test_outsiders_hits_are_exactly_their_readable_matches(self, database, archive):
        public_papers(archive["edition"])
        add_closed_material(archive)
        for who in READERS:
            user = reader(archive, who)
            results = database.search(
                Query(text="workers ", language="en", page_size=MAX_PAGE_SIZE), user
            )
            readable = set(access.visible_pages(user).values_list("pk", flat=True))
            expected = ArchiveEntry.objects.filter(
                page_id__in=readable, language="en", search_text__contains="workers"
            ).count()
            assert results.total == len(results.hits) == expected, who
            type_counts = {value.value: value.count for value in results.facets["type"]}
            assert sum(type_counts.values()) == expected
            assert "sessionnotespage" not in type_counts


class TestRelevance:
    def test_a_row_with_more_matches_ranks_above_one_with_fewer(self, database, archive):
        edition = archive["edition"]
        # Created first: the tie-breaker (newest row first) would put it last.
        BackgroundPaperPageFactory(
            parent=edition, slug="many", summary="Migrant workers, migrant families, migrant."
        )
        BackgroundPaperPageFactory(
            parent=edition, slug="one", summary="Workers and families, the migrant view."
        )
        results = database.search(
            Query(text="migrant ", language="en", types=("backgroundpaperpage",)), AnonymousUser()
        )
        pages = [hit.page_id for hit in results.hits]
        many = edition.get_children().get(slug="many").pk
        one = edition.get_children().get(slug="one").pk
        assert pages == [many, one]

    @pytest.mark.skipif(ON_POSTGRES, reason="ts_rank without normalisation ignores length")
    def test_a_shorter_row_with_as_many_matches_ranks_first(self, database, archive):
        edition = archive["edition"]
        BackgroundPaperPageFactory(parent=edition, slug="long", summary=FILLER * 4 + "migrant")
        BackgroundPaperPageFactory(parent=edition, slug="short", summary="A migrant.")
        # Created last: the tie-breaker alone would put it first.
        BackgroundPaperPageFactory(parent=edition, slug="longer", summary=FILLER * 8 + "migrant")
        results = database.search(
            Query(text="migrant ", language="en", types=("backgroundpaperpage",)), AnonymousUser()
        )
        slugs = dict(edition.get_children().values_list("pk", "slug"))
        assert [slugs[hit.page_id] for hit in results.hits] == ["short", "long", "longer"]

    def test_equal_scores_are_ordered_newest_edition_first(self, database, archive):
        edition = archive["edition"]
        older = EditionPageFactory(parent=edition.get_parent(), number=5, year=2001, slug="5")
        # The older edition's paper is indexed last: only the date puts it second.
        BackgroundPaperPageFactory(parent=edition, slug="new", summary="Migrant workers.")
        BackgroundPaperPageFactory(parent=older, slug="old", summary="Migrant workers.")
        results = database.search(
            Query(text="migrant workers ", language="en", types=("backgroundpaperpage",)),
            AnonymousUser(),
        )
        assert [hit.edition_year for hit in results.hits] == [2025, 2001]


class TestElasticsearchScoresWithoutCorpusStatistics:
    def test_text_fields_use_a_similarity_of_the_document_alone(self, settings):
        settings.WAGTAIL_CONTENT_LANGUAGES = [("en", "English"), ("fr", "French")]
        body = index_body()
        similarities = body["settings"]["similarity"]
        properties = body["mappings"]["properties"]
        for name, similarity in similarities.items():
            assert similarity["type"] == "scripted", name
            source = similarity["script"]["source"]
            # Only the query's boost and the document's own frequency and length.
            assert "doc.freq" in source and "doc.length" in source
            assert "field." not in source and "term." not in source
            assert "weight_script" not in similarity
        # No searched text field falls back to the default (BM25) similarity.
        searched = [
            name
            for name, field in properties.items()
            if field["type"] == "text" and field.get("index", True)
        ]
        assert searched == ["search_en", "search_fr"]
        assert all(properties[name]["similarity"] in similarities for name in searched)

    def test_ties_are_broken_by_stored_fields_not_index_order(self, archive):
        backend = ElasticsearchBackend(url="http://127.0.0.1:9", index="archive")
        relevance = backend.faceted_search(Query(text="rights", language="en"), AnonymousUser())
        by_date = backend.faceted_search(
            Query(text="rights", language="en", sort="date"), AnonymousUser()
        )
        tie_breakers = [
            {"page_id": {"order": "desc"}},
            {"recommendation_id": {"order": "desc", "missing": "_last"}},
        ]
        date = {"date": {"order": "desc", "missing": "_last"}}
        # Recommendations first: a script on the document's own kind, no corpus statistic.
        kind = relevance._s.to_dict()["sort"][0]["_script"]
        assert "doc['kind']" in kind["script"]["source"] and kind["order"] == "asc"
        assert relevance._s.to_dict()["sort"][1:] == ["_score", date, *tie_breakers]
        assert by_date._s.to_dict()["sort"][1:] == [date, "_score", *tie_breakers]
        plain = backend.faceted_search(
            Query(text="rights", language="en", recommendations_first=False), AnonymousUser()
        )
        assert plain._s.to_dict()["sort"] == ["_score", date, *tie_breakers]
