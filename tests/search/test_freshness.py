"""The index follows the tree before the response returns (database backend)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from search.backends import get_backend
from search.query import Query
from seminar_pages import access
from seminar_pages.factories import EditionPageFactory, ProgrammePageFactory

pytestmark = pytest.mark.django_db


def find(text, user=None, **options):
    query = Query(text=text, language="en", **options)
    return get_backend("database").search(query, user or AnonymousUser())


def test_publishing_a_page_makes_it_findable(archive):
    programme = ProgrammePageFactory(parent=archive["edition"], slug="programme", publish=False)
    programme.introduction = "<p>Freshprogramme practicalities.</p>"
    programme.save_revision()
    assert find("freshprogramme").total == 0
    programme.get_latest_revision().publish()
    assert [hit.title for hit in find("freshprogramme").hits] == ["Programme"]


def test_a_draft_of_a_live_page_is_not_indexed_until_published(archive):
    paper = archive["paper"]
    paper.summary = "Draftonlyword summary."
    revision = paper.save_revision()
    assert find("draftonlyword").total == 0
    revision.publish()
    assert find("draftonlyword").total == 1


def test_unpublishing_removes_a_page_and_its_recommendations(archive):
    assert find("migrant", types=("recommendation",)).total == 1
    archive["report"].unpublish()
    assert find("migrant", types=("recommendation",)).total == 0
    assert find("agreements").total == 0


def test_deleting_removes_a_page_and_its_recommendations(archive):
    archive["report"].delete()
    assert find("agreements").total == 0
    archive["paper"].delete()
    assert find("pdfonlyword").total == 0


def test_moving_a_working_group_updates_edition_and_links(archive):
    newer = EditionPageFactory(parent=archive["edition"].get_parent(), number=24, year=2026)
    archive["group_b"].move(newer, pos="last-child")
    (hit,) = find("agreements").hits
    assert (hit.edition_number, hit.edition_year) == (24, 2026)
    assert find("agreements", editions=(23,)).total == 0


def test_renaming_an_edition_updates_the_documents_below_it(archive):
    edition = archive["edition"]
    edition.year = 2024
    edition.save_revision().publish()
    assert find("agreements").hits[0].edition_year == 2024


def test_closing_and_reopening_a_page_takes_effect_at_once(archive):
    assert find("guiding").total == 1
    concept_note = find("guiding").hits[0]
    from wagtail.models import Page

    page = Page.objects.get(pk=concept_note.page_id)
    access.close_page(page, working_group=archive["group_a"])
    assert find("guiding").total == 0
    assert find("guiding", user=archive["member"]).total == 1
    access.open_page(page)
    assert find("guiding").total == 1


def test_rebuild_command_is_idempotent_and_shows_progress(archive):
    from io import StringIO

    from django.core.management import call_command

    from search.models import ArchiveEntry

    before = sorted(ArchiveEntry.objects.values_list("kind", "page_id", "recommendation_id"))
    out = StringIO()
    call_command("rebuild_archive_index", stdout=out)
    call_command("rebuild_archive_index", stdout=out)
    after = sorted(ArchiveEntry.objects.values_list("kind", "page_id", "recommendation_id"))
    assert before == after
    assert "[##############################]" in out.getvalue()
    assert f"Indexed {len(after)} documents (database)." in out.getvalue()


def test_rebuild_command_fails_clearly_when_elasticsearch_is_unreachable(archive, settings):
    from django.core.management import CommandError, call_command

    settings.ARCHIVE_SEARCH = {
        **settings.ARCHIVE_SEARCH,
        "BACKEND": "elasticsearch",
        "ELASTICSEARCH_URL": "http://127.0.0.1:9",
        "ELASTICSEARCH_TIMEOUT": 1,
    }
    with pytest.raises(CommandError, match="unreachable"):
        call_command("rebuild_archive_index", backend="elasticsearch")


def test_the_folding_migration_makes_an_old_index_find_tromso_with_a_stroke(archive):
    import importlib

    from django.apps import apps

    from outputs.factories import RecommendationFactory
    from search.models import ArchiveEntry

    report = archive["report"]
    report.recommendations.add(RecommendationFactory.build(text="Held in Tromsø in 2019."))
    report.save_revision().publish()
    # The tokens an index built before ø was folded holds.
    entry = ArchiveEntry.objects.get(search_text__contains="tromso")
    entry.search_text = entry.search_text.replace("tromso", "tromsø")
    entry.save()
    assert find("Tromso").total == 0
    migration = importlib.import_module("search.migrations.0003_fold_undecomposed_latin_letters")
    migration.fold_stored_tokens(apps, None)
    assert find("Tromso").total == 1
