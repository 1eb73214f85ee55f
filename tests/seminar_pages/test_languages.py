"""The public site in the partners' languages: switcher, hreflang, English fallback, and
closed-door material that stays closed in every language."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import translation as django_translation
from wagtail.models import Locale, Page
from wagtail_localize.synctree import synchronize_tree

from seminar_pages import access
from seminar_pages.factories import WorkingGroupPageFactory
from seminar_pages.models import SessionNotesPage
from tests.seminar_pages.test_translation import publish, translate, translate_all_strings

NOTICE = (
    "Not yet translated into %(language)s. "
    "This page is shown in its original language (%(shown_language)s)."
)


@pytest.fixture
def french(db):
    return Locale.objects.get(language_code="fr")


@pytest.fixture
def french_edition(edition, french, django_capture_on_commit_callbacks):
    """The series, the edition index and the 23rd edition, published in French."""
    for page in (edition.get_parent().get_parent(), edition.get_parent(), edition):
        job = translate(page.specific, french)
        translate_all_strings(job, prefix="FR")
        publish(job, None, django_capture_on_commit_callbacks)
    return edition.get_translation(french)


def test_enabled_languages_come_from_settings_and_have_locales(db):
    codes = [code for code, _name in settings.LANGUAGES]
    assert codes[0] == "en"
    for code in ("fr", "de", "zh-hans", "ja", "ko", "mn", "ru", "vi", "th", "id"):
        assert code in codes
    assert set(Locale.objects.values_list("language_code", flat=True)) >= set(codes)


def test_translated_page_offers_its_languages_and_hreflang(client, edition, french_edition):
    response = client.get(edition.url)
    html = response.content.decode()
    assert response.status_code == 200
    french_url = french_edition.url
    assert french_url.startswith("/fr/")
    assert f'<link rel="alternate" hreflang="fr" href="http://testserver{french_url}">' in html
    assert f'<link rel="alternate" hreflang="en" href="http://testserver{edition.url}">' in html
    assert (
        f'<link rel="alternate" hreflang="x-default" href="http://testserver{edition.url}">' in html
    )
    assert f'<a href="{french_url}" hreflang="fr" lang="fr">français</a>' in html
    assert 'class="translation-notice"' not in html

    french_html = client.get(french_url).content.decode()
    assert '<html lang="fr"' in french_html
    assert "FR: " in french_html
    assert 'aria-current="true">français</a>' in french_html
    assert 'class="translation-notice"' not in french_html


def test_missing_translation_falls_back_to_english_with_a_notice_in_french(
    client, edition, french_edition
):
    programme_url = f"{french_edition.url}working-group-9/"
    WorkingGroupPageFactory(
        parent=edition, number=9, title="Working Group 9", slug="working-group-9"
    )
    response = client.get(programme_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Working Group 9" in html
    with django_translation.override("fr"):
        french_name = django_translation.get_language_info("fr")["name_translated"]
        values = {"language": french_name, "shown_language": "English"}
        notice = django_translation.gettext(NOTICE) % values
    assert notice != NOTICE % values, "the French catalogue is not compiled: run make install"
    assert notice in html.replace("&#x27;", "'")
    assert '<main id="main" class="wrapper" tabindex="-1" lang="en">' in html
    # The page has no French version to switch to, and says where its text lives.
    assert 'hreflang="fr"' not in html
    english = edition.get_children().get(slug="working-group-9")
    assert f'<link rel="canonical" href="http://testserver{english.url}">' in html


def test_without_any_french_page_the_english_site_is_served_under_fr(client, edition):
    response = client.get("/fr/editions/23-2025/")
    html = response.content.decode()
    assert response.status_code == 200
    assert edition.title in html
    assert 'class="translation-notice"' in html


def test_an_alias_shows_the_english_text_with_a_notice(client, edition, french):
    synchronize_tree(Locale.get_default(), french)
    alias = edition.get_translation(french)
    assert alias.alias_of_id == edition.pk
    html = client.get(alias.url).content.decode()
    assert 'class="translation-notice"' in html
    assert f'<link rel="canonical" href="http://testserver{edition.url}">' in html
    assert f'hreflang="fr" href="http://testserver{alias.url}"' not in html


def test_unpublished_translation_is_not_offered(client, edition, french):
    translate(edition.get_parent().get_parent().specific, french)
    translate(edition, french)
    html = client.get(edition.url).content.decode()
    assert 'hreflang="fr"' not in html


def test_a_translated_closed_page_stays_closed_in_every_language(
    client, edition, french, django_capture_on_commit_callbacks, django_user_model
):
    group = WorkingGroupPageFactory(parent=edition, number=1, title="Working Group 1")
    notes = SessionNotesPage(title="CLOSED-NOTES-MARKER", slug="notes")
    group.add_child(instance=notes)
    notes.save_revision().publish()
    german = Locale.objects.get(language_code="de")
    translations = []
    for locale in (french, german):
        job = translate(notes, locale)
        translate_all_strings(job, prefix=locale.language_code.upper())
        publish(job, None, django_capture_on_commit_callbacks)
        translations.append(Page.objects.get(pk=job.get_target_instance().pk))

    def readable(page):
        return access.can_view_page(AnonymousUser(), page)

    for page in translations:
        assert not readable(page)
        response = client.get(page.url)
        assert response.status_code in (302, 403, 404)
        assert "CLOSED-NOTES-MARKER" not in response.content.decode()

    # The Secretariat opens the English notes: every language opens with them.
    access.open_page(notes)
    assert all(readable(page) for page in translations)
    # And closes them again: every language closes again, without any re-sync.
    access.close_page(notes, working_group=group)
    for page in translations:
        assert not readable(page)
        response = client.get(page.url)
        assert response.status_code in (302, 403, 404)
        assert "CLOSED-NOTES-MARKER" not in response.content.decode()


def test_a_public_page_closed_after_translation_closes_its_translations(
    client, edition, french_edition
):
    assert client.get(french_edition.url).status_code == 200
    access.close_page(edition)
    response = client.get(french_edition.url)
    assert response.status_code in (302, 403, 404)
    assert "FR: " not in response.content.decode()


def test_a_translation_in_progress_leaves_the_english_page_in_place(
    client, edition, french_edition
):
    WorkingGroupPageFactory(
        parent=edition, number=9, title="Working Group 9", slug="working-group-9"
    )
    english = edition.get_children().get(slug="working-group-9").specific
    draft = translate(english, Locale.objects.get(language_code="fr")).get_target_instance()
    assert not Page.objects.get(pk=draft.pk).live
    response = client.get(f"{french_edition.url}working-group-9/")
    assert response.status_code == 200
    assert 'class="translation-notice"' in response.content.decode()


# A translation started in the admin ------------------------------------------------------


@pytest.fixture
def fr_translator(db, django_user_model):
    from django.contrib.auth.models import Group

    from tests.utils import make_user

    secretary = make_user(
        django_user_model, "secretary", groups=[Group.objects.get(name=access.SECRETARIAT)]
    )
    translator = make_user(django_user_model, "fr-translator")
    access.grant_translator(secretary, translator, Locale.objects.get(language_code="fr"))
    return translator


def start_translation(client, user, page, locale, capture):
    """ "Start translation" as the status board's link and wagtail-localize's form do it,
    with wagtail-localize's commit-time work run."""
    from django.urls import reverse

    client.force_login(user)
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    with capture(execute=True):
        response = client.post(url, {"locales": [locale.pk]})
    assert response.status_code == 302
    client.logout()
    return Page.objects.get(translation_key=page.translation_key, locale=locale).specific


def alternate_links(html):
    """The hreflang codes of the page's ``<link rel="alternate">`` elements."""
    import re

    return set(re.findall(r'<link rel="alternate" hreflang="([^"]+)"', html))


def test_a_started_translation_is_not_shown_to_readers_until_published(
    client, edition, french, fr_translator, django_capture_on_commit_callbacks
):
    from outputs.factories import KeyMessagesPageFactory
    from search.models import ArchiveEntry

    english = KeyMessagesPageFactory(parent=edition, title="Key Messages 23", slug="messages")
    draft = start_translation(
        client, fr_translator, english, french, django_capture_on_commit_callbacks
    )
    assert not draft.live

    response = client.get(f"/fr{english.url[3:]}")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="translation-notice"' in html
    assert '<main id="main" class="wrapper" tabindex="-1" lang="en">' in html
    assert f'<link rel="canonical" href="http://testserver{english.url}">' in html
    assert alternate_links(html) == {"en", "x-default"}
    assert alternate_links(client.get(english.url).content.decode()) == {"en", "x-default"}
    sitemap = client.get("/sitemap.xml").content.decode()
    assert english.url in sitemap
    assert "/fr/" not in sitemap
    assert not ArchiveEntry.objects.filter(page_id=draft.pk).exists()


def test_starting_the_translation_of_an_alias_leaves_the_english_text_in_place(
    client, edition, french, fr_translator, django_capture_on_commit_callbacks
):
    synchronize_tree(Locale.get_default(), french)
    alias = edition.get_translation(french)
    assert alias.alias_of_id == edition.pk and alias.live
    converted = start_translation(
        client, fr_translator, edition, french, django_capture_on_commit_callbacks
    )
    assert converted.pk == alias.pk
    assert converted.alias_of_id is None
    assert not converted.live
    html = client.get(converted.url).content.decode()
    assert 'class="translation-notice"' in html
    assert f'<link rel="canonical" href="http://testserver{edition.url}">' in html
    assert "fr" not in alternate_links(html)


def test_a_published_translation_below_a_draft_home_page_is_served(
    client, edition, french, fr_translator, django_capture_on_commit_callbacks
):
    series = edition.get_parent().get_parent().specific
    draft_home = start_translation(
        client, fr_translator, series, french, django_capture_on_commit_callbacks
    )
    assert not draft_home.live
    job = translate(edition, french)
    translate_all_strings(job, prefix="FR")
    publish(job, None, django_capture_on_commit_callbacks)
    french_edition = edition.get_translation(french)
    assert french_edition.live

    html = client.get(french_edition.url).content.decode()
    assert "FR: " in html
    assert 'class="translation-notice"' not in html
    home = client.get("/fr/")
    assert home.status_code == 200
    assert 'class="translation-notice"' in home.content.decode()


def test_breadcrumbs_show_an_ancestor_still_in_translation_as_its_english_page(
    client, edition, french, fr_translator, django_capture_on_commit_callbacks
):
    index = edition.get_parent().specific
    for page in (index.get_parent().specific, index):
        job = translate(page, french)
        translate_all_strings(job, prefix="FR")
        publish(job, None, django_capture_on_commit_callbacks)
    draft_edition = start_translation(
        client, fr_translator, edition, french, django_capture_on_commit_callbacks
    )
    group = WorkingGroupPageFactory(parent=edition, number=1, title="Working Group 1")
    job = translate(group, french)
    translate_all_strings(job, prefix="FR")
    publish(job, None, django_capture_on_commit_callbacks)
    # The translator's draft of the edition's title, not yet approved.
    draft_edition = Page.objects.get(pk=draft_edition.pk).specific
    draft_edition.title = "BROUILLON du titre"
    draft_edition.save_revision()
    draft_edition.save()

    html = client.get(group.get_translation(french).url).content.decode()
    assert "FR: Working Group 1" in html
    breadcrumbs = html.split('<nav class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert "BROUILLON" not in breadcrumbs
    assert f">{edition.title}</a>" in breadcrumbs


# The language switcher --------------------------------------------------------------------


def switcher_links(html):
    """{language code: (href, has hreflang, is current)} of the language switcher."""
    import re

    switcher = html.split('<nav class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    links = {}
    for attributes in re.findall(r"<a ([^>]*)>", switcher):
        code = re.search(r' lang="([^"]+)"', " " + attributes).group(1)
        links[code] = (
            re.search(r'href="([^"]+)"', attributes).group(1),
            "hreflang=" in attributes,
            'aria-current="true"' in attributes,
        )
    return links


def test_an_untranslated_page_offers_every_enabled_language(client, edition):
    html = client.get(edition.url).content.decode()
    links = switcher_links(html)
    assert list(links) == [code for code, _name in settings.LANGUAGES]
    assert links["en"] == (edition.url, True, True)
    assert links["ja"] == (f"/ja{edition.url[3:]}", False, False)
    # Only real translations are alternates.
    assert alternate_links(html) == {"en", "x-default"}

    japanese = client.get(links["ja"][0])
    japanese_html = japanese.content.decode()
    assert japanese.status_code == 200
    assert '<html lang="ja"' in japanese_html
    assert 'class="translation-notice"' in japanese_html
    assert switcher_links(japanese_html)["ja"] == (links["ja"][0], False, True)


def test_a_translated_page_leads_each_language_to_its_translation_or_the_english_text(
    client, edition, french_edition
):
    links = switcher_links(client.get(french_edition.url).content.decode())
    assert links["fr"] == (french_edition.url, True, True)
    assert links["en"] == (edition.url, True, False)
    assert links["de"] == (f"/de{edition.url[3:]}", False, False)
    assert len(links) == len(settings.LANGUAGES)


def test_the_switcher_is_a_disclosure_folded_behind_the_current_language(client, edition):
    html = client.get("/ja/editions/23-2025/").content.decode()
    switcher = html.split('<nav class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    assert "<details>" in switcher
    assert "<details open" not in switcher
    summary = switcher.split("<summary>", 1)[1].split("</summary>", 1)[0]
    assert "日本語" in summary
