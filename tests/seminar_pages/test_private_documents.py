"""Private documents stay private: after their working group, in the collections admin, in
tag suggestions and in the public pages that once linked them."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection, GroupCollectionPermission
from wagtail.permissions import policy_registry

from seminar_pages import access
from seminar_pages.factories import BackgroundPaperPageFactory, ConceptNotePageFactory
from seminar_pages.models import ClosedDoorCollection, WorkingGroupCollection
from tests.utils import assert_nothing, login

pytestmark = pytest.mark.django_db

Document = get_document_model()


def _document(title, collection, file_name="file.txt", body=b"text"):
    return Document.objects.create(
        title=title, file=ContentFile(body, name=file_name), collection=collection
    )


def _reload(collection):
    return Collection.objects.get(pk=collection.pk)


def _downloads(client, world, who, document):
    client.logout()
    response = login(client, world, who).get(document.url)
    client.logout()
    return response


# Privacy that survives its working group ---------------------------------------------


def test_private_collections_live_under_the_closed_door_collection(world):
    parent = access.closed_door_collection()
    private = access.private_collection(world["group_a"])
    assert parent.name == access.CLOSED_COLLECTION_NAME
    assert _reload(private).get_parent() == parent
    assert _reload(access.private_collection(world["group_b"])).get_parent() == parent


def test_deleting_a_working_group_keeps_its_private_document_closed(client, world):
    document = world["document"]
    world["group_a"].delete()

    link = WorkingGroupCollection.objects.get(collection=document.collection)
    assert link.working_group is None
    document.refresh_from_db()
    for who in ("anonymous", "other_member", "public_editor", "member"):
        assert_nothing(_downloads(client, world, who, document))
    assert _downloads(client, world, "secretary", document).status_code == 200
    assert not access.document_is_public(document)
    assert not access.readable_documents(world["public_editor"], Document.objects.all()).filter(
        pk=document.pk
    )


def test_a_collection_created_by_hand_under_the_closed_door_collection_is_closed(client, world):
    parent = access.closed_door_collection()
    minutes = _reload(parent).add_child(name="Steering Committee minutes")
    document = _document("Minutes", minutes)

    for who in ("anonymous", "member", "other_member", "public_editor", "translator"):
        assert_nothing(_downloads(client, world, who, document))
    assert _downloads(client, world, "secretary", document).status_code == 200
    assert not access.document_is_public(document)
    editor = world["public_editor"]
    assert not access.readable_collections(editor, Collection.objects.filter(pk=minutes.pk))


def test_a_working_groups_own_collection_and_what_is_below_it_open_to_its_members(client, world):
    own = _reload(access.private_collection(world["group_a"])).add_child(name="Session 2 files")
    document = _document("Session 2 slides", own)

    assert _downloads(client, world, "member", document).status_code == 200
    assert_nothing(_downloads(client, world, "other_member", document))


# The collections admin ---------------------------------------------------------------


@pytest.fixture
def collection_managers(world):
    """The public-section editors may also add and change collections from the root."""
    editors = world["public_editor"].groups.get()
    for codename in ("add_collection", "change_collection", "delete_collection"):
        GroupCollectionPermission.objects.create(
            group=editors,
            collection=Collection.get_first_root_node(),
            permission=Permission.objects.get(codename=codename),
        )
    return world


def test_a_collection_manager_cannot_move_a_private_collection_out(client, collection_managers):
    world = collection_managers
    private = access.private_collection(world["group_a"])
    root = Collection.get_first_root_node()
    client.force_login(world["public_editor"])

    policy = policy_registry.get_by_type(Collection)
    assert not policy.user_has_permission_for_instance(world["public_editor"], "change", private)
    assert policy.user_has_permission_for_instance(world["secretary"], "change", private) == (
        policy.user_has_permission_for_instance(world["secretary"], "change", root)
    )
    edit = reverse("wagtailadmin_collections:edit", args=[private.pk])
    response = client.post(edit, {"name": "Renamed", "parent": root.pk})
    assert response.status_code in {403, 404}
    privacy = client.get(reverse("wagtailadmin_collections:set_privacy", args=[private.pk]))
    assert privacy.status_code in {403, 404}
    assert _reload(private).get_parent() == access.closed_door_collection()
    assert _reload(private).name == private.name
    assert_nothing(_downloads(client, world, "anonymous", world["document"]))


def test_a_collection_manager_cannot_file_a_collection_into_the_closed_door_collection(
    client, collection_managers
):
    world = collection_managers
    parent = access.closed_door_collection()
    public = _reload(Collection.get_first_root_node()).add_child(name="Press kit")
    client.force_login(world["public_editor"])

    client.post(reverse("wagtailadmin_collections:add"), {"name": "Leak", "parent": parent.pk})
    client.post(
        reverse("wagtailadmin_collections:edit", args=[public.pk]),
        {"name": "Press kit", "parent": parent.pk},
    )
    assert not Collection.objects.filter(name="Leak").exists()
    assert _reload(public).get_parent().depth == 1
    # The policy itself, whatever the admin's gate refuses first.
    policy = policy_registry.get_by_type(Collection)
    editor = world["public_editor"]
    parents = policy.instances_user_has_permission_for(editor, "add")
    assert parents.filter(pk=public.pk).exists()
    assert not parents.filter(path__startswith=parent.path).exists()
    listed = policy.instances_user_has_any_permission_for(editor, ["add", "change", "delete"])
    assert not listed.filter(path__startswith=parent.path).exists()


def test_a_private_collection_moved_out_by_a_superuser_stays_private(
    client, world, django_user_model
):
    admin = django_user_model.objects.create_superuser("root", password="x")
    private = access.private_collection(world["group_a"])
    root = Collection.get_first_root_node()
    client.force_login(admin)
    response = client.post(
        reverse("wagtailadmin_collections:edit", args=[private.pk]),
        {"name": private.name, "parent": root.pk},
    )
    assert response.status_code == 302
    assert _reload(private).get_parent() == root

    assert_nothing(_downloads(client, world, "anonymous", world["document"]))
    assert_nothing(_downloads(client, world, "other_member", world["document"]))
    assert _downloads(client, world, "member", world["document"]).status_code == 200
    assert not access.document_is_public(world["document"])


def test_the_data_migration_moves_existing_private_collections_under_the_closed_parent(world):
    # The layout before it: private collections at the top, no closed-door collection.
    ClosedDoorCollection.objects.all().delete()
    root = Collection.get_first_root_node()
    for link in WorkingGroupCollection.objects.all():
        link.collection.move(_reload(root), "sorted-child")
    _reload(root).add_child(name="Public papers")

    migration = importlib.import_module(
        "seminar_pages.migrations.0009_private_collections_under_closed_parent"
    )
    migration.move_private_collections(django_apps, None)

    parent = access.closed_door_collection()
    for link in WorkingGroupCollection.objects.all():
        assert _reload(link.collection).get_parent() == parent
    assert Collection.objects.get(name="Public papers").get_parent() == root
    assert all(not problems for problems in Collection.find_problems())


# Tags in the admin ---------------------------------------------------------------------


@pytest.fixture
def tagged(world):
    world["document"].tags.add("closed-session-tag")
    public = _document("Press release", Collection.get_first_root_node())
    public.tags.add("closed-press-tag")
    return world


@pytest.mark.parametrize(
    "name, args",
    [
        ("wagtailadmin_tag_autocomplete", []),
        ("wagtailadmin_tag_model_autocomplete", ["taggit", "tag"]),
    ],
)
def test_tag_autocomplete_offers_private_documents_tags_to_their_readers_only(
    client, tagged, name, args
):
    url = reverse(name, args=args)
    client.force_login(tagged["public_editor"])
    offered = client.get(url, {"term": "closed"}).json()
    assert offered == ["closed-press-tag"]

    client.force_login(tagged["secretary"])
    offered = client.get(url, {"term": "closed"}).json()
    assert offered == ["closed-press-tag", "closed-session-tag"]


def test_documents_listing_filter_offers_private_documents_tags_to_their_readers_only(
    client, tagged
):
    client.force_login(tagged["public_editor"])
    listing = client.get(reverse("wagtaildocs:index"))
    assert listing.status_code == 200
    assert "closed-press-tag" in listing.content.decode()
    assert "closed-session-tag" not in listing.content.decode()

    client.force_login(tagged["secretary"])
    listing = client.get(reverse("wagtaildocs:index")).content.decode()
    assert "closed-press-tag" in listing and "closed-session-tag" in listing


# Public pages that linked a document --------------------------------------------------


def _assert_names_no_document(html, document, file_name):
    assert f"/documents/{document.pk}/" not in html
    assert file_name not in html
    assert document.title not in html


def test_a_background_paper_whose_pdf_became_private_names_no_document(client, world):
    document = _document(
        "PAPER-TITLE full text", Collection.get_first_root_node(), "paper-annex.pdf"
    )
    paper = BackgroundPaperPageFactory(parent=world["edition"], slug="paper", document=document)
    assert f"/documents/{document.pk}/" in client.get(paper.url).content.decode()

    document.collection = access.private_collection(world["group_b"])
    document.save()
    for who in ("anonymous", "public_editor", "member"):
        response = login(client, world, who).get(paper.url)
        assert response.status_code == 200
        _assert_names_no_document(response.content.decode(), document, "paper-annex")
        client.logout()


def test_a_concept_note_linking_a_document_that_became_private_names_no_document(client, world):
    document = _document(
        "ANNEX-TITLE of the note", Collection.get_first_root_node(), "concept-annex.pdf"
    )
    note = ConceptNotePageFactory(
        parent=world["edition"],
        slug="concept-note",
        introduction=f'<p>Read <a linktype="document" id="{document.pk}">the annex</a>.</p>',
    )
    assert f"/documents/{document.pk}/" in client.get(note.url).content.decode()

    document.collection = access.private_collection(world["group_a"])
    document.save()
    for who in ("anonymous", "member", "secretary"):
        response = login(client, world, who).get(note.url)
        assert response.status_code == 200
        html = response.content.decode()
        _assert_names_no_document(html, document, "concept-annex")
        assert "the annex" in html
        client.logout()


def test_session_notes_list_only_the_recordings_their_reader_may_download(client, world):
    other = _document(
        "OTHER-GROUP recording", access.private_collection(world["group_b"]), "other-audio.txt"
    )
    notes = world["notes"]
    notes.recordings = [("recording", world["document"]), ("recording", other)]
    notes.save_revision().publish()

    html = login(client, world, "member").get(notes.url).content.decode()
    assert world["document"].title in html
    _assert_names_no_document(html, other, "other-audio")
    client.logout()
    html = login(client, world, "secretary").get(notes.url).content.decode()
    assert other.title in html
