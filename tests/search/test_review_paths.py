"""Paths found in review: copies of restricted pages, documents that become private,
redirects of closed pages, reordered trees, overrides of documents, and translators'
access to published reports."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction, WorkflowState

from search import indexing
from search.backends import get_backend
from search.query import Query
from seminar_pages import access
from seminar_pages.models import WorkingGroupPage
from tests.seminar_pages.test_translation import publish, translate, translate_all_strings


def total(user, text, language="en"):
    return get_backend("database").search(Query(text=text, language=language), user).total


def test_a_restriction_added_after_translation_closes_the_translation(
    client, archive, django_capture_on_commit_callbacks
):
    paper = archive["paper"]
    french = archive["french"]
    for page in (paper.get_parent().get_parent().get_parent(), paper.get_parent().get_parent()):
        publish(translate(page.specific, french), None, django_capture_on_commit_callbacks)
    job = translate(archive["edition"], french)
    publish(job, None, django_capture_on_commit_callbacks)
    paper_job = translate(paper, french)
    translate_all_strings(paper_job, prefix="FR")
    publish(paper_job, None, django_capture_on_commit_callbacks)
    french_paper = Page.objects.get(pk=paper_job.get_target_instance().pk)
    assert access.can_view_page(AnonymousUser(), french_paper)

    PageViewRestriction.objects.create(
        page=archive["edition"], restriction_type=PageViewRestriction.LOGIN
    )
    assert not access.can_view_page(AnonymousUser(), french_paper)
    assert client.get(french_paper.url).status_code in (302, 403, 404)
    assert total(AnonymousUser(), "diligence", "fr") == 0


def test_an_alias_of_a_restricted_page_is_restricted(archive, edition_index):
    from seminar_pages.factories import EditionPageFactory

    other = EditionPageFactory(parent=edition_index, number=22, year=2023, slug="22-2023")
    PageViewRestriction.objects.create(
        page=archive["edition"], restriction_type=PageViewRestriction.LOGIN
    )
    alias = archive["paper"].create_alias(parent=other, update_slug="paper-alias")
    assert not access.can_view_page(AnonymousUser(), alias)
    assert not access.visible_pages(AnonymousUser()).filter(pk=alias.pk).exists()


def test_a_document_moved_into_a_private_collection_leaves_the_index(archive):
    assert total(AnonymousUser(), "pdfonlyword") == 1
    document = archive["paper"].document
    document.collection = access.private_collection(archive["group_a"])
    document.save()
    for who in (AnonymousUser(), archive["other_member"], archive["translator"]):
        assert total(who, "pdfonlyword") == 0


def test_a_deleted_document_leaves_the_index(archive):
    archive["paper"].document.delete()
    assert total(AnonymousUser(), "pdfonlyword") == 0


def test_redirects_of_closed_pages_do_not_answer(
    client, archive, django_capture_on_commit_callbacks
):
    notes = archive["notes"]
    old_url = notes.url
    notes.slug = "testimony-of-a-minister"
    with django_capture_on_commit_callbacks(execute=True):
        notes.save_revision().publish()
    assert client.get("/en/no-such-page/").status_code == 404
    response = client.get(old_url)
    assert response.status_code == 404
    assert "testimony-of-a-minister" not in response.get("Location", "")
    # A member of the group follows the redirect.
    client.force_login(archive["member"])
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith("/testimony-of-a-minister/")


def test_reordering_working_groups_reindexes_the_shifted_subtrees(
    client, archive, monkeypatch, django_capture_on_commit_callbacks
):
    written = {}

    class Recorder:
        name = "recorder"

        def replace_pages(self, page_ids, documents):
            written.update({document.page_id: document.path for document in documents})

    monkeypatch.setattr(indexing, "write_backends", lambda: [get_backend("database"), Recorder()])
    client.force_login(archive["secretary"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:set_page_position", args=[archive["group_b"].pk])
            + "?position=0"
        )
    assert response.status_code == 200
    notes = Page.objects.get(pk=archive["notes"].pk)
    report = Page.objects.get(pk=archive["report"].pk)
    assert written[notes.pk] == notes.path
    assert written[report.pk] == report.path
    group_a = WorkingGroupPage.objects.get(pk=archive["group_a"].pk)
    assert notes.path.startswith(group_a.path)


def test_a_translator_cannot_link_a_private_document_through_an_override(
    client, archive, django_user_model
):
    from wagtail_localize.models import OverridableSegment

    secretary = archive["secretary"]
    translator = archive["translator"]
    access.grant_translator(secretary, translator, archive["french"])
    private = archive["paper"].document.__class__.objects.create(
        title="Private notes file",
        file=archive["paper"].document.file,
        collection=access.private_collection(archive["group_a"]),
    )
    job = translate(archive["paper"], archive["french"])
    segment = OverridableSegment.objects.get(source=job.source)
    client.force_login(translator)
    url = reverse("wagtail_localize:edit_override", args=[job.pk, segment.pk])
    refused = client.put(
        url, f"value={private.pk}", content_type="application/x-www-form-urlencoded"
    )
    assert refused.status_code == 404
    allowed = client.put(
        url,
        f"value={archive['paper'].document.pk}",
        content_type="application/x-www-form-urlencoded",
    )
    assert allowed.status_code in (200, 201)


def test_submit_for_review_refuses_what_is_not_a_page(client, archive):
    from seminar_pages.models import Topic

    secretary = archive["secretary"]
    access.grant_translator(secretary, archive["translator"], archive["french"])
    topic = Topic.objects.first()
    job = translate(topic, archive["french"])
    client.force_login(archive["translator"])
    url = reverse("outputs_admin:submit_for_review", args=[job.pk])
    response = client.post(url)
    # A 404 outside the language prefixes is first redirected to /en/ (LocaleMiddleware).
    assert response.status_code == 404 or response["Location"] == f"/en{url}"
    assert not WorkflowState.objects.exists()


@pytest.mark.parametrize("published", [True, False])
def test_translators_reach_published_reports_but_never_drafts(client, archive, published):
    access.grant_translator(archive["secretary"], archive["translator"], archive["french"])
    report = archive["report"] if published else archive["draft"]
    client.force_login(archive["translator"])
    url = reverse("wagtail_localize:submit_page_translation", args=[report.pk])
    response = client.post(url, {"locales": [archive["french"].pk]})
    if published:
        assert response.status_code == 302
        assert report.get_translation_or_none(archive["french"]) is not None
    else:
        assert response.status_code == 404
        assert report.get_translation_or_none(archive["french"]) is None
