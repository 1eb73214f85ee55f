"""Key Messages under embargo: published, read by their editors and the ASEM Partners
only until their public release, and public after it without anything having to run."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser, Group
from wagtail.models import Locale, Page

from outputs.factories import KeyMessagesPageFactory
from outputs.models import KeyMessagesPage
from search.query import Query
from seminar_pages import access
from tests.utils import make_user

pytestmark = pytest.mark.django_db

MARKER = "MARKEREMBARGO"
NOW = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC)
RELEASE = NOW + datetime.timedelta(days=3)
AFTER = RELEASE + datetime.timedelta(minutes=1)
OUTSIDERS = ["anonymous", "outsider", "german_translator"]
READERS = ["partner", "editor", "secretary"]


@pytest.fixture
def embargo(edition, django_user_model):
    with time_machine.travel(NOW, tick=False):
        french = Locale.objects.get(language_code="fr")
        german = Locale.objects.get(language_code="de")
        key_messages = KeyMessagesPageFactory(
            parent=edition,
            slug="key-messages",
            title=f"Key Messages {MARKER}",
            introduction=f"<p>{MARKER} messages for the partners.</p>",
            embargo_until=RELEASE,
        )
        secretary = make_user(
            django_user_model, "secretary", groups=[Group.objects.get(name=access.SECRETARIAT)]
        )
        french_edition = edition.copy_for_translation(french, copy_parents=True, alias=False)
        french_edition.save_revision().publish()
        french_messages = key_messages.copy_for_translation(french, alias=False)
        french_messages.title = f"Messages clés {MARKER}"
        french_messages.save_revision().publish()
        people = {
            "anonymous": AnonymousUser(),
            "outsider": make_user(django_user_model, "outsider"),
            "partner": make_user(
                django_user_model,
                "partner",
                groups=[Group.objects.get(name=access.ASEM_PARTNERS)],
            ),
            "editor": make_user(
                django_user_model,
                "editor",
                groups=[Group.objects.get(name=access.PUBLIC_EDITORS)],
            ),
            "secretary": secretary,
            "german_translator": make_user(django_user_model, "german-translator"),
        }
        access.grant_translator(secretary, people["german_translator"], german)
    return {
        "edition": edition,
        "key_messages": KeyMessagesPage.objects.get(pk=key_messages.pk),
        "french_messages": KeyMessagesPage.objects.get(pk=french_messages.pk),
        "people": people,
    }


def client_of(client, embargo, who):
    user = embargo["people"][who]
    if user.is_authenticated:
        client.force_login(user)
    return client


def text_of(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(errors="replace")


def search(user, text=MARKER, language="en"):
    from search.backends import get_backend

    return get_backend("database").search(Query(text=text, language=language), user)


@time_machine.travel(NOW, tick=False)
def test_an_embargoed_key_messages_page_is_published_without_scheduled_publishing(embargo):
    page = embargo["key_messages"]
    page.full_clean()
    assert page.live
    assert page.go_live_at is None
    assert access.is_embargoed(page)
    assert access.is_embargoed(embargo["french_messages"])


@pytest.mark.parametrize("who", OUTSIDERS)
@time_machine.travel(NOW, tick=False)
def test_outsiders_find_the_embargoed_page_as_if_it_did_not_exist(client, embargo, who):
    client = client_of(client, embargo, who)
    page, french = embargo["key_messages"], embargo["french_messages"]
    for url in (page.url, french.url, f"{page.url}pdf/"):
        # Its twin: a page that does not exist beside it, in its language.
        twin = url.rstrip("/").rsplit("/", 1)[0] + "/nothing-here/"
        response, missing = client.get(url), client.get(twin)
        assert response.status_code == 404 == missing.status_code
        assert text_of(response).replace(url, "") == text_of(missing).replace(twin, "")
    for url in (embargo["edition"].url, "/en/", "/sitemap.xml", "/en/feeds/outputs/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert MARKER not in text_of(response), url
        assert page.url not in text_of(response), url
    citation = client.get(f"/en/cite/pages/{page.pk}.ris")
    assert citation.status_code == 404


@pytest.mark.parametrize("who", OUTSIDERS)
@time_machine.travel(NOW, tick=False)
def test_search_hides_embargoed_key_messages_from_outsiders(client, embargo, who):
    user = embargo["people"][who]
    results = search(user)
    assert results.total == 0
    assert results.hits == []
    assert all(value.count == 0 for values in results.facets.values() for value in values)
    html = text_of(client_of(client, embargo, who).get("/en/search/", {"q": MARKER}))
    assert embargo["key_messages"].title not in html
    assert embargo["key_messages"].url not in html


@pytest.mark.parametrize("who", READERS)
@time_machine.travel(NOW, tick=False)
def test_partners_and_editors_read_the_embargoed_page(client, embargo, who):
    client = client_of(client, embargo, who)
    page = embargo["key_messages"]
    response = client.get(page.url)
    assert response.status_code == 200
    assert MARKER in text_of(response)
    assert "no-store" in response["Cache-Control"]
    # In both languages, and the switcher offers the French translation.
    assert 'hreflang="fr"' in text_of(response)
    assert client.get(embargo["french_messages"].url).status_code == 200
    assert page.url in text_of(client.get(embargo["edition"].url))
    assert search(embargo["people"][who]).total == 1
    assert client.get(f"/en/cite/pages/{page.pk}.ris").status_code == 200


@time_machine.travel(NOW, tick=False)
def test_the_switcher_of_a_public_page_offers_no_embargoed_translation(client, embargo):
    from django.test import RequestFactory

    from seminar_pages import languages

    request = RequestFactory().get(embargo["key_messages"].url)
    for who in OUTSIDERS:
        request.user = embargo["people"][who]
        assert languages.alternates(request, embargo["key_messages"]) == []
    request.user = embargo["people"]["partner"]
    codes = {item.language_code for item in languages.alternates(request, embargo["key_messages"])}
    assert {"en", "fr"} <= codes


@time_machine.travel(NOW, tick=False)
def test_the_admin_api_and_explorer_hide_embargoed_key_messages_from_non_editors(
    client, embargo, django_user_model
):
    from seminar_pages.factories import WorkingGroupPageFactory

    edition = embargo["edition"]
    # A rapporteur works in the admin within the edition, and edits no Key Messages.
    group = WorkingGroupPageFactory(parent=edition, number=1, slug="wg-1")
    rapporteur = make_user(django_user_model, "rapporteur")
    access.grant_role(embargo["people"]["secretary"], rapporteur, group, "rapporteur")
    client.force_login(rapporteur)
    listing = client.get("/admin/api/main/pages/", {"child_of": edition.pk})
    assert listing.status_code == 200
    assert MARKER not in text_of(listing)
    page = embargo["key_messages"]
    assert client.get(f"/admin/api/main/pages/{page.pk}/").status_code == 404
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 404
    assert MARKER not in text_of(client.get(f"/admin/pages/{edition.pk}/"))
    client.force_login(embargo["people"]["editor"])
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    assert MARKER in text_of(client.get("/admin/api/main/pages/", {"child_of": edition.pk}))


def test_after_the_release_moment_everyone_reads_it_without_reindexing(client, embargo):
    page = embargo["key_messages"]
    with time_machine.travel(NOW, tick=False):
        assert client.get(page.url).status_code == 404
        assert search(AnonymousUser()).total == 0
    with time_machine.travel(AFTER, tick=False):
        assert not access.is_embargoed(page)
        response = client.get(page.url)
        assert response.status_code == 200
        assert MARKER in text_of(response)
        assert 'hreflang="fr"' in text_of(response)
        assert client.get(embargo["french_messages"].url).status_code == 200
        assert search(AnonymousUser()).total == 1
        assert f"http://testserver{page.url}" in text_of(client.get("/sitemap.xml"))
        assert MARKER in text_of(client.get("/en/feeds/outputs/"))
        assert page.url in text_of(client.get(embargo["edition"].url))
        assert access.visible_pages(AnonymousUser(), Page.objects.filter(pk=page.pk)).exists()


@time_machine.travel(NOW, tick=False)
def test_a_later_release_date_on_the_source_holds_back_an_unsynced_translation(embargo):
    page = embargo["key_messages"]
    KeyMessagesPage.objects.filter(pk=embargo["french_messages"].pk).update(embargo_until=None)
    access.forget_cached_answers()
    assert access.is_embargoed(embargo["french_messages"])
    assert not access.can_view_page(AnonymousUser(), embargo["french_messages"])
    KeyMessagesPage.objects.filter(pk=page.pk).update(embargo_until=NOW - datetime.timedelta(1))
    access.forget_cached_answers()
    assert not access.is_embargoed(page)
    assert access.can_view_page(AnonymousUser(), page)


def test_without_a_release_date_the_messages_are_public_on_publishing(client, edition):
    page = KeyMessagesPageFactory(parent=edition, slug="key-messages", title="Public messages")
    assert not access.is_embargoed(page)
    assert client.get(page.url).status_code == 200
    assert page.embargo_until is None


@pytest.mark.parametrize(
    ("who", "reads"),
    [
        ("anonymous", False),
        ("outsider", False),
        ("german_translator", False),
        ("partner", True),
        ("editor", True),
        ("secretary", True),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_who_reads_under_embargo(embargo, who, reads):
    user = embargo["people"][who]
    for page in (embargo["key_messages"], embargo["french_messages"]):
        assert access.reads_under_embargo(user, page) is reads
        assert access.can_view_page(user, page) is reads
        assert access.can_see_in_admin(user, page) is reads
        assert access.visible_pages(user, Page.objects.filter(pk=page.pk)).exists() is reads
    paths = access.denied_section_paths(user)
    assert (embargo["key_messages"].path in paths) is not reads
