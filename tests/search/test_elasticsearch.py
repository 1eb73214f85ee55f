"""The Elasticsearch backend without a cluster: its mapping, request bodies and outages.

The same contract as the database backend runs against a real cluster in
test_search.py and test_security.py when ELASTICSEARCH_URL is set.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from search.backends.elasticsearch import RECOMMENDATIONS_FIRST, ElasticsearchBackend, index_body
from search.query import Query, SearchUnavailable

pytestmark = pytest.mark.django_db


def test_mapping_has_a_language_analyser_per_content_language(settings):
    settings.WAGTAIL_CONTENT_LANGUAGES = [
        ("en", "English"),
        ("fr", "French"),
        ("zh-hans", "Chinese"),
        ("th", "Thai"),
        ("mn", "Mongolian"),
    ]
    body = index_body()
    properties = body["mappings"]["properties"]
    assert {
        name: field["analyzer"] for name, field in properties.items() if "analyzer" in field
    } == {
        "search_en": "english",
        "search_fr": "french",
        "search_zh_hans": "cjk",
        "search_th": "thai",
        "search_mn": "standard",
    }
    assert body["mappings"]["dynamic"] == "strict"
    for keyword in ("kind", "language", "level", "themes", "addressees", "path", "translated_into"):
        assert properties[keyword] == {"type": "keyword"}
    assert properties["edition_number"] == {"type": "integer"}
    assert properties["date"] == {"type": "date"}


def test_query_body_for_a_representative_search(settings, archive):
    settings.WAGTAIL_CONTENT_LANGUAGES = [("en", "English"), ("fr", "French")]
    backend = ElasticsearchBackend(url="http://127.0.0.1:9", index="archive")
    query = Query(
        text='rights "action plans" -tax migra',
        language="fr",
        levels=("regional",),
        themes=("migration",),
        year_from=2000,
        page=2,
        page_size=10,
    )
    body = backend.faceted_search(query, AnonymousUser())._s.to_dict()
    notes_path = archive["notes"].path
    fields = ["search_fr", "search_en"]

    def phrase(text, kind="phrase"):
        return {"multi_match": {"query": text, "fields": fields, "type": kind}}

    assert body["query"] == {
        "bool": {
            "filter": [
                {"bool": {"must_not": [{"prefix": {"path": notes_path}}]}},
                {
                    "bool": {
                        "should": [
                            {"term": {"language": "fr"}},
                            {
                                "bool": {
                                    "filter": [{"term": {"language": "en"}}],
                                    "must_not": [{"term": {"translated_into": "fr"}}],
                                }
                            },
                        ],
                        "minimum_should_match": 1,
                    }
                },
                {"range": {"edition_year": {"gte": 2000}}},
            ],
            "must": [phrase("rights"), phrase("action plans"), phrase("migra", "phrase_prefix")],
            "must_not": [phrase("tax")],
        }
    }
    level, theme = {"terms": {"level": ["regional"]}}, {"terms": {"themes": ["migration"]}}
    assert body["post_filter"] == {"bool": {"must": [theme, level]}}
    # Facets: each counts with the other facets' filters, not its own (FacetedSearch).
    aggregations = body["aggs"]
    assert set(aggregations) == {
        f"_filter_{name}" for name in ("edition", "theme", "addressee", "level", "type", "language")
    }
    assert aggregations["_filter_level"]["filter"] == theme
    assert aggregations["_filter_theme"]["filter"] == level
    assert aggregations["_filter_edition"]["filter"] == {"bool": {"must": [theme, level]}}
    assert aggregations["_filter_level"]["aggs"]["level"] == {
        "terms": {"field": "level", "size": 500, "min_doc_count": 1}
    }
    assert body["sort"] == [
        RECOMMENDATIONS_FIRST,
        "_score",
        {"date": {"order": "desc", "missing": "_last"}},
        {"page_id": {"order": "desc"}},
        {"recommendation_id": {"order": "desc", "missing": "_last"}},
    ]
    assert (body["from"], body["size"]) == (10, 10)
    assert body["track_total_hits"] is True
    assert body["_source"] == {"excludes": ["search_*"]}


def test_member_of_the_group_is_not_denied_their_notes(settings, archive):
    backend = ElasticsearchBackend(url="http://127.0.0.1:9", index="archive")
    body = backend.faceted_search(
        Query(text="notes", language="en"), archive["member"]
    )._s.to_dict()
    assert body["query"]["bool"]["filter"][0] == {"bool": {}}
    outsider = backend.faceted_search(Query(text="notes", language="en"), archive["other_member"])
    assert outsider._s.to_dict()["query"]["bool"]["filter"][0] == {
        "bool": {"must_not": [{"prefix": {"path": archive["notes"].path}}]}
    }


def test_an_outage_raises_search_unavailable(archive):
    backend = ElasticsearchBackend(url="http://127.0.0.1:9", index="archive")
    backend.timeout = 1
    with pytest.raises(SearchUnavailable):
        backend.search(Query(text="rights", language="en"), AnonymousUser())
    with pytest.raises(SearchUnavailable):
        backend.check()


def test_search_page_shows_a_clear_message_when_elasticsearch_is_down(client, archive, settings):
    settings.ARCHIVE_SEARCH = {
        **settings.ARCHIVE_SEARCH,
        "BACKEND": "elasticsearch",
        "ELASTICSEARCH_URL": "http://127.0.0.1:9",
        "ELASTICSEARCH_TIMEOUT": 1,
    }
    response = client.get("/en/search/", {"q": "rights"})
    assert response.status_code == 503
    assert "unavailable" in response.content.decode()
    api = client.get("/api/v1/recommendations/", {"q": "rights"})
    assert api.status_code == 503 and "unavailable" in api.json()["error"]


def test_index_writes_wait_for_commit_and_failures_are_logged(archive, settings, caplog):
    from django.db import transaction

    from search import indexing
    from search.events import archive_index_changed

    settings.ARCHIVE_SEARCH = {
        **settings.ARCHIVE_SEARCH,
        "BACKEND": "elasticsearch",
        "ELASTICSEARCH_URL": "http://127.0.0.1:9",
        "ELASTICSEARCH_TIMEOUT": 1,
    }
    callbacks = []
    original = transaction.on_commit
    transaction.on_commit = callbacks.append
    try:
        indexing.reindex_pages([archive["report"]])
    finally:
        transaction.on_commit = original
    # Nothing sent to Elasticsearch before the commit, nor announced before that write.
    assert len(callbacks) == 2
    events = []

    def received(sender, page_ids, **kwargs):
        events.append(("announced", "run rebuild_archive_index" in caplog.text))

    archive_index_changed.connect(received)
    try:
        for callback in callbacks:
            callback()
    finally:
        archive_index_changed.disconnect(received)
    assert "run rebuild_archive_index" in caplog.text
    assert events == [("announced", True)]
