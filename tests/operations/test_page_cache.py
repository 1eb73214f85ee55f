"""The page cache: anonymous pages served without a query, purged where they are shown."""

import os
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import caches
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.documents import get_document_model

from outputs.factories import RecommendationFactory, WorkingGroupReportPageFactory
from seminar_pages import access
from seminar_pages.factories import (
    EditionPageFactory,
    WorkingGroupPageFactory,
)

pytestmark = pytest.mark.django_db

PURGED = []


class RecordingBackend(BaseBackend):
    def purge(self, url):
        PURGED.append(urlsplit(url).path)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.WAGTAILFRONTENDCACHE = {
        "pages": {"BACKEND": "operations.purge.PageCacheBackend"},
        "record": {"BACKEND": "tests.operations.test_page_cache.RecordingBackend"},
    }
    caches["default"].clear()
    PURGED.clear()
    yield
    caches["default"].clear()


@pytest.fixture
def tree(edition, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        group = WorkingGroupPageFactory(parent=edition, title="Working Group 1", slug="wg1")
        report = WorkingGroupReportPageFactory(
            parent=group, slug="report", recommendations=[RecommendationFactory.build()]
        )
        other = EditionPageFactory(
            parent=edition.get_parent(), number=22, year=2024, slug="22-2024"
        )
    PURGED.clear()
    return {"edition": edition, "group": group, "report": report, "other": other}


def purged_pages():
    """Purged page paths, less the feeds and the old links of Wagtail's own redirects
    (it purges them on a move, without their trailing slash: they answer redirects)."""
    return {
        path
        for path in PURGED
        if "/feeds/" not in path and (path.endswith("/") or path.endswith(".xml"))
    }


@pytest.mark.parametrize(
    "url",
    [
        "report",
        "/en/search/?q=recommendation",
        "/ja/search/",
        "/api/v1/recommendations/?q=text",
    ],
)
def test_second_anonymous_request_makes_no_query(client, tree, url, django_assert_num_queries):
    """Pages, the search page and the API alike."""
    url = tree[url].url if url in tree else url
    first = client.get(url)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_stored_page_answers_conditional_get_with_304(client, tree):
    url = tree["edition"].url
    first = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_signed_in_reader_is_never_served_from_or_stored_in_the_cache(
    client, tree, django_user_model
):
    url = tree["edition"].url
    user = django_user_model.objects.create_user("reader", password="x")
    client.force_login(user)
    assert "X-Page-Cache" not in client.get(url)
    client.logout()
    assert client.get(url)["X-Page-Cache"] == "miss"
    client.force_login(user)
    assert "X-Page-Cache" not in client.get(url)


def test_closed_material_is_never_stored(client, tree, admin_user):
    access.close_page(tree["report"])
    client.force_login(admin_user)
    assert client.get(tree["report"].url)["Cache-Control"].count("no-store") == 1
    client.logout()
    assert client.get(tree["report"].url).status_code == 404
    assert client.get(tree["report"].url).get("X-Page-Cache") is None


def search_paths():
    """The search page in every language and the API: purged whenever the index changes."""
    return {f"/{code}/search/" for code, _ in settings.LANGUAGES} | {"/api/v1/recommendations/"}


def test_stored_search_answers_conditional_get_with_304(client, tree):
    url = "/api/v1/recommendations/?q=text"
    first = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_search_answers_are_stored_per_query_string(client, tree):
    client.get("/en/search/?q=recommendation")
    other = client.get("/en/search/?q=nothing-matches-this")
    assert other["X-Page-Cache"] == "miss"
    assert b"Recommendation text" not in other.content


def test_search_error_answers_are_never_stored(client, tree):
    for _ in range(2):
        answer = client.get("/api/v1/recommendations/?page=0")
        assert answer.status_code == 400
        assert "X-Page-Cache" not in answer


def test_csv_is_never_stored(client, tree):
    for _ in range(2):
        answer = client.get("/api/v1/recommendations.csv?q=text")
        assert answer.status_code == 200
        assert "X-Page-Cache" not in answer


def test_signed_in_search_is_never_stored_nor_served_from_the_cache(
    client, tree, admin_user, django_capture_on_commit_callbacks
):
    """A reader who may see closed material searches it; anonymous readers never get that
    answer, whichever asked first."""
    with django_capture_on_commit_callbacks(execute=True):
        access.close_page(tree["group"])
    url = "/api/v1/recommendations/?q=recommendation"
    client.force_login(admin_user)
    signed_in = client.get(url)
    assert "X-Page-Cache" not in signed_in
    assert signed_in.json()["count"] == 1
    client.logout()
    anonymous = client.get(url)
    assert anonymous["X-Page-Cache"] == "miss"
    assert anonymous.json()["count"] == 0
    client.force_login(admin_user)
    assert "X-Page-Cache" not in client.get(url)
    assert client.get(url).json()["count"] == 1


def test_closing_a_page_drops_it_from_stored_search_answers(
    client, tree, django_capture_on_commit_callbacks
):
    url = "/api/v1/recommendations/?q=recommendation"
    assert client.get(url).json()["count"] == 1
    assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        access.close_page(tree["group"])
    after = client.get(url)
    assert after["X-Page-Cache"] == "miss"
    assert after.json()["count"] == 0


def publish_with_recommendation_text(report, text, capture_on_commit):
    """Publish ``report`` with its recommendation reworded, running what waits for the commit."""
    recommendation = report.recommendations.first()
    recommendation.text = text
    report.recommendations = [recommendation]
    with capture_on_commit(execute=True):
        report.save_revision().publish()


def test_an_index_change_purges_every_stored_search_answer(
    client, tree, django_capture_on_commit_callbacks
):
    urls = ["/en/search/?q=recommendation", "/fr/search/?q=text&page=1", "/api/v1/recommendations/"]
    for url in urls:
        client.get(url)
    report = tree["report"]
    publish_with_recommendation_text(
        report, "Renamed beyond recognition.", django_capture_on_commit_callbacks
    )
    for url in urls:
        assert client.get(url)["X-Page-Cache"] == "miss", url
    assert b"beyond recognition" in client.get("/en/search/?q=renamed").content


def test_rebuilding_the_index_purges_the_search_answers_and_no_page(
    client, tree, django_capture_on_commit_callbacks
):
    from search import indexing

    client.get(tree["edition"].url)
    with django_capture_on_commit_callbacks(execute=True):
        indexing.rebuild()
    assert purged_pages() == search_paths()
    assert client.get(tree["edition"].url)["X-Page-Cache"] == "hit"


def test_a_purge_drops_the_stored_page(client, tree, django_capture_on_commit_callbacks):
    url = tree["group"].url
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        tree["group"].save_revision().publish()
    assert client.get(url)["X-Page-Cache"] == "miss"


def test_clear_page_cache_command_forgets_every_stored_page(client, tree):
    from django.core.management import call_command

    urls = [tree["group"].url, tree["edition"].url, "/en/search/?q=text"]
    for url in urls:
        client.get(url)
    call_command("clear_page_cache")
    for url in urls:
        assert client.get(url)["X-Page-Cache"] == "miss", url


def test_clear_page_cache_command_says_why_it_failed(settings):
    from django.core.management import CommandError, call_command

    settings.CACHES = {
        **settings.CACHES,
        "unreachable": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        },
    }
    settings.PAGE_CACHE_ALIAS = "unreachable"
    with pytest.raises(CommandError, match="The page cache could not be cleared"):
        call_command("clear_page_cache")


def paths(*pages):
    """The pages' addresses in every language: an English page without a translation is
    served under each language's prefix (with the English slugs)."""
    return in_every_language({page.url for page in pages})


def in_every_language(urls):
    codes = [code for code, _ in settings.LANGUAGES]
    return {
        f"/{code}/{url.removeprefix('/en/')}" if url.startswith("/en/") else url
        for url in urls
        for code in codes
    }


def test_publishing_purges_the_page_its_listings_and_the_pages_below_it(
    tree, django_capture_on_commit_callbacks
):
    """The report below the group names the group in its breadcrumb and citation."""
    with django_capture_on_commit_callbacks(execute=True):
        tree["group"].save_revision().publish()
    report = tree["report"].url
    expected = paths(tree["group"], tree["edition"], tree["report"]) | {"/sitemap.xml"}
    expected |= in_every_language({report + "pdf/"})
    assert purged_pages() == expected | search_paths()


def test_publishing_a_report_purges_its_pdf_and_feeds(tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tree["report"].save_revision().publish()
    report = tree["report"].url
    assert purged_pages() == paths(tree["report"], tree["group"], tree["edition"]) | {
        *in_every_language({report + "pdf/"}),
        "/sitemap.xml",
        *search_paths(),
    }
    assert "/en/feeds/editions/23/recommendations/" in PURGED


def test_recommendation_change_purges_its_report_and_listings(
    tree, django_capture_on_commit_callbacks
):
    report = tree["report"]
    publish_with_recommendation_text(report, "Changed.", django_capture_on_commit_callbacks)
    assert paths(report, tree["group"], tree["edition"]) <= purged_pages()
    assert tree["other"].url not in purged_pages()


def test_unpublishing_purges_the_page_and_its_listings(tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tree["other"].unpublish()
    index = tree["other"].get_parent()
    home = index.get_parent()
    assert purged_pages() == paths(tree["other"], index, home) | {"/sitemap.xml"} | search_paths()


def test_moving_purges_both_addresses_and_both_listings(tree, django_capture_on_commit_callbacks):
    group = tree["group"]
    old = {group.url, tree["report"].url}
    with django_capture_on_commit_callbacks(execute=True):
        group.move(tree["other"], pos="last-child")
    group.refresh_from_db()
    tree["report"].refresh_from_db()
    new = {group.url, tree["report"].url}
    assert new.isdisjoint(old)
    expected = in_every_language(old | new) | paths(tree["edition"], tree["other"])
    expected |= in_every_language({tree["report"].url + "pdf/"}) | {"/sitemap.xml"}
    expected |= in_every_language({path + "pdf/" for path in old if "report" in path})
    assert purged_pages() == expected | search_paths()


def test_deleting_purges_the_page_and_its_listings(tree, django_capture_on_commit_callbacks):
    report = tree["report"]
    expected = paths(report, tree["group"], tree["edition"]) | in_every_language(
        {report.url + "pdf/"}
    )
    expected |= {"/sitemap.xml", *search_paths()}
    with django_capture_on_commit_callbacks(execute=True):
        report.delete()
    assert purged_pages() == expected


def test_closing_and_opening_purge_the_subtree_and_its_listings(
    tree, django_capture_on_commit_callbacks
):
    group, report = tree["group"], tree["report"]
    expected = paths(group, report, tree["edition"]) | in_every_language({report.url + "pdf/"})
    expected |= {"/sitemap.xml", *search_paths()}
    with django_capture_on_commit_callbacks(execute=True):
        access.close_page(group)
    assert purged_pages() == expected
    PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        access.open_page(group)
    assert purged_pages() == expected


def test_closing_purges_the_citations_of_the_pages_below_and_their_recommendations(
    client, tree, django_capture_on_commit_callbacks
):
    identifier = tree["report"].recommendations.get().identifier
    citation = f"/en/cite/recommendations/{identifier}.bib"
    assert client.get(citation)["X-Page-Cache"] == "miss"
    assert client.get(citation)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        access.close_page(tree["group"])
    assert {citation, f"/ja/cite/recommendations/{identifier}.ris"} <= set(PURGED)
    assert f"/fr/cite/pages/{tree['report'].pk}.json" in PURGED
    assert f"/en/cite/pages/{tree['other'].pk}.bib" not in PURGED
    assert client.get(citation).status_code == 404


def test_translation_change_purges_every_language_of_the_page(
    tree, django_capture_on_commit_callbacks
):
    from wagtail.models import Locale

    french = Locale.objects.get_or_create(language_code="fr")[0]
    home = tree["edition"].get_parent().get_parent()
    home.copy_for_translation(french, copy_parents=False).save_revision().publish()
    copied = tree["group"].copy_for_translation(french, copy_parents=True)
    PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        copied.save_revision().publish()
    french_edition = copied.get_parent()
    below = paths(tree["report"]) | in_every_language({tree["report"].url + "pdf/"})
    assert purged_pages() == paths(tree["group"], copied, tree["edition"], french_edition) | {
        "/sitemap.xml",
        *search_paths(),
        *below,
    }


def test_english_page_is_purged_where_each_language_serves_it(
    client, tree, django_capture_on_commit_callbacks
):
    """A language whose tree holds a translated edition (with its own slug) but not the
    report serves the English report below the translated edition: that address is purged."""
    from wagtail.models import Locale

    french = Locale.objects.get_or_create(language_code="fr")[0]
    home = tree["edition"].get_parent().get_parent()
    home.copy_for_translation(french, copy_parents=False).save_revision().publish()
    french_edition = tree["edition"].copy_for_translation(french, copy_parents=True)
    french_edition.slug = "23e-edition"
    french_edition.save_revision().publish()
    served = "/fr/editions/23e-edition/wg1/report/"
    assert client.get(served).status_code == 200
    PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tree["report"].save_revision().publish()
    assert served in PURGED
    assert "/fr/editions/23-2025/wg1/report/" not in PURGED
    assert "/ja/editions/23-2025/wg1/report/" in PURGED


def test_alias_in_the_same_language_is_purged_with_its_page(
    tree, django_capture_on_commit_callbacks
):
    alias = tree["group"].create_alias(parent=tree["other"], update_slug="wg1-alias")
    PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        access.close_page(tree["group"])
    assert alias.url in PURGED


def test_closing_a_group_purges_its_reports_feeds_and_the_key_messages_carrying_them(
    tree, django_capture_on_commit_callbacks
):
    from outputs.factories import KeyMessagesPageFactory

    recommendation = tree["report"].recommendations.first()
    with django_capture_on_commit_callbacks(execute=True):
        messages = KeyMessagesPageFactory(
            parent=tree["edition"],
            slug="key-messages",
            messages=[
                (
                    "message",
                    {"heading": "H", "text": "<p>T</p>", "recommendations": [recommendation]},
                )
            ],
        )
    PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        access.close_page(tree["group"])
    assert messages.url in PURGED
    assert "/en/feeds/editions/23/recommendations/" in PURGED
    assert "/fr/feeds/recommendations/" in PURGED


def test_view_restriction_change_purges_the_page_and_its_subtree(
    tree, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=tree["group"], restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    assert {tree["group"].url, tree["report"].url, *search_paths()} <= set(PURGED)
    PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert {tree["group"].url, tree["report"].url} <= set(PURGED)


def test_topic_change_purges_the_archive_its_editions_and_the_home_page(
    tree, edition_index, django_capture_on_commit_callbacks
):
    topic = tree["edition"].topics.first()
    with django_capture_on_commit_callbacks(execute=True):
        topic.name = "Renamed"
        topic.save()
    home = edition_index.get_parent()
    assert purged_pages() == paths(tree["edition"], edition_index, home) | search_paths()


def test_document_change_purges_only_the_pages_that_refer_to_it(
    tree, django_capture_on_commit_callbacks
):
    document = get_document_model().objects.create(title="Unused")
    with django_capture_on_commit_callbacks(execute=True):
        document.title = "Renamed"
        document.save()
    assert purged_pages() == set()


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="set REDIS_URL to test with Redis")
def test_redis_cache_serves_the_second_request_without_query(
    client, tree, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "asem-test",
        }
    }
    caches["default"].clear()
    url = tree["edition"].url
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        tree["edition"].save_revision().publish()
    assert client.get(url)["X-Page-Cache"] == "miss"


def _middleware(view):
    from django.urls import ResolverMatch

    from operations.page_cache import PageCacheMiddleware

    def get_response(request):
        request.resolver_match = ResolverMatch(view, (), {})
        return view(request)

    return PageCacheMiddleware(get_response)


def test_page_with_a_csrf_token_is_never_stored(rf):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    def form(request):
        return HttpResponse(f"<input value='{get_token(request)}'>")

    middleware = _middleware(form)
    assert "X-Page-Cache" not in middleware(rf.get("/en/form/"))
    assert "X-Page-Cache" not in middleware(rf.get("/en/form/"))


def test_page_purged_while_it_was_rendered_is_not_stored(rf):
    from django.http import HttpResponse

    from operations import page_cache

    def page(request):
        page_cache.purge_paths([request.path])
        return HttpResponse("rendered before the change was committed")

    middleware = _middleware(page)
    assert "X-Page-Cache" not in middleware(rf.get("/en/page/"))
    assert "X-Page-Cache" not in middleware(rf.get("/en/page/"))


def test_page_is_stored_per_language(rf):
    from django.http import HttpResponse

    def page(request):
        return HttpResponse("same path, two languages")

    middleware = _middleware(page)
    assert middleware(rf.get("/", HTTP_ACCEPT_LANGUAGE="fr"))["X-Page-Cache"] == "miss"
    assert middleware(rf.get("/", HTTP_ACCEPT_LANGUAGE="ja"))["X-Page-Cache"] == "miss"
    assert middleware(rf.get("/", HTTP_ACCEPT_LANGUAGE="fr"))["X-Page-Cache"] == "hit"
