"""The Elasticsearch 8 backend, through ``elasticsearch.dsl`` and its ``FacetedSearch``.

One index; each language's folded text goes to its own field (``search_fr``...) analysed
with that language's analyser, so stemming follows the document's language. Access: each
document carries its page's tree path, and a search excludes the path prefixes the user
may not read (``access.denied_section_paths``), the same rules as ``visible_pages``, so
that closing a section takes effect without reindexing. Hits are checked once more
against the database, so a document left behind by a failed write is never shown.
Snippets are built from the stored text in Python, as for the database backend, rather
than by Elasticsearch's highlighter, so that both backends mark the same words.
"""

import logging

from django.conf import settings
from elasticsearch import Elasticsearch
from elasticsearch import exceptions as es_exceptions
from elasticsearch.dsl import FacetedSearch, Q, Search, TermsFacet
from elasticsearch.helpers import BulkIndexError, bulk

from search import languages, similarity
from search.backends.base import (
    REFERENCE_LENGTH,
    RELEVANCE_B,
    RELEVANCE_K1,
    SearchBackend,
    build_facets,
    build_hit,
    refused,
    theme_labels,
)
from search.query import Results, SearchUnavailable

logger = logging.getLogger(__name__)

UNREACHABLE = (
    es_exceptions.ConnectionError,
    es_exceptions.ConnectionTimeout,
    es_exceptions.TransportError,
    es_exceptions.ApiError,
    BulkIndexError,
)

FACET_FIELDS = {
    "edition": "edition_number",
    "theme": "themes",
    "addressee": "addressees",
    "level": "level",
    "type": "kind",
    "language": "language",
}


def text_field(code):
    return "search_" + code.lower().replace("-", "_")


# Scoring: the default BM25 similarity weighs a match by statistics of the whole shard
# (document count, average field length, documents per term), documents the reader may
# not see included, so the order of visible hits would move with closed material. This
# similarity reads only the query's boost and the document's own term (or phrase)
# frequency and field length (``base.RELEVANCE_K1``...), never ``field.*`` or ``term.*``.
# A field's similarity is fixed when its index is created: an index built before this
# needs ``manage.py rebuild_archive_index``.
SIMILARITY = "archive_document_only"
_K1, _B, _LENGTH = RELEVANCE_K1, RELEVANCE_B, float(REFERENCE_LENGTH)
SIMILARITY_SCRIPT = (
    "double freq = doc.freq; "
    f"double norm = {_K1} * ({1 - _B} + {_B} * doc.length / {_LENGTH}); "
    f"return query.boost * freq * {_K1 + 1} / (freq + norm);"
)


def index_body():
    """Settings and mappings of the archive index: one analysed text field per language."""
    properties = {
        "kind": {"type": "keyword"},
        "page_id": {"type": "long"},
        "recommendation_id": {"type": "long"},
        "language": {"type": "keyword"},
        "translation_key": {"type": "keyword"},
        "translated_into": {"type": "keyword"},
        "path": {"type": "keyword"},
        "title": {"type": "keyword", "index": False},
        "identifier": {"type": "keyword"},
        "url": {"type": "keyword", "index": False},
        "text": {"type": "text", "index": False},
        "edition_number": {"type": "integer"},
        "edition_year": {"type": "integer"},
        "edition_title": {"type": "keyword", "index": False},
        "working_group_number": {"type": "integer"},
        "working_group_title": {"type": "keyword", "index": False},
        "level": {"type": "keyword"},
        "themes": {"type": "keyword"},
        "addressees": {"type": "keyword"},
        "date": {"type": "date"},
    }
    for code in languages.language_codes():
        properties[text_field(code)] = {
            "type": "text",
            "analyzer": languages.elasticsearch_analyser(code),
            "similarity": SIMILARITY,
        }
    return {
        "settings": {
            "number_of_shards": 1,
            "similarity": {
                SIMILARITY: {"type": "scripted", "script": {"source": SIMILARITY_SCRIPT}}
            },
        },
        "mappings": {"dynamic": "strict", "properties": properties},
    }


def text_query(parsed, codes):
    """The ``bool`` query of a parsed query over the text fields of these languages."""
    fields = [text_field(code) for code in codes]

    def term(item):
        return Q(
            "multi_match",
            query=" ".join(item.tokens),
            fields=fields,
            type="phrase_prefix" if item.prefix else "phrase",
        )

    def clause(item):
        if len(item.alternatives) == 1:
            return term(item.alternatives[0])
        return Q("bool", should=[term(alt) for alt in item.alternatives], minimum_should_match=1)

    return Q(
        "bool",
        must=[clause(item) for item in parsed.positive],
        must_not=[clause(item) for item in parsed.negative],
    )


def access_filter(user):
    """Documents outside every section ``user`` may not read."""
    from seminar_pages import access

    denied = access.denied_section_paths(user)
    return Q("bool", must_not=[Q("prefix", path=path) for path in sorted(denied)])


def language_filter(query):
    """The search language, and the fallback language where no translation exists."""
    if not query.fallback_language:
        return Q("term", language=query.language)
    return Q(
        "bool",
        should=[
            Q("term", language=query.language),
            Q(
                "bool",
                filter=[Q("term", language=query.fallback_language)],
                must_not=[Q("term", translated_into=query.language)],
            ),
        ],
        minimum_should_match=1,
    )


# Recommendations before other material (``Query.recommendations_first``), read from the
# document's own kind: the order stays independent of other documents.
RECOMMENDATIONS_FIRST = {
    "_script": {
        "type": "number",
        "order": "asc",
        "script": {
            "lang": "painless",
            "source": "doc['kind'].size() > 0 && doc['kind'].value == 'recommendation' ? 0 : 1",
        },
    }
}
TIE_BREAKERS = [
    {"page_id": {"order": "desc"}},
    {"recommendation_id": {"order": "desc", "missing": "_last"}},
]


class ArchiveFacetedSearch(FacetedSearch):
    facets = {
        name: TermsFacet(field=field, size=500, min_doc_count=1)
        for name, field in FACET_FIELDS.items()
    }

    def __init__(self, client, index, query, user):
        self.client, self.index_name, self.archive_query, self.user = client, index, query, user
        if query.sort == "date" or not query.has_text:
            sort = [{"date": {"order": "desc", "missing": "_last"}}, "_score"]
        else:
            sort = ["_score", {"date": {"order": "desc", "missing": "_last"}}]
        # Equal scores and dates: stored fields decide, not the order of documents in the
        # index (which segment merges, and so other documents' writes, change).
        sort += TIE_BREAKERS
        if query.recommendations_first:
            sort.insert(0, RECOMMENDATIONS_FIRST)
        filters = {name: list(values) for name, values in query.active_filters().items()}
        super().__init__(query=query.text or None, filters=filters, sort=sort)

    def search(self):
        query = self.archive_query
        search = Search(using=self.client, index=self.index_name)
        search = search.filter(access_filter(self.user)).filter(language_filter(query))
        if query.year_from is not None or query.year_to is not None:
            bounds = {}
            if query.year_from is not None:
                bounds["gte"] = query.year_from
            if query.year_to is not None:
                bounds["lte"] = query.year_to
            search = search.filter("range", edition_year=bounds)
        return search.source(excludes=["search_*"]).extra(track_total_hits=True)

    def query(self, search, query):
        parsed = self.archive_query.parsed
        if parsed.is_empty:
            return search
        return search.query(text_query(parsed, self.archive_query.searched_languages))

    def build_search(self):
        search = super().build_search()
        start = self.archive_query.offset
        return search[start : start + self.archive_query.page_size]


def _source(document):
    return {
        "kind": document.kind,
        "page_id": document.page_id,
        "recommendation_id": document.recommendation_id,
        "language": document.language,
        "translation_key": document.translation_key,
        "translated_into": document.translated_into,
        "path": document.path,
        "title": document.title,
        "identifier": document.identifier,
        "url": document.url,
        "text": document.text[:20_000],
        "edition_number": document.edition_number,
        "edition_year": document.edition_year,
        "edition_title": document.edition_title,
        "working_group_number": document.working_group_number,
        "working_group_title": document.working_group_title,
        "level": document.level,
        "themes": document.themes,
        "addressees": document.addressees,
        "date": document.date.isoformat() if document.date else None,
        text_field(document.language): document.search_text,
    }


# Similar recommendations: more_like_this over the source's language field. The source's
# significant terms are given as its text, and max_query_terms takes them all, so that
# the terms asked for do not depend on how many documents hold each (hidden ones
# included); the field's similarity scores from the document alone, as for searches.
# The hits are weighed in Python as on SQLite (``similarity.term_similarity``).


def similar_body(source, denied_paths):
    """The search body of the candidates of one ``similarity.Source``."""
    return {
        "query": {
            "bool": {
                "must": [
                    {
                        "more_like_this": {
                            "fields": [text_field(source.language)],
                            "like": " ".join(source.terms),
                            "min_term_freq": 1,
                            "min_doc_freq": 1,
                            "max_query_terms": similarity.MAX_TERMS,
                            "minimum_should_match": 1,
                        }
                    }
                ],
                "filter": [
                    {"term": {"kind": "recommendation"}},
                    {"term": {"language": source.language}},
                    {"range": {"edition_number": {"lt": source.edition_number}}},
                    {"bool": {"must_not": [{"prefix": {"path": path}} for path in denied_paths]}},
                ],
                "must_not": [{"term": {"translation_key": source.key}}],
            }
        },
        "sort": ["_score", {"edition_number": {"order": "desc"}}, {"identifier": {"order": "asc"}}],
        "size": similarity.MAX_CANDIDATES,
        "_source": [
            "page_id",
            "translation_key",
            "identifier",
            "edition_number",
            "edition_year",
            "themes",
            "text",
            "url",
        ],
    }


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url=None, index=None):
        options = getattr(settings, "ARCHIVE_SEARCH", {})
        self.url = url or options.get("ELASTICSEARCH_URL") or settings.ELASTICSEARCH_URL
        self.index = index or options.get("ELASTICSEARCH_INDEX", "asem-archive")
        self.timeout = options.get("ELASTICSEARCH_TIMEOUT", 5)
        self._client = None

    @property
    def client(self):
        if self._client is None:
            self._client = Elasticsearch(self.url, request_timeout=self.timeout)
        return self._client

    def faceted_search(self, query, user):
        return ArchiveFacetedSearch(self.client, self.index, query, user)

    def search(self, query, user):
        from seminar_pages import access
        from seminar_pages.models import EditionPage

        if query.parsed.error:
            return refused(query, query.parsed.error)
        try:
            response = self.faceted_search(query, user).execute()
        except UNREACHABLE as error:
            raise SearchUnavailable(str(error)) from error
        records = [hit.to_dict() for hit in response.hits]
        # A document whose removal failed (an outage) is never shown.
        readable = set(
            access.visible_pages(user)
            .filter(pk__in=[record["page_id"] for record in records])
            .values_list("pk", flat=True)
        )
        records = [record for record in records if record["page_id"] in readable]
        counts = {}
        if query.with_facets:
            for name in FACET_FIELDS:
                counts[name] = {
                    str(value): count for value, count, _selected in response.facets[name]
                }
        slugs = set(counts.get("theme", {})) | set(query.themes)
        for record in records:
            slugs |= set(record.get("themes") or [])
        names = theme_labels(slugs)
        years = dict(
            EditionPage.objects.filter(number__in=[int(n) for n in counts.get("edition", {})])
            .values_list("number", "year")
            .distinct()
        )
        hits = [
            build_hit(
                query, record, record.get("themes") or [], record.get("addressees") or [], names
            )
            for record in records
        ]
        facets = (
            build_facets(query, counts, {str(k): v for k, v in years.items()}, names)
            if query.with_facets
            else {}
        )
        return Results(query=query, hits=hits, total=response.hits.total.value, facets=facets)

    def similar_candidates(self, sources, comparable):
        if not sources:
            return {}
        searches = []
        for source in sources:
            searches += [{"index": self.index}, similar_body(source, comparable.denied_paths)]
        try:
            response = self.client.msearch(searches=searches)
        except UNREACHABLE as error:
            raise SearchUnavailable(str(error)) from error
        answers = list(zip(sources, response["responses"], strict=True))
        failed = [answer["error"] for _source, answer in answers if "error" in answer]
        if failed:
            raise SearchUnavailable(str(failed[0]))
        records = [
            (source, hit["_source"])
            for source, answer in answers
            for hit in answer.get("hits", {}).get("hits", [])
        ]
        # A document whose removal failed (an outage) is never counted.
        readable = set(
            comparable.pages.filter(
                pk__in={record["page_id"] for _source, record in records}
            ).values_list("pk", flat=True)
        )
        found = {}
        for source, record in records:
            if record["page_id"] not in readable:
                continue
            text_similarity = similarity.term_similarity(
                source.terms, similarity.significant_terms(record.get("text") or "")
            )
            if text_similarity < similarity.TERM_THRESHOLD:
                continue
            found.setdefault(source.key, []).append(
                similarity.Candidate(
                    key=similarity.canonical_key(record["translation_key"]),
                    identifier=record.get("identifier") or "",
                    edition_number=record["edition_number"],
                    text_similarity=text_similarity,
                    themes=tuple(record.get("themes") or ()),
                    language=source.language,
                    url=record.get("url") or "",
                    text=record.get("text") or "",
                    edition_year=record.get("edition_year"),
                )
            )
        return found

    # Writing -----------------------------------------------------------------------

    def check(self):
        try:
            self.client.info()
        except UNREACHABLE as error:
            raise SearchUnavailable(
                f"Elasticsearch at {self.url} is unreachable ({error})"
            ) from error

    def ensure_index(self):
        if not self.client.indices.exists(index=self.index):
            self.client.indices.create(index=self.index, **index_body())

    def add(self, documents):
        self.ensure_index()
        actions = (
            {"_index": self.index, "_id": document.key, "_source": _source(document)}
            for document in documents
        )
        bulk(self.client, actions, refresh="wait_for")

    def replace_pages(self, page_ids, documents):
        self.ensure_index()
        self.client.delete_by_query(
            index=self.index,
            query={"terms": {"page_id": list(page_ids)}},
            refresh=True,
            conflicts="proceed",
        )
        self.add(documents)

    def clear(self):
        self.client.indices.delete(index=self.index, ignore_unavailable=True)
        self.ensure_index()

    def count(self):
        return self.client.count(index=self.index)["count"]
