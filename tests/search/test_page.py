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
