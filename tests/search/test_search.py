"""The search contract: written once, run against every available backend."""

import os

import pytest
from django.contrib.auth.models import AnonymousUser

from outputs.factories import RecommendationFactory
from search.query import MAX_QUERY_LENGTH, Query

pytestmark = pytest.mark.django_db

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
postgres_only = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="stemming needs PostgreSQL: set DATABASE_URL=postgres://... to run it",
)


def search(backend, user=None, **options):
    options.setdefault("language", "en")
    return backend.search(Query(**options), user or AnonymousUser())


def identifiers(results):
    return sorted(hit.identifier for hit in results.hits if hit.identifier)


def titles(results):
    return {hit.title for hit in results.hits}


def counts(results, facet):
    return {value.value: value.count for value in results.facets[facet]}


def test_words_must_all_match(backend):
    results = search(backend, text="migrant regional")
    assert identifiers(results) == ["HR23-WG2-R02"]
    assert results.total == 1


def test_quoted_phrase_matches_words_in_order_only(backend):
    assert identifiers(search(backend, text='"action plans"')) == ["HR23-WG2-R01"]
    assert search(backend, text='"plans action"').total == 0


def test_or_finds_either_word(backend):
    results = search(backend, text="agreements OR independante", types=("recommendation",))
    assert identifiers(results) == ["HR23-WG2-R02", "HR23-WG2-R03"]


def test_minus_excludes_a_word(backend):
    results = search(backend, text="migrant -regional")
    assert "HR23-WG2-R02" not in identifiers(results)
    assert "Concept Note" in titles(results)


def test_last_word_matches_as_a_prefix_while_typing(backend):
    assert identifiers(search(backend, text="agreem")) == ["HR23-WG2-R02"]
    assert search(backend, text="agreem ").total == 0
    assert identifiers(search(backend, text="agree* regional ")) == ["HR23-WG2-R02"]


def test_accents_and_case_are_folded(backend):
    for text in ("INDÉPENDANTE", "independante", "Établir"):
        assert identifiers(search(backend, text=text)) == ["HR23-WG2-R03"], text


def test_chinese_matches_substrings(backend):
    assert identifiers(search(backend, text="人权委员会")) == ["HR23-WG2-R04"]
    assert identifiers(search(backend, text="委员")) == ["HR23-WG2-R04"]
    assert identifiers(search(backend, text="独")) == ["HR23-WG2-R04"]
    assert search(backend, text="委人").total == 0


def test_background_paper_pdf_text_is_found(backend):
    results = search(backend, text="pdfonlyword")
    assert titles(results) == {"Background Paper"}


def test_hits_carry_snippet_edition_working_group_and_permalink(backend):
    hit = search(backend, text="migrant regional").hits[0]
    assert "<mark>migrant</mark>" in hit.snippet
    assert "&#x27;" in hit.snippet  # the text is escaped before it is marked
    assert hit.edition_number == 23 and hit.edition_year == 2025
    assert hit.working_group_number == 2
    assert hit.url == "/recommendations/HR23-WG2-R02/"


def test_facets_count_the_values_of_the_hits(backend):
    results = search(backend, text="rights OR migrant OR independante", types=("recommendation",))
    assert counts(results, "level") == {"national": 1, "regional": 1, "international": 1}
    assert counts(results, "addressee") == {"governments": 2, "business": 1, "nhris": 1}
    assert counts(results, "theme") == {"business": 1, "migration": 1}
    assert counts(results, "edition") == {"23": 3}
    assert counts(results, "language") == {"en": 3}
    assert [value.label for value in results.facets["edition"]] == ["23rd (2025)"]


@pytest.mark.parametrize(
    ("language", "label"),
    [("ja", "第23回（2025年）"), ("th", "ครั้งที่ 23 (2025)"), ("de", "23 (2025)")],
)
def test_edition_facet_is_worded_in_the_readers_language(backend, language, label):
    from django.utils import translation

    with translation.override(language):
        results = search(backend, text="rights", types=("recommendation",))
    assert [value.label for value in results.facets["edition"]] == [label]


def test_theme_and_addressee_counts_follow_index_rows_whose_lists_change(backend):
    """The database backend groups by numbered lists (kept by a trigger on PostgreSQL):
    a row rewritten in place, outside the ORM's save, is counted by its new lists."""
    from search.models import ArchiveEntry

    if backend.name != "database":
        pytest.skip("the index table belongs to the database backend")
    entry = ArchiveEntry.objects.get(identifier="HR23-WG2-R03", language="en")
    ArchiveEntry.objects.filter(pk=entry.pk).update(
        themes=["migration", "business"], addressees=["business", "parliaments"]
    )
    results = search(backend, text="rights OR migrant OR independante", types=("recommendation",))
    assert counts(results, "theme") == {"business": 2, "migration": 2}
    assert counts(results, "addressee") == {"governments": 2, "business": 2, "parliaments": 1}
    hit = next(hit for hit in results.hits if hit.identifier == "HR23-WG2-R03")
    assert [slug for slug, _label in hit.themes] == ["migration", "business"]
    assert [code for code, _label in hit.addressees] == ["business", "parliaments"]


def test_a_facet_ignores_its_own_selection_but_not_the_others(backend):
    results = search(
        backend,
        text="rights OR migrant OR independante",
        levels=("regional",),
        types=("recommendation",),
    )
    assert identifiers(results) == ["HR23-WG2-R02"]
    assert results.total == 1
    assert counts(results, "level") == {"national": 1, "regional": 1, "international": 1}
    assert counts(results, "addressee") == {"governments": 1}
    assert [value.value for value in results.facets["level"] if value.selected] == ["regional"]


def test_a_hit_failing_two_selections_counts_in_no_facet(backend):
    results = search(
        backend,
        text="rights OR migrant OR independante",
        types=("recommendation",),
        levels=("regional",),
        themes=("business",),
    )
    assert results.total == 0
    # R01 fails the level only, R02 the theme only, R03 both (it counts nowhere).
    assert counts(results, "level") == {"national": 1, "regional": 0}
    assert counts(results, "theme") == {"migration": 1, "business": 0}
    assert counts(results, "type") == {"recommendation": 0}
    assert counts(results, "addressee") == {}


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"editions": (23,)}, 4),
        ({"editions": (1,)}, 0),
        ({"year_from": 2025, "year_to": 2025}, 4),
        ({"year_from": 2026}, 0),
        ({"year_to": 2024}, 0),
        ({"themes": ("business",)}, 1),
        ({"themes": ("business", "migration")}, 2),
        ({"addressees": ("nhris",)}, 1),
        ({"levels": ("international",)}, 2),
        ({"languages": ("en",)}, 4),
        ({"languages": ("fr",)}, 0),
    ],
)
def test_filters(backend, options, expected):
    results = search(backend, types=("recommendation",), **options)
    assert results.total == expected
    assert len(results.hits) == expected


def test_content_type_filter(backend):
    results = search(backend, types=("conceptnotepage", "backgroundpaperpage"))
    assert titles(results) == {"Concept Note", "Background Paper"}
    kinds = counts(results, "type")
    assert kinds["recommendation"] == 4 and kinds["conceptnotepage"] == 1


def test_sort_by_date_puts_newer_editions_first(backend, archive):
    from seminar_pages.factories import EditionPageFactory

    older = EditionPageFactory(parent=archive["edition"].get_parent(), number=5, year=2001)
    older.introduction = "<p>Migrant workers in 2001.</p>"
    older.save_revision().publish()
    if backend.name == "elasticsearch":
        from search.indexing import rebuild

        rebuild([backend])
    by_date = search(backend, text="migrant", sort="date")
    years = [hit.edition_year for hit in by_date.hits]
    assert years == sorted(years, reverse=True) and 2001 in years


def test_pagination(backend):
    everything = search(backend, types=("recommendation",), page_size=3)
    second = search(backend, types=("recommendation",), page_size=3, page=2)
    assert everything.total == second.total == 4
    assert len(everything.hits) == 3 and len(second.hits) == 1
    assert not {hit.identifier for hit in everything.hits} & {hit.identifier for hit in second.hits}
    assert everything.has_next and not second.has_next


def test_a_page_far_beyond_the_end_is_empty_not_an_error(backend):
    results = search(backend, text="migrant", page=400)
    assert results.hits == [] and results.total == 2 and results.error is None


@pytest.mark.parametrize(
    "text",
    ['"unbalanced quote', 'migrant "', "mi\x00gr\x07ant\u200b", "OR OR", "-", '""', "* ** ***"],
)
def test_odd_queries_never_fail(backend, text):
    results = search(backend, text=text)
    assert results.error is None or isinstance(str(results.error), str)


def test_a_very_long_query_is_refused_with_a_message(backend):
    results = search(backend, text="rights " * 2000)
    assert results.hits == [] and results.total == 0
    assert str(MAX_QUERY_LENGTH) in str(results.error)


def test_french_search_finds_translations_and_falls_back_to_english(backend, archive):
    report = archive["report"]
    french_report = report.copy_for_translation(archive["french"], copy_parents=True, alias=False)
    first = french_report.recommendations.order_by("sort_order").first()
    first.text = "Adopter des plans d'action nationaux sur les entreprises et les droits."
    first.save()
    french_report.save_revision().publish()
    if backend.name == "elasticsearch":
        from search.indexing import rebuild

        rebuild([backend])
    results = search(backend, language="fr", text="plans", types=("recommendation",))
    assert [(hit.identifier, hit.language, hit.is_fallback) for hit in results.hits] == [
        ("HR23-WG2-R01", "fr", False)
    ]
    # The concept note has no French translation: its English text is searched.
    fallback = search(backend, language="fr", text="guiding")
    assert [(hit.title, hit.language) for hit in fallback.hits] == [("Concept Note", "en")]
    assert fallback.hits[0].is_fallback and fallback.fallback_language == "en"
    # A translated recommendation is found once, in French, not also in English.
    migrant = search(backend, language="fr", text="migrant", types=("recommendation",))
    assert [(hit.identifier, hit.language) for hit in migrant.hits] == [("HR23-WG2-R02", "fr")]
    assert migrant.fallback_language is None
    assert search(backend, language="en", text="plans").hits[0].language == "en"


@postgres_only
def test_english_stemming_finds_other_forms(backend):
    assert identifiers(search(backend, text="recommendation ")) == ["HR23-WG2-R01"]
    assert "HR23-WG2-R01" in identifiers(search(backend, text="planning "))


@postgres_only
def test_french_stemming_finds_plural_and_singular(backend, archive):
    report = archive["report"]
    french_report = report.copy_for_translation(archive["french"], copy_parents=True, alias=False)
    first = french_report.recommendations.order_by("sort_order").first()
    first.text = "Protéger les droits des travailleuses migrantes."
    first.save()
    french_report.save_revision().publish()
    if backend.name == "elasticsearch":
        from search.indexing import rebuild

        rebuild([backend])
    for text in ("droit ", "droits ", "protégé "):
        assert "HR23-WG2-R01" in identifiers(search(backend, language="fr", text=text)), text


def test_unpublished_draft_recommendations_are_never_indexed(backend, archive):
    assert (
        search(
            backend, user=archive["secretary"], text="markerclosed", types=("recommendation",)
        ).total
        == 0
    )


def test_new_recommendations_are_found_after_the_report_is_published(backend, archive):
    report = archive["report"]
    report.recommendations.add(RecommendationFactory.build(text="Freshword for the archive."))
    report.save_revision().publish()
    if backend.name == "elasticsearch":
        from search.indexing import rebuild

        rebuild([backend])
    assert search(backend, text="freshword").total == 1


def _reindexed(backend):
    if backend.name == "elasticsearch":
        from search.indexing import rebuild

        rebuild([backend])


def test_letters_with_a_stroke_are_found_without_it(backend, archive):
    report = archive["report"]
    report.recommendations.add(
        RecommendationFactory.build(text="Follow the Tromsø Æbeltoft Łódź example.")
    )
    report.save_revision().publish()
    _reindexed(backend)
    for text in ("Tromso", "tromsø", "aebeltoft", "Lodz"):
        results = search(backend, text=text)
        assert results.total == 1, text
        assert "<mark>" in results.hits[0].snippet, text


def test_recommendations_come_before_pages_that_match_better(backend, archive):
    from seminar_pages.factories import BackgroundPaperPageFactory

    # Short and full of the word: on relevance alone it would lead the list.
    BackgroundPaperPageFactory(
        parent=archive["edition"], slug="dense", summary="Migrant migrant migrant."
    )
    _reindexed(backend)
    results = search(backend, text="migrant ")
    kinds = [hit.kind for hit in results.hits]
    assert "backgroundpaperpage" in kinds and "recommendation" in kinds
    first_page = next(index for index, kind in enumerate(kinds) if kind != "recommendation")
    assert set(kinds[:first_page]) == {"recommendation"}
    assert "recommendation" not in kinds[first_page:]
    pure = backend.search(
        Query(text="migrant ", language="en", recommendations_first=False), AnonymousUser()
    )
    assert pure.hits[0].kind == "backgroundpaperpage"


def test_a_hit_names_its_working_group_once(backend, archive):
    from outputs.factories import WorkingGroupReportPageFactory
    from seminar_pages.factories import WorkingGroupPageFactory

    group = WorkingGroupPageFactory(
        parent=archive["edition"],
        number=3,
        slug="wg-3",
        title="Working Group 3: Participation and inclusion",
        theme="Participation and inclusion",
    )
    WorkingGroupReportPageFactory(
        parent=group,
        slug="report",
        recommendations=[RecommendationFactory.build(text="Onceword for the group.")],
    )
    _reindexed(backend)
    hit = search(backend, text="onceword").hits[0]
    assert hit.working_group_title == "Working Group 3: Participation and inclusion"
    other = search(backend, text="migrant regional").hits[0]
    assert other.working_group_title == "Working Group 2: Group B"
