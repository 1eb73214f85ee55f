"""Closed material changes no count or marker that others see in the admin.

Treebeard keeps each page's number of children on the page row, and Wagtail's admin reads
it (and counts descendants) without asking the access policy (PITFALLS 22, 23). Each test
here captures what an outsider gets of the public tree with public material only, adds
closed material below group A (session notes in English and French, a draft report, a file
in the group's private collection), captures again and compares the normalised responses.
"""

import difflib
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import GroupPagePermission, Locale, Page

from outputs.factories import RecommendationFactory, WorkingGroupReportPageFactory
from seminar_pages import access
from seminar_pages.factories import SessionNotesPageFactory, WorkingGroupPageFactory
from seminar_pages.models import SessionNotesPage
from tests.utils import assert_no_marker, login, make_user

pytestmark = pytest.mark.django_db

OUTSIDERS = ["public_editor", "translator", "other_member"]
API = "/admin/api/main/"


@pytest.fixture
def public_world(edition, django_user_model):
    """The people of the shared ``world`` fixture, with public material only: groups A and
    B, and the French copies of the tree down to group A (so that translating the notes
    later adds no public page)."""
    french = Locale.objects.get_or_create(language_code="fr")[0]
    group_a = WorkingGroupPageFactory(parent=edition, number=1, slug="wg-1", theme="Group A")
    group_b = WorkingGroupPageFactory(parent=edition, number=2, slug="wg-2", theme="Group B")
    group_a.copy_for_translation(french, copy_parents=True, alias=False).save_revision().publish()

    secretary = make_user(
        django_user_model, "secretary", groups=[Group.objects.get(name=access.SECRETARIAT)]
    )
    translators = Group.objects.get(name=access.TRANSLATORS)
    translators.permissions.add(Permission.objects.get(codename="submit_translation"))
    GroupPagePermission.objects.create(
        group=translators, page=edition, permission=Permission.objects.get(codename="change_page")
    )
    editors = Group.objects.get(name=access.PUBLIC_EDITORS)
    users = {
        "member": make_user(django_user_model, "member"),
        "other_member": make_user(django_user_model, "other"),
        "public_editor": make_user(django_user_model, "editor", groups=[editors]),
        "translator": make_user(django_user_model, "translator", groups=[translators]),
    }
    access.grant_role(secretary, users["member"], group_a, "member")
    access.grant_role(secretary, users["other_member"], group_b, "member")
    return {
        "edition": edition,
        "group_a": group_a,
        "group_b": group_b,
        "french": french,
        "secretary": secretary,
        **users,
    }


def add_closed_material(world):
    """Session notes (EN + FR), a draft report and a private file below group A."""
    group_a = world["group_a"]
    document = get_document_model().objects.create(
        title="MARKER-DOC-TITLE recording",
        file=ContentFile(b"MARKER-DOC-FILE transcript", name="recording.txt"),
        collection=access.private_collection(group_a),
    )
    notes = SessionNotesPageFactory(
        parent=group_a,
        title="MARKER-NOTES-TITLE session 1",
        slug="session-1",
        notes=[("paragraph", "<p>MARKER-NOTES-BODY was discussed.</p>")],
        recordings=[("recording", document)],
    )
    french_notes = notes.copy_for_translation(world["french"], alias=False)
    french_notes.title = "MARQUEUR-FR-NOTES séance 1"
    french_notes.save_revision().publish()
    draft = WorkingGroupReportPageFactory(
        parent=group_a,
        slug="report",
        title="MARKER-DRAFT-REPORT of group A",
        publish=False,
        recommendations=[RecommendationFactory.build(text="MARKER-DRAFT-REC text")],
    )
    world.update(document=document, notes=notes, french_notes=french_notes, draft=draft)
    return world


# Values that differ from one request to the next whatever the tree holds.
PER_REQUEST = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*'), r"\1"),
    (re.compile(r'("CSRF_TOKEN": ")[^"]*'), r"\1"),
    (re.compile(r"(editing-sessions/(?:ping/[a-z_]+/[a-z_]+/\d+|release)/)\d+/"), r"\1"),
    (re.compile(r"(&quot;key&quot;: &quot;)[a-z0-9]+(&quot;)"), r"\1\2"),
    # "Just now" becomes "1 minute ago" on a slow machine.
    (re.compile(r'(<time class="w-human-readable-date__date"[^>]*>)[^<]*'), r"\1"),
]


def normalised(response):
    text = response.content.decode()
    for pattern, replacement in PER_REQUEST:
        text = pattern.sub(replacement, text)
    return response.status_code, response.get("Location"), text


def capture(client, world, who, urls):
    captured = {}
    for url in urls:
        client.logout()  # and forget the messages a refusal leaves for the next page
        login(client, world, who)
        captured[url] = normalised(client.get(url))
    return captured


def assert_unchanged(before, after):
    changes = []
    for url, seen in before.items():
        if after[url] != seen:
            diff = difflib.unified_diff(
                seen[2].splitlines(), after[url][2].splitlines(), lineterm="", n=0
            )
            lines = [line.strip() for line in diff if line[:1] in "+-" and line.strip("+- ")]
            changes.append(f"{url}: {seen[:2]} -> {after[url][:2]}\n  " + "\n  ".join(lines))
    assert not changes, "\n".join(changes)


def assert_closed_material_changes_nothing(client, world, who, urls):
    before = capture(client, world, who, urls)
    add_closed_material(world)
    after = capture(client, world, who, urls)
    assert_unchanged(before, after)


def explore(page, query=""):
    return reverse("wagtailadmin_explore", args=[page.pk]) + query


def bulk(action, page):
    return reverse("wagtail_bulk_action", args=["wagtailcore", "page", action]) + f"?id={page.pk}"


def dashboard_page_count(client):
    text = client.get(reverse("wagtailadmin_home")).content.decode()
    return int(re.search(r"(\d+) Pages? <span", text).group(1))


# Counts and markers of the public tree --------------------------------------------------


@pytest.mark.parametrize("who", OUTSIDERS)
def test_explorer_and_page_search_are_unchanged_by_closed_material(client, public_world, who):
    edition, group_a = public_world["edition"], public_world["group_a"]
    urls = [
        explore(edition),  # folder icon, arrow, row buttons of group A
        explore(edition, "?has_child_pages=true"),
        explore(edition, "?has_child_pages=false"),
        explore(group_a),  # header buttons of group A, "no pages" listing
        explore(group_a, "?has_child_pages=true"),
        explore(edition, "?q=Working"),
        reverse("wagtailadmin_pages:search") + "?q=Working",
    ]
    assert_closed_material_changes_nothing(client, public_world, who, urls)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_page_chooser_is_unchanged_by_closed_material(client, public_world, who):
    urls = []
    for page in (public_world["edition"], public_world["group_a"]):
        choose = reverse("wagtailadmin_choose_page_child", args=[page.pk])
        # With a page type, pages one may descend into are listed for their children.
        urls += [choose, choose + "?page_type=seminar_pages.workinggrouppage"]
    assert_closed_material_changes_nothing(client, public_world, who, urls)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_admin_api_page_listings_and_child_counts_are_unchanged_by_closed_material(
    client, public_world, who
):
    urls = [f"{API}pages/?has_children=true", f"{API}pages/?has_children=false"]
    for page in (public_world["edition"], public_world["group_a"]):
        urls += [
            f"{API}pages/?child_of={page.pk}",
            f"{API}pages/?child_of={page.pk}&has_children=true",
            f"{API}pages/?child_of={page.pk}&has_children=false",
            f"{API}pages/?child_of={page.pk}&for_explorer=1",
            f"{API}pages/?descendant_of={page.pk}",
            f"{API}pages/{page.pk}/",  # meta: children and descendants counts
        ]
    assert_closed_material_changes_nothing(client, public_world, who, urls)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_dashboard_site_summary_is_unchanged_by_closed_material(client, public_world, who):
    assert_closed_material_changes_nothing(
        client, public_world, who, [reverse("wagtailadmin_home")]
    )


@pytest.mark.parametrize("who", OUTSIDERS)
def test_buttons_and_confirmations_of_group_a_are_unchanged_by_closed_material(
    client, public_world, who
):
    group_a, group_b = public_world["group_a"], public_world["group_b"]
    urls = [
        reverse("wagtailadmin_pages:edit", args=[group_a.pk]),  # header buttons
        reverse("wagtailadmin_pages:edit", args=[public_world["edition"].pk]),
        reverse("wagtailadmin_pages:unpublish", args=[group_a.pk]),  # "N subpages"
        reverse("wagtailadmin_pages:move", args=[group_a.pk]),
        reverse("wagtailadmin_pages:move_confirm", args=[group_a.pk, group_b.pk]),
        *(bulk(action, group_a) for action in ("delete", "move", "publish", "unpublish")),
    ]
    assert_closed_material_changes_nothing(client, public_world, who, urls)


def test_a_page_that_holds_pages_offers_the_public_editor_no_delete_and_loses_nothing(
    client, public_world
):
    login(client, public_world, "public_editor")
    group_a = public_world["group_a"]
    delete_url = f"/admin/pages/{group_a.pk}/delete/"
    before = client.get(explore(group_a)).content.decode()
    world = add_closed_material(public_world)
    # Not offered, with or without closed material below: decided by the page's type.
    assert delete_url not in before
    assert delete_url not in client.get(explore(group_a)).content.decode()

    delete = reverse("wagtailadmin_pages:delete", args=[group_a.pk])
    for response in (
        client.get(delete),
        client.post(delete),
        client.post(bulk("delete", group_a)),
        client.post(f"{API}pages/{group_a.pk}/action/delete/", content_type="application/json"),
    ):
        assert response.status_code in {302, 403}
        assert_no_marker(response)
    assert Page.objects.filter(pk=group_a.pk).exists()
    assert SessionNotesPage.objects.count() == 2
    assert Page.objects.filter(pk=world["draft"].pk).exists()


def test_secretary_still_sees_the_closed_pages_and_counts_them(client, public_world):
    login(client, public_world, "secretary")
    pages_before = dashboard_page_count(client)
    world = add_closed_material(public_world)
    group_a = world["group_a"]
    explorer = client.get(explore(group_a)).content.decode()
    assert "MARKER-NOTES-TITLE" in explorer and "MARKER-DRAFT-REPORT" in explorer
    listing = client.get(f"{API}pages/?child_of={world['edition'].pk}&has_children=true").json()
    assert [item["id"] for item in listing["items"]] == [group_a.pk]
    assert client.get(f"{API}pages/{group_a.pk}/").json()["meta"]["children"]["count"] == 2
    chooser = client.get(reverse("wagtailadmin_choose_page_child", args=[world["edition"].pk]))
    assert f"/admin/choose-page/{group_a.pk}/" in chooser.json()["html"]
    assert "MARKER-DOC-TITLE" in client.get(f"{API}documents/").content.decode()
    # The notes, their French translation and the draft.
    assert dashboard_page_count(client) == pages_before + 3


# The admin API's documents and pages ----------------------------------------------------


@pytest.mark.parametrize("who", ["public_editor", "translator"])
def test_admin_api_documents_never_show_the_private_document(client, world, who):
    login(client, world, who)
    document = world["document"]
    for url in (
        f"{API}documents/",
        f"{API}documents/?search=MARKER",
        f"{API}documents/?search=recording",
        f"{API}documents/?title={document.title}",
        f"{API}documents/?fields=*",
        f"{API}documents/{document.pk}/",
        f"{API}documents/find/?id={document.pk}",
    ):
        response = client.get(url)
        assert_no_marker(response)
        assert f"/documents/{document.pk}/" not in response.content.decode(), url


@pytest.mark.parametrize("who", ["public_editor", "translator"])
def test_private_document_and_closed_page_answer_like_ids_that_do_not_exist(client, world, who):
    login(client, world, who)
    missing_document = get_document_model().objects.order_by("-pk").first().pk + 1000
    missing_page = Page.objects.order_by("-pk").first().pk + 1000
    pairs = [
        (f"{API}documents/{world['document'].pk}/", f"{API}documents/{missing_document}/"),
        (
            f"{API}documents/find/?id={world['document'].pk}",
            f"{API}documents/find/?id={missing_document}",
        ),
    ]
    for page in (world["notes"], world["french_notes"], world["draft"]):
        pairs += [
            (f"{API}pages/{page.pk}/", f"{API}pages/{missing_page}/"),
            (f"{API}pages/?child_of={page.pk}", f"{API}pages/?child_of={missing_page}"),
        ]
    for hidden, missing in pairs:
        refused, absent = client.get(hidden), client.get(missing)
        assert refused.status_code in {400, 404}, hidden
        assert refused["Content-Type"] == absent["Content-Type"], hidden
        assert normalised(refused)[::2] == normalised(absent)[::2], hidden


def test_members_of_group_a_still_find_its_file_in_the_admin_api(client, world):
    # The rapporteur works in the admin within group A.
    response = login(client, world, "rapporteur").get(f"{API}documents/?search=recording")
    assert response.status_code == 200
    assert world["document"].pk in [item["id"] for item in response.json()["items"]]
