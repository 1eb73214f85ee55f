"""Archive search on PostgreSQL against the best hand-written full-text query.

Generates 10 000 and then 100 000 recommendations (24 editions, 5 working groups each,
English, French and German), builds the archive index, runs a fixed set of queries
(words, phrase, OR, exclusion, prefix, filters, facets) as an anonymous reader, and
prints p50/p95 of the archive search (hits, total, all facet counts, access filter) and
of a hand-written query on the same stored tsvector and GIN index returning the same
page of hits and total, with their ratio. The hits of both are asserted equal.

    DATABASE_URL=postgres://root@127.0.0.1:5432/bench_search python bench/search.py
"""

import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://root@127.0.0.1:5432/bench_search")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

SIZES = [10_000, 100_000]
RUNS = 15
LANGUAGES = ["en", "fr", "de"]
VOCABULARY = {
    "en": (
        "rights human migrant workers business education digital women climate environment "
        "discrimination defenders freedom expression privacy children disability justice "
        "access health indigenous peoples trafficking labour accountability governance "
        "participation youth equality violence protection remedy corporate due diligence"
    ).split(),
    "fr": (
        "droits humains travailleurs migrants entreprises éducation numérique femmes climat "
        "environnement discrimination défenseurs liberté expression vie privée enfants "
        "handicap justice accès santé peuples autochtones traite travail responsabilité"
    ).split(),
    "de": (
        "rechte menschenrechte arbeitnehmer migranten unternehmen bildung digital frauen "
        "klima umwelt diskriminierung verteidiger freiheit meinung privatsphäre kinder "
        "behinderung justiz zugang gesundheit indigene völker menschenhandel arbeit"
    ).split(),
}
FILLER = [f"w{n:04d}" for n in range(3000)]


def ensure_database():
    """A fresh database of the benchmark's own, so every run measures 10 000 then 100 000."""
    import psycopg

    url = os.environ["DATABASE_URL"]
    base, name = url.rsplit("/", 1)
    if "bench" not in name.split("_"):
        sys.exit(
            "The benchmark drops and recreates its database: name it bench_... "
            f"(or ..._bench_...), not {name}."
        )
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def setup_django():
    import django

    ensure_database()
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def text(rng, language):
    words = VOCABULARY[language]
    chosen = [rng.choice(words) if rng.random() < 0.35 else rng.choice(FILLER) for _ in range(24)]
    if rng.random() < 0.05:
        phrase = {
            "en": "human rights defenders",
            "fr": "défenseurs des droits",
            "de": "rechte der verteidiger",
        }
        chosen.insert(rng.randrange(len(chosen)), phrase[language])
    return " ".join(chosen).capitalize() + "."


def build_tree():
    """24 editions x 5 working groups, each report in three languages; reports' pks."""
    from wagtail.models import Locale, Page

    from outputs.factories import WorkingGroupReportPageFactory
    from outputs.models import WorkingGroupReportPage
    from seminar_pages.factories import EditionPageFactory, WorkingGroupPageFactory
    from tests.utils import make_site_tree

    if WorkingGroupReportPage.objects.exists():
        return
    _series, index = make_site_tree()
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES}
    for number in range(1, 25):
        edition = EditionPageFactory(parent=index, number=number, year=1996 + number)
        for group_number in range(1, 6):
            group = WorkingGroupPageFactory(
                parent=edition, number=group_number, slug=f"wg-{group_number}"
            )
            report = WorkingGroupReportPageFactory(parent=group, slug="report")
            for code in LANGUAGES[1:]:
                copy = report.copy_for_translation(locales[code], copy_parents=True, alias=False)
                copy.save_revision().publish()
    Page.objects.filter(depth=1)  # keeps the tree imports honest


def grow(target, rng):
    """Add recommendations (in three languages) until there are ``target``."""
    from wagtail.models import Locale

    from outputs.models import Addressee, Level, Recommendation, WorkingGroupReportPage
    from seminar_pages.models import Topic

    existing = Recommendation.objects.count()
    if existing >= target:
        return
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    reports = {}
    for report in WorkingGroupReportPage.objects.select_related("locale"):
        reports.setdefault(report.translation_key, {})[report.locale.language_code] = report
    groups = list(reports.values())
    topics = [
        Topic.objects.get_or_create(
            slug=slug, locale=locales["en"], defaults={"name": slug.replace("-", " ").title()}
        )[0]
        for slug in ("business", "migration", "digital", "gender", "climate", "education")
    ]
    addressees = list(Addressee.objects.all())
    levels = [value for value, _label in Level.choices]
    through_addressees = Recommendation.addressees.through
    through_themes = Recommendation.themes.through
    batch, links_a, links_t = [], [], []
    number = existing // len(LANGUAGES)
    while existing + len(batch) < target:
        number += 1
        group = groups[number % len(groups)]
        key = uuid.uuid4()
        level = rng.choice(levels)
        chosen_addressees = rng.sample(addressees, rng.randint(1, 3))
        chosen_topics = rng.sample(topics, rng.randint(1, 2))
        edition_number = (number % len(groups)) // 5 + 1
        identifier = f"HR{edition_number}-WG{number % 5 + 1}-R{number:06d}"
        for code in LANGUAGES:
            batch.append(
                Recommendation(
                    page=group[code],
                    identifier=identifier,
                    text=text(rng, code),
                    level=level,
                    locale=locales[code],
                    translation_key=key,
                    sort_order=number,
                )
            )
            links_a.append(chosen_addressees)
            links_t.append(chosen_topics)
    created = Recommendation.objects.bulk_create(batch, batch_size=5000)
    through_addressees.objects.bulk_create(
        [
            through_addressees(recommendation_id=rec.pk, addressee_id=addressee.pk)
            for rec, chosen in zip(created, links_a, strict=True)
            for addressee in chosen
        ],
        batch_size=10_000,
    )
    through_themes.objects.bulk_create(
        [
            through_themes(recommendation_id=rec.pk, topic_id=topic.pk)
            for rec, chosen in zip(created, links_t, strict=True)
            for topic in chosen
        ],
        batch_size=10_000,
    )


def queries():
    from search.query import Query

    return {
        "words": Query(text="migrant workers ", language="en", types=("recommendation",)),
        "phrase": Query(text='"human rights defenders"', language="en"),
        "or": Query(text="climate OR environment ", language="en"),
        "exclusion": Query(text="education -digital ", language="en"),
        "prefix": Query(text="discrim", language="en"),
        "filters": Query(
            text="women ", language="en", levels=("regional",), editions=(3, 7, 12, 20)
        ),
        "facets": Query(text="rights ", language="en", themes=("business",), levels=("national",)),
        "french": Query(text="droits ", language="fr"),
        "german": Query(text="menschenrechte ", language="de", year_from=2010),
        "browse": Query(language="en", editions=(10,), types=("recommendation",)),
    }


def hand_written(query):
    """The best plain query on the stored tsvector (GIN) for the same hits and total."""
    from search import languages
    from search.backends.database import tsquery

    where, params, rank, rank_params = ["e.language = %s"], [query.language], "0", []
    if query.has_text:
        config = languages.postgres_config(query.language)
        where.append("e.search_vector @@ to_tsquery(%s::regconfig, %s)")
        params += [config, tsquery(query.parsed)]
        rank = "ts_rank(e.search_vector, to_tsquery(%s::regconfig, %s))"
        rank_params = [config, tsquery(query.parsed)]
    if query.fallback_language:
        where[0] = "(e.language = %s OR (e.language = %s AND e.translated_into NOT LIKE %s))"
        params[1:1] = [query.fallback_language, f"%|{query.language}|%"]
    for column, values in (("e.level", query.levels), ("e.kind", query.types)):
        if values:
            where.append(f"{column} = ANY(%s)")
            params.append(list(values))
    if query.editions:
        where.append("e.edition_number = ANY(%s)")
        params.append(list(query.editions))
    if query.year_from:
        where.append("e.edition_year >= %s")
        params.append(query.year_from)
    if query.themes:
        where.append("e.themes ?| %s")
        params.append(list(query.themes))
    undated = "CASE WHEN e.date IS NULL THEN 1 ELSE 0 END"
    if query.has_text:
        order = f"{rank} DESC, {undated}, e.date DESC, e.id DESC"
    else:
        order = f"{undated}, e.date DESC, e.id DESC"
    sql = (
        "SELECT e.id, COUNT(*) OVER () FROM archive_search_archiveentry e "
        f"WHERE {' AND '.join(where)} ORDER BY {order} LIMIT %s"
    )
    return sql, params + rank_params + [query.page_size]


def measure(size):
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from search.backends import get_backend
    from search.models import ArchiveEntry

    backend = get_backend("database")
    ours, theirs = [], []
    for name, query in queries().items():
        sql, params = hand_written(query)
        for run in range(RUNS + 2):
            start = time.perf_counter()
            results = backend.search(query, AnonymousUser())
            middle = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
            end = time.perf_counter()
            if run < 2:  # warm-up
                continue
            ours.append((middle - start) * 1000)
            theirs.append((end - middle) * 1000)
        expected_ids = [row[0] for row in rows]
        got = [hit.page_id for hit in results.hits]
        entries = dict(
            ArchiveEntry.objects.filter(pk__in=expected_ids).values_list("pk", "page_id")
        )
        total = rows[0][1] if rows else 0
        assert results.total == total, (name, results.total, total)
        assert got == [entries[pk] for pk in expected_ids], name
        expected_titles = list(
            ArchiveEntry.objects.filter(pk__in=expected_ids).values_list("pk", "title")
        )
        titles = dict(expected_titles)
        assert [hit.title for hit in results.hits] == [titles[pk] for pk in expected_ids], name
        print(f"  {name:<10} {results.total:>7} hits")

    def pct(values, q):
        return statistics.quantiles(values, n=100)[q - 1]

    p50, p95 = statistics.median(ours), pct(ours, 95)
    b50, b95 = statistics.median(theirs), pct(theirs, 95)
    print(
        f"{size:>7} recommendations: archive search p50 {p50:6.1f} ms p95 {p95:6.1f} ms | "
        f"hand-written FTS p50 {b50:6.1f} ms p95 {b95:6.1f} ms | ratio p50 {p50 / b50:4.2f} "
        f"p95 {p95 / b95:4.2f}"
    )
    return p50, b50


def main():
    setup_django()
    from django.db import connection

    from search import indexing
    from search.backends import get_backend

    rng = random.Random(1997)
    started = time.perf_counter()
    build_tree()
    print(f"tree ready in {time.perf_counter() - started:.0f} s")
    for size in SIZES:
        step = time.perf_counter()
        grow(size, rng)
        indexing.rebuild([get_backend("database")], batch_size=40)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"{size} recommendations generated and indexed in {time.perf_counter() - step:.0f} s")
        measure(size)


if __name__ == "__main__":
    main()
