"""The server-rendered search page."""

import pytest

pytestmark = pytest.mark.django_db


def test_bare_search_url_redirects_to_the_language_prefix(client, archive):
    response = client.get("/search/?q=migrant")
    assert response.status_code == 302
    assert response["Location"] == "/en/search/?q=migrant"


def test_search_page_works_without_javascript(client, archive):
    response = client.get("/en/search/", {"q": "migrant", "level": "regional"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form class="search-form" method="get"' in html
    assert "<script" not in html
    assert '<label for="search-q">' in html and "<legend>" in html
    assert "HR23-WG2-R02" in html and "/recommendations/HR23-WG2-R02/" in html
    assert "<mark>migrant</mark>" in html
    assert 'name="level" value="regional" checked' in html
    assert "search/search.css" in html
    assert "1 result" in html


def test_snippets_escape_content_before_marking(client, archive):
    report = archive["report"]
    from outputs.factories import RecommendationFactory

    report.recommendations.add(
        RecommendationFactory.build(text="<script>alert(1)</script> scriptword here")
    )
    report.save_revision().publish()
    html = client.get("/en/search/", {"q": "scriptword"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>scriptword</mark>" in html


def test_french_page_says_when_english_results_are_shown(client, archive):
    response = client.get("/fr/search/", {"q": "guiding"})
    assert response.status_code == 200
    assert response.context["results"].fallback_language == "en"
    assert 'class="search-fallback"' in response.content.decode()
    assert (
        'class="search-fallback"'
        not in client.get("/en/search/", {"q": "guiding"}).content.decode()
    )
    english = client.get("/en/search/", {"q": "guiding", "lang": "fr"}).content.decode()
    assert "No French translation: showing English results" in english


def test_browsing_without_words_lists_newest_first_with_facets(client, archive):
    response = client.get("/en/search/")
    assert response.status_code == 200
    assert response.context["results"].total > 0
    assert "Content type" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 10_000},
        {"q": '"unbalanced'},
        {"q": "a\x00b\x1b"},
        {"page": 10**9},
        {"page": -3},
        {"edition": "'; DROP TABLE"},
    ],
)
def test_bad_queries_get_a_message_never_a_500(client, archive, params):
    response = client.get("/en/search/", params)
    assert response.status_code in (200, 400)
    assert response.context is not None


def test_very_long_query_and_deep_page_explain_themselves(client, archive):
    html = client.get("/en/search/", {"q": "x" * 10_000}).content.decode()
    assert "too long" in html
    html = client.get("/en/search/", {"q": "rights", "page": 10**9}).content.decode()
    assert "refine your search" in html


def test_page_beyond_the_last_offers_the_first(client, archive):
    html = client.get("/en/search/", {"q": "migrant", "page": 50}).content.decode()
    assert "no results on this page" in html and "page=1" in html


def test_search_page_query_count_does_not_grow_with_hits(
    client, archive, django_assert_max_num_queries
):
    client.get("/en/search/")
    with django_assert_max_num_queries(25):
        client.get("/en/search/", {"q": "rights OR migrant OR workers"})


def test_the_page_has_one_search_landmark_and_a_real_form_action(client, archive):
    html = client.get("/en/search/", {"q": "migrant"}).content.decode()
    assert html.count('role="search"') == 1
    assert 'class="site-search"' not in html
    assert '<form class="search-form" method="get" action="/en/search/" role="search">' in html
    assert 'action=""' not in html
    # Every other page keeps the header's search form.
    other = client.get(archive["edition"].url).content.decode()
    assert other.count('role="search"') == 1 and 'class="site-search"' in other


def test_filters_fold_into_a_disclosure_shown_open_on_wide_screens(client, archive):
    from pathlib import Path

    html = client.get("/en/search/", {"q": "migrant", "level": "regional"}).content.decode()
    filters = html.index('<details class="search-filters">')
    assert html.index("<summary>Filters", filters) < html.index("Narrow down", filters)
    assert "(1 selected)" in html
    assert "<script" not in html
    css = Path(__file__).resolve().parents[2] / "search" / "static" / "search" / "search.css"
    wide = css.read_text().split("@media (width > 48rem)")[1]
    assert ".search-filters::details-content { content-visibility: visible;" in wide


def test_kinds_of_result_are_linked_with_their_counts(client, archive):
    response = client.get("/en/search/", {"q": "rights", "page": 1})
    html = response.content.decode()
    start = html.index('class="search-kinds"')
    kinds = html[start : html.index("</nav>", start)]
    total = response.context["results"].total
    assert f'<a href="?q=rights" aria-current="true">All <span class="count">({total})' in kinds
    recommendations = '<a href="?q=rights&amp;type=recommendation">Recommendation'
    assert recommendations + ' <span class="count">(2)</span>' in kinds
    assert kinds.index(recommendations) < kinds.index("type=editionpage")
    only = client.get("/en/search/", {"q": "rights", "type": "recommendation"})
    assert {hit.kind for hit in only.context["results"].hits} == {"recommendation"}
    assert 'type=recommendation" aria-current="true"' in only.content.decode()


def test_recommendations_are_listed_before_pages_that_match_more(client, archive):
    from seminar_pages.factories import BackgroundPaperPageFactory

    BackgroundPaperPageFactory(parent=archive["edition"], slug="dense", summary="Rights, rights.")
    kinds = [hit.kind for hit in client.get("/en/search/", {"q": "rights"}).context["results"].hits]
    assert kinds[:2] == ["recommendation", "recommendation"]
    assert "backgroundpaperpage" in kinds[2:]


def test_a_hit_shows_its_working_group_once(client, archive):
    group = archive["group_b"]
    group.title = "Working Group 2: Group B"
    group.save_revision().publish()
    html = client.get("/en/search/", {"q": "migrant regional"}).content.decode()
    assert "<dd>Working Group 2: Group B</dd>" in html
    assert "Group B: Group B" not in html


def test_hits_lead_to_pages_in_the_readers_language(client, archive):
    response = client.get("/fr/search/", {"q": "migrant"})
    hits = response.context["results"].hits
    recommendations = [hit for hit in hits if hit.identifier]
    pages = [hit for hit in hits if not hit.identifier]
    assert recommendations and pages
    for hit in recommendations:
        assert hit.url == f"/fr/recommendations/{hit.identifier}/"
        landed = client.get(hit.url, follow=True)
        assert landed.status_code == 200
        assert landed.redirect_chain[-1][0].startswith("/fr/")
    for hit in pages:
        assert hit.url.startswith("/fr/"), hit.url
        assert client.get(hit.url).status_code == 200


def test_the_search_page_offers_every_language_with_the_query_kept(client, archive, settings):
    html = client.get("/fr/search/", {"q": "migrant"}).content.decode()
    switcher = html[html.index('class="language-switcher"') :]
    switcher = switcher[: switcher.index("</nav>")]
    for code, _name in settings.LANGUAGES:
        assert f'href="/{code}/search/?q=migrant"' in switcher, code
    assert 'href="/fr/search/?q=migrant" hreflang="fr" lang="fr" aria-current="true"' in switcher
