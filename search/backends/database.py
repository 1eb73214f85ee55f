"""The database backend: PostgreSQL full text (stemming per language) or SQLite FTS5.

One SQL statement answers a search: a common table expression holds the documents that
match the text, the language, the year range and the access policy (in SQL, through
``access.visible_pages``), with one flag per selected facet (a row failing two selections
counts nowhere and is left out); the same statement then counts the values of every facet
(each ignoring its own selection), the total, and picks the page of hits. On PostgreSQL
the counts and the total come from one aggregate (``GROUPING SETS``) over the matches.
The hits' fields come with them, as one JSON object per hit.

The SQL is assembled from fixed fragments and placeholders only: every value a user gives
goes in as a parameter.
"""

# ruff: noqa: S608

import datetime
import json
import uuid

from django.db import DatabaseError, connection, transaction

from search import languages, similarity
from search.backends.base import (
    REFERENCE_LENGTH,
    RELEVANCE_B,
    RELEVANCE_K1,
    TEXT_SEARCH_UNSUPPORTED,
    SearchBackend,
    build_facets,
    build_hit,
    refused,
    theme_labels,
)
from search.models import ArchiveEntry
from search.query import FACETS, Results, SearchUnavailable
from search.text import index_text

ENTRY = ArchiveEntry._meta.db_table
FTS = "archive_search_fts"
BATCH = 1000
# PostgreSQL types a bare NULL in a subquery as text, which a UNION cannot match.
NULL_INT = "CAST(NULL AS INTEGER)"
NULL_FLOAT = "CAST(NULL AS FLOAT)"
# The distinct lists of themes and of addressees, numbered on PostgreSQL (migration 0005).
FACET_LISTS = "archive_search_facetlist"
# The fields of an entry that a hit is built from, read in the search's own statement.
HIT_FIELDS = (
    "kind",
    "page_id",
    "language",
    "title",
    "identifier",
    "url",
    "text",
    "edition_number",
    "edition_year",
    "edition_title",
    "working_group_number",
    "working_group_title",
    "level",
    "themes",
    "addressees",
    "date",
)


# Query compilation -------------------------------------------------------------------


def tsquery(parsed):
    """PostgreSQL ``to_tsquery`` text for a parsed query (tokens are letters and digits)."""

    def term(item):
        tokens = [f"'{token}'" for token in item.tokens]
        if item.prefix:
            tokens[-1] += ":*"
        return tokens[0] if len(tokens) == 1 else "(" + " <-> ".join(tokens) + ")"

    parts = []
    for clause in parsed.clauses:
        alternatives = " | ".join(term(item) for item in clause.alternatives)
        parts.append(("!" if clause.negated else "") + f"({alternatives})")
    return " & ".join(parts)


def fts5_query(parsed):
    """SQLite FTS5 MATCH text for a parsed query (FTS5's NOT is binary, so it comes last)."""

    def term(item):
        phrase = '"' + " ".join(item.tokens) + '"'
        return phrase + " *" if item.prefix else phrase

    def clause(item):
        return "(" + " OR ".join(term(alternative) for alternative in item.alternatives) + ")"

    expression = " AND ".join(clause(item) for item in parsed.positive)
    for item in parsed.negative:
        expression = f"({expression}) NOT {clause(item)}"
    return expression


# Relevance on SQLite ------------------------------------------------------------------
#
# FTS5's bm25() weighs a match by statistics of the whole table (how many rows, their
# average length, how many rows hold each term), rows the reader may not see included:
# the order of visible hits would then depend on hidden ones. The score here is computed
# from the row alone (``base.RELEVANCE_K1``...): highlight() marks every instance of a
# matched query phrase (a word, a phrase, a prefix) in the row's text with MARK, and the
# number of marks and the row's length in tokens make the score. PostgreSQL's ts_rank,
# without a normalisation option as used here, reads only the row's own tsvector.
#
# Index tokens are letters, digits and pairs of unsegmented scripts, joined by spaces:
# a control character never occurs in them.
MARK = "char(1)"


def sqlite_source():
    """The FROM clause of a text search on SQLite: entries joined to their FTS5 matches.

    The subqueries carry ``LIMIT -1`` so that SQLite does not flatten them into the
    statement: highlight() then runs once per matching row, and the counts that come from
    its text are computed once rather than at every mention.
    """
    marked = f"highlight({FTS}, 0, {MARK}, '')"
    return (
        f"{ENTRY} e JOIN (SELECT entry_id, "
        f"length(marked) - length(replace(marked, {MARK}, '')) AS matches, "
        "length(marked) - length(replace(marked, ' ', '')) + 1 AS tokens "
        f"FROM (SELECT rowid AS entry_id, {marked} AS marked FROM {FTS} "
        f"WHERE {FTS} MATCH %s LIMIT -1) LIMIT -1) f ON f.entry_id = e.id"
    )


def sqlite_rank(alias):
    """The relevance of a row of ``sqlite_source`` (higher is better), from the row alone."""
    matches, tokens = f"{alias}.matches", f"{alias}.tokens"
    k1, b = RELEVANCE_K1, RELEVANCE_B
    return (
        f"({matches} * {k1 + 1} / ({matches} + {k1} * "
        f"({1 - b} + {b} * {tokens} / {float(REFERENCE_LENGTH)})))"
    )


def _placeholders(values):
    return ", ".join(["%s"] * len(values))


# Facets held in JSON list columns: how SQLite spreads a list into rows.
JSON_VALUES = {
    "sqlite": "json_each({column}) AS v",
}
LIST_COLUMNS = {"theme": "themes", "addressee": "addressees"}


def _facet_condition(name, values, vendor):
    """SQL (and params) true when entry ``e`` has one of ``values`` for facet ``name``."""
    values = [str(value) for value in values]
    if name in LIST_COLUMNS:
        column = f"e.{LIST_COLUMNS[name]}"
        if vendor == "postgresql":
            return f"{column} ?| %s", [values]
        spread = JSON_VALUES[vendor].format(column=column)
        return (
            f"EXISTS (SELECT 1 FROM {spread} WHERE v.value IN ({_placeholders(values)}))",
            values,
        )
    if name == "edition":
        return f"e.edition_number IN ({_placeholders(values)})", [int(value) for value in values]
    column = {"level": "e.level", "type": "e.kind", "language": "e.language"}[name]
    return f"{column} IN ({_placeholders(values)})", values


class SearchStatement:
    """The SQL of one search, built from a ``Query`` and the user's access filter."""

    def __init__(self, query, user, vendor):
        self.query = query
        self.user = user
        self.vendor = vendor
        # The hits' fields travel as one JSON object (``HIT_FIELDS``), NULL on other rows.
        self.null_payload = "CAST(NULL AS JSON)" if vendor == "postgresql" else "NULL"

    def _payload(self, alias):
        """A JSON object of the ``HIT_FIELDS`` of entry ``alias``."""
        pairs = []
        for name in HIT_FIELDS:
            column = f"{alias}.{name}"
            if name in LIST_COLUMNS.values() and self.vendor == "sqlite":
                column = f"json({column})"
            pairs.append(f"'{name}', {column}")
        function = "json_build_object" if self.vendor == "postgresql" else "json_object"
        return f"{function}({', '.join(pairs)})"

    def _text(self):
        """(FROM clause, WHERE parts, params, rank expression, rank params)."""
        query, parsed = self.query, self.query.parsed
        if not query.has_text:
            return f"{ENTRY} e", [], [], "0", []
        if self.vendor == "postgresql":
            text = tsquery(parsed)
            matches, params, ranks, rank_params = [], [], [], []
            for code in query.searched_languages:
                config = languages.postgres_config(code)
                condition = "e.language = %s AND e.search_vector @@ to_tsquery(%s::regconfig, %s)"
                matches.append(f"({condition})")
                params += [code, config, text]
                ranks.append(
                    "WHEN e.language = %s THEN ts_rank(e.search_vector, "
                    "to_tsquery(%s::regconfig, %s))"
                )
                rank_params += [code, config, text]
            rank = "CASE " + " ".join(ranks) + " ELSE 0 END"
            return f"{ENTRY} e", ["(" + " OR ".join(matches) + ")"], params, rank, rank_params
        return sqlite_source(), [], [fts5_query(parsed)], sqlite_rank("f"), []

    def _postgres_facets(self, passing):
        """Every facet count and the total on PostgreSQL, from one pass over the matches.

        One aggregate groups the matches three ways (``GROUPING SETS``): by the
        combination of their single-valued facets (type, language, level, edition, whose
        few combinations are then summed per facet), by the number of their list of themes
        and by that of their list of addressees (the matches share few distinct lists,
        which are then read from ``FACET_LISTS`` and spread into values). Each facet's
        count ignores its own selection through a ``FILTER``; facets whose condition is
        the same share one count.
        """
        scalar = {
            "type": "m.kind",
            "language": "m.language",
            "level": "m.level",
            "edition": "m.edition_number",
        }
        conditions = {"_total": passing()}
        conditions.update({name: passing(ignoring=name) for name in FACETS})
        aliases = {}
        for condition in conditions.values():
            aliases.setdefault(condition, f"c_{len(aliases)}")
        count = {name: aliases[condition] for name, condition in conditions.items()}
        columns = [
            "GROUPING(m.kind) AS g_scalar",
            "GROUPING(m.themes) AS g_theme",
            "GROUPING(m.addressees) AS g_addressee",
            *(f"{column} AS v_{name}" for name, column in scalar.items()),
            "m.edition_year AS v_edition_year",
            "m.themes AS v_theme",
            "m.addressees AS v_addressee",
            *(
                f"COUNT(*) FILTER (WHERE {condition}) AS {alias}"
                for condition, alias in aliases.items()
            ),
        ]
        sets = f"({', '.join(scalar.values())}, m.edition_year), (m.themes), (m.addressees)"
        grouping = f"SELECT {', '.join(columns)} FROM m GROUP BY GROUPING SETS ({sets})"
        selects = []
        for name in FACETS:
            total = f"SUM(f.{count[name]})"
            if name in LIST_COLUMNS:
                sql = (
                    f"SELECT %s, v.value, CAST(SUM(f.{count[name]}) AS BIGINT), {NULL_INT}, "
                    f"{NULL_FLOAT}, {self.null_payload} FROM f JOIN {FACET_LISTS} l "
                    f"ON l.id = f.v_{name} CROSS JOIN LATERAL (SELECT DISTINCT value FROM "
                    'jsonb_array_elements_text(l."values")) AS v(value) '
                    f"WHERE f.g_{name} = 0 AND f.{count[name]} > 0 GROUP BY v.value"
                )
            elif name == "edition":
                sql = (
                    f"SELECT %s, CAST(f.v_edition AS VARCHAR(8)), CAST({total} AS BIGINT), "
                    f"CAST(MAX(f.v_edition_year) FILTER (WHERE f.{count[name]} > 0) AS INTEGER), "
                    f"{NULL_FLOAT}, {self.null_payload} FROM f WHERE f.g_scalar = 0 "
                    "AND f.v_edition IS NOT NULL "
                    f"GROUP BY f.v_edition HAVING {total} > 0"
                )
            else:
                sql = (
                    f"SELECT %s, CAST(f.v_{name} AS VARCHAR(255)), CAST({total} AS BIGINT), "
                    f"{NULL_INT}, {NULL_FLOAT}, {self.null_payload} FROM f "
                    f"WHERE f.g_scalar = 0 AND f.v_{name} <> '' "
                    f"GROUP BY f.v_{name} HAVING {total} > 0"
                )
            selects.append((sql, [name]))
        total = (
            f"SELECT '_total', '', CAST(COALESCE(SUM(f.{count['_total']}), 0) AS BIGINT), "
            f"{NULL_INT}, {NULL_FLOAT}, {self.null_payload} FROM f WHERE f.g_scalar = 0"
        )
        selects.append((total, []))
        return grouping, selects

    def _facets(self, passing):
        """Facet counts on SQLite: one aggregate per facet, each ignoring its own selection."""
        columns = {"type": "m.kind", "language": "m.language", "level": "m.level"}
        selects = []
        for name in FACETS:
            others = passing(ignoring=name)
            if name in columns:
                column = columns[name]
                sql = (
                    f"SELECT %s, {column}, COUNT(*), {NULL_INT}, {NULL_FLOAT}, "
                    f"{self.null_payload} FROM m "
                    f"WHERE {others} AND {column} <> '' GROUP BY {column}"
                )
            elif name == "edition":
                sql = (
                    "SELECT %s, CAST(m.edition_number AS VARCHAR(8)), COUNT(*), "
                    f"CAST(MAX(m.edition_year) AS INTEGER), {NULL_FLOAT}, {self.null_payload} "
                    f"FROM m WHERE {others} "
                    "AND m.edition_number IS NOT NULL GROUP BY m.edition_number"
                )
            else:
                spread = JSON_VALUES[self.vendor].format(column=f"m.{LIST_COLUMNS[name]}")
                sql = (
                    f"SELECT %s, v.value, COUNT(*), {NULL_INT}, {NULL_FLOAT}, {self.null_payload} "
                    f"FROM m CROSS JOIN {spread} WHERE {others} GROUP BY v.value"
                )
            selects.append((sql, [name]))
        return selects

    def sql(self):
        from seminar_pages import access

        query = self.query
        source, where, where_params, rank, rank_params = self._text()
        source_params = []
        if self.vendor == "sqlite" and query.has_text:
            source_params, where_params = where_params, []

        language, fallback = query.language, query.fallback_language
        if fallback:
            where.append("(e.language = %s OR (e.language = %s AND e.translated_into NOT LIKE %s))")
            where_params += [language, fallback, f"%|{language}|%"]
        else:
            where.append("e.language = %s")
            where_params.append(language)
        if query.year_from is not None:
            where.append("e.edition_year >= %s")
            where_params.append(query.year_from)
        if query.year_to is not None:
            where.append("e.edition_year <= %s")
            where_params.append(query.year_to)
        readable_sql, readable_params = (
            access.visible_pages(self.user).order_by().values("pk").query.sql_with_params()
        )
        where.append(f"e.page_id IN ({readable_sql})")
        where_params += list(readable_params)

        flags, flag_params = [], []
        active = query.active_filters()
        for name, values in active.items():
            condition, params = _facet_condition(name, values, self.vendor)
            flags.append(f"CASE WHEN {condition} THEN 1 ELSE 0 END AS f_{name}")
            flag_params += params
        if len(active) > 1:
            # A row that fails two selections counts in no facet (each ignores only its
            # own) and is no hit: the matches leave it out.
            where.append("(" + " + ".join(flag.rsplit(" AS ", 1)[0] for flag in flags) + ") >= %s")
            where_params += [*flag_params, len(active) - 1]

        if self.vendor == "postgresql":
            # The numbers of the lists (migration 0005), cheaper to group by than the lists.
            lists = ["e.theme_list AS themes", "e.addressee_list AS addressees"]
        else:
            lists = ["e.themes", "e.addressees"]
        columns = ", ".join(
            [
                "e.id",
                "e.kind",
                "e.language",
                "e.level",
                "e.edition_number",
                "e.edition_year",
                "e.date",
                *lists,
                f"{rank} AS rank",
                *flags,
            ]
        )
        cte = f"SELECT {columns} FROM {source} WHERE {' AND '.join(where)}"
        cte_params = rank_params + flag_params + source_params + where_params

        def passing(*, ignoring=None):
            conditions = [f"m.f_{name} = 1" for name in active if name != ignoring]
            return " AND ".join(conditions) if conditions else "1 = 1"

        if query.with_facets and self.vendor == "postgresql":
            grouping, selects = self._postgres_facets(passing)
        else:
            grouping = None
            selects = self._facets(passing) if query.with_facets else []
            total = (
                f"SELECT '_total', '', COUNT(*), {NULL_INT}, {NULL_FLOAT}, {self.null_payload} "
                f"FROM m WHERE {passing()}"
            )
            selects.append((total, []))
        undated_last = "CASE WHEN m.date IS NULL THEN 1 ELSE 0 END"
        if query.sort == "date" or not query.has_text:
            order = f"{undated_last}, m.date DESC, m.rank DESC, m.id DESC"
        else:
            order = f"m.rank DESC, {undated_last}, m.date DESC, m.id DESC"
        if query.recommendations_first:
            order = f"CASE WHEN m.kind = 'recommendation' THEN 0 ELSE 1 END, {order}"
        hits = (
            f"SELECT '_hit', CAST(h.id AS VARCHAR(20)), 0, {NULL_INT}, h.rank, "
            f"{self._payload('hit')} FROM (SELECT m.id, CAST(m.rank AS FLOAT) AS rank FROM m "
            f"WHERE {passing()} ORDER BY {order} LIMIT %s OFFSET %s) h "
            f"JOIN {ENTRY} hit ON hit.id = h.id"
        )
        selects.append((hits, [query.page_size, query.offset]))
        with_clause = f"WITH m AS ({cte})"
        if grouping:
            with_clause += f", f AS ({grouping})"
        sql = f"{with_clause} " + " UNION ALL ".join(part for part, _params in selects)
        select_params = [param for _part, params in selects for param in params]
        return sql, cte_params + select_params, order


def _ordered(query, hits):
    """Hit records in the statement's order (a UNION does not promise to keep it).

    Args:
        query: the ``Query``.
        hits: (entry id, rank, record) triples, the record holding ``date`` and ``kind``.
    """

    def key(item):
        pk, rank, record = item
        date = record["date"]
        undated, day = date is None, date.toordinal() if date else 0
        if query.sort == "date" or not query.has_text:
            order = (undated, -day, -rank, -pk)
        else:
            order = (-rank, undated, -day, -pk)
        if query.recommendations_first:
            return (record["kind"] != "recommendation", *order)
        return order

    return [record for _pk, _rank, record in sorted(hits, key=key)]


def _hit_record(payload):
    """The ``HIT_FIELDS`` of an entry from the JSON object the statement built."""
    record = json.loads(payload) if isinstance(payload, str) else dict(payload)
    record["themes"] = _json_list(record.get("themes"))
    record["addressees"] = _json_list(record.get("addressees"))
    if record.get("date"):
        record["date"] = datetime.date.fromisoformat(record["date"][:10])
    return record


# Similar recommendations ---------------------------------------------------------------
#
# The text similarity from which an earlier recommendation counts as asked before:
# pg_trgm's similarity() of the two folded texts on PostgreSQL, the cosine of the two
# sets of significant terms on SQLite (``similarity.TERM_THRESHOLD``). Both read the two
# texts alone.
TRIGRAM_THRESHOLD = 0.3
# SQLite: the rows FTS5 finds for a recommendation's terms, most matches first, that are
# then weighed in Python.
PRESELECTED = 300


def _json_list(value):
    """A list stored as JSON (themes, addressees), as text or as the driver decoded it."""
    return json.loads(value) if isinstance(value, str) else list(value or ())


def postgres_similar(sources, pages_sql, pages_params):
    """One statement: every source against the earlier recommendations of its language.

    The full-text index (an OR of the source's significant terms) narrows the rows that
    trigram similarity then weighs; the identifier that starts each row's index text is
    left out of the comparison.
    """
    values, params = [], []
    for source in sources:
        values.append(
            "(CAST(%s AS uuid), CAST(%s AS text), CAST(%s AS integer), CAST(%s AS text), "
            "CAST(%s AS text), CAST(%s AS regconfig))"
        )
        params += [
            source.key,
            source.language,
            source.edition_number,
            index_text(source.text),
            " | ".join(f"'{term}'" for term in source.terms),
            languages.postgres_config(source.language),
        ]
    sql = (
        f"WITH s(source, language, edition, body, terms, config) AS (VALUES {', '.join(values)}), "
        f"comparable AS ({pages_sql}) "
        "SELECT source, translation_key, identifier, edition_number, themes, text_similarity, "
        "url, text, edition_year "
        "FROM (SELECT c.*, row_number() OVER (PARTITION BY c.source ORDER BY "
        "c.text_similarity DESC, c.edition_number DESC, c.identifier) AS position FROM ("
        "SELECT s.source, e.translation_key, e.identifier, e.edition_number, e.themes, "
        "e.url, e.text, e.edition_year, "
        "similarity(substr(e.search_text, char_length(e.identifier) + 2), s.body) "
        "AS text_similarity "
        f"FROM s JOIN {ENTRY} e ON e.language = s.language AND e.edition_number < s.edition "
        "AND e.translation_key <> s.source "
        "WHERE e.kind = 'recommendation' AND e.page_id IN (SELECT pk FROM comparable) "
        "AND e.search_vector @@ to_tsquery(s.config, s.terms)) c "
        "WHERE c.text_similarity >= %s) ranked WHERE position <= %s"
    )
    return sql, [*params, *pages_params, TRIGRAM_THRESHOLD, similarity.MAX_CANDIDATES]


def sqlite_similar(sources, pages_sql, pages_params):
    """One statement: for each source, the rows of its language and earlier editions that
    FTS5 matches with an OR of its significant terms, most matches first (the score of
    ``sqlite_rank``, from the row alone, never bm25())."""
    parts, params = [], []
    for source in sources:
        parts.append(
            "SELECT * FROM (SELECT %s, e.translation_key, e.identifier, e.edition_number, "
            f"e.themes, e.text, e.url, e.text, e.edition_year FROM {sqlite_source()} "
            "WHERE e.kind = 'recommendation' AND e.language = %s AND e.edition_number < %s "
            "AND e.translation_key <> %s AND e.page_id IN (SELECT pk FROM comparable) "
            f"ORDER BY {sqlite_rank('f')} DESC, e.id LIMIT %s)"
        )
        params += [
            source.key,
            " OR ".join(f'"{term}"' for term in source.terms),
            source.language,
            source.edition_number,
            uuid.UUID(source.key).hex,
            PRESELECTED,
        ]
    sql = f"WITH comparable AS ({pages_sql}) " + " UNION ALL ".join(parts)
    return sql, [*pages_params, *params]


class DatabaseBackend(SearchBackend):
    name = "database"

    def similar_candidates(self, sources, comparable):
        vendor = connection.vendor
        if vendor not in ("postgresql", "sqlite") or not sources:
            return {}
        pages_sql, pages_params = comparable.pages.values("pk").query.sql_with_params()
        build = postgres_similar if vendor == "postgresql" else sqlite_similar
        sql, params = build(sources, pages_sql, list(pages_params))
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        by_key = {source.key: source for source in sources}
        found = {}
        for row in rows:
            source = by_key[similarity.canonical_key(row[0])]
            key, identifier, edition_number, themes = row[1:5]
            url, text, edition_year = row[6:9]
            if vendor == "postgresql":
                text_similarity = float(row[5])
            else:
                text_similarity = similarity.term_similarity(
                    source.terms, similarity.significant_terms(row[5])
                )
                if text_similarity < similarity.TERM_THRESHOLD:
                    continue
            found.setdefault(source.key, []).append(
                similarity.Candidate(
                    key=similarity.canonical_key(key),
                    identifier=identifier,
                    edition_number=edition_number,
                    text_similarity=text_similarity,
                    themes=tuple(_json_list(themes)),
                    language=source.language,
                    url=url,
                    text=text,
                    edition_year=edition_year,
                )
            )
        return {
            key: sorted(items, key=lambda item: -item.text_similarity)[: similarity.MAX_CANDIDATES]
            for key, items in found.items()
        }

    def search(self, query, user):
        if query.parsed.error:
            return refused(query, query.parsed.error)
        vendor = connection.vendor
        if query.has_text and vendor not in ("postgresql", "sqlite"):
            return refused(query, TEXT_SEARCH_UNSUPPORTED)
        sql, params, _order = SearchStatement(query, user, vendor).sql()
        counts, edition_years, found, total = {}, {}, [], 0
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        for facet, value, count, year, rank, payload in rows:
            if facet == "_hit":
                found.append((int(value), rank or 0, _hit_record(payload)))
            elif facet == "_total":
                total = count
            else:
                counts.setdefault(facet, {})[value] = count
                if facet == "edition":
                    edition_years[value] = year
        records = _ordered(query, found)
        slugs = set(counts.get("theme", {})) | set(query.themes)
        for record in records:
            slugs |= set(record["themes"])
        names = theme_labels(slugs)
        hits = [
            build_hit(query, record, record["themes"], record["addressees"], names)
            for record in records
        ]
        facets = build_facets(query, counts, edition_years, names) if query.with_facets else {}
        return Results(query=query, hits=hits, total=total, facets=facets)

    # Writing -----------------------------------------------------------------------

    def add(self, documents):
        documents = list(documents)
        for start in range(0, len(documents), BATCH):
            batch = documents[start : start + BATCH]
            ArchiveEntry.objects.bulk_create(
                ArchiveEntry(**document.entry_fields()) for document in batch
            )

    @transaction.atomic
    def replace_pages(self, page_ids, documents):
        ArchiveEntry.objects.filter(page_id__in=list(page_ids)).delete()
        self.add(documents)

    def clear(self):
        ArchiveEntry.objects.all().delete()

    def check(self):
        try:
            ArchiveEntry.objects.exists()
        except DatabaseError as error:
            raise SearchUnavailable(f"The archive index cannot be read ({error})") from error

    def count(self):
        return ArchiveEntry.objects.count()
