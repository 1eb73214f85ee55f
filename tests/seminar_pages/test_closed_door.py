"""Closed-door material never leaks: an adversarial suite over every way out.

Unique marker phrases sit in titles, bodies, StreamField blocks, search descriptions,
document titles and document files, in English and French. For each path, an anonymous
visitor, a member of another working group, a public-section editor and a translator get
nothing (a refusal and no marker anywhere in the response), while a member of the group
does get the material.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from wagtail.documents import get_document_model
from wagtail.models import Locale, ModelLogEntry, Page, PageLogEntry

from outputs.factories import RecommendationFactory, WorkingGroupReportPageFactory
from seminar_pages import access
from seminar_pages.factories import PageFactory, WorkingGroupPageFactory
from seminar_pages.models import ConceptNotePage, SessionNotesPage, WorkingGroupPage
from tests.utils import OUTSIDERS, assert_no_marker, assert_nothing, login, make_user

pytestmark = pytest.mark.django_db

# Public site --------------------------------------------------------------------------


@pytest.mark.parametrize("who", OUTSIDERS)
def test_closed_notes_page_is_not_served(client, world, who):
    assert_nothing(login(client, world, who).get(world["notes"].url))


@pytest.mark.parametrize("who", OUTSIDERS)
def test_french_translation_of_closed_notes_is_not_served(client, world, who):
    assert world["french_notes"].url.startswith("/fr/")
    assert_nothing(login(client, world, who).get(world["french_notes"].url))


def test_member_reads_the_notes_in_both_languages_and_it_is_never_cached(client, world):
    login(client, world, "member")
    response = client.get(world["notes"].url)
    assert response.status_code == 200
    assert "MARKER-NOTES-BODY" in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "MARQUEUR-FR-NOTES" in client.get(world["french_notes"].url).content.decode()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_private_document_is_not_served(client, world, who):
    assert_nothing(login(client, world, who).get(world["document"].url))


def test_member_downloads_the_private_document(client, world):
    response = login(client, world, "member").get(world["document"].url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert b"MARKER-DOC-FILE" in b"".join(response.streaming_content)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_listings_menus_and_sitemap_never_mention_closed_material(client, world, who):
    login(client, world, who)
    for url in (world["edition"].url, world["group_a"].url, "/en/", "/sitemap.xml"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_marker(response)
        assert "session-1" not in response.content.decode()


def test_member_finds_the_notes_on_the_working_group_page(client, world):
    response = login(client, world, "member").get(world["group_a"].url)
    assert "MARKER-NOTES-TITLE" in response.content.decode()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_draft_recommendation_permalink_is_not_found(client, world, who):
    identifier = world["draft"].recommendations.get().identifier
    response = login(client, world, who).get(f"/recommendations/{identifier}/", follow=True)
    assert_nothing(response)


def test_api_v2_is_not_exposed(client, world):
    assert client.get("/api/v2/pages/", follow=True).status_code == 404


# Admin ------------------------------------------------------------------------------


def admin_urls(world):
    notes = world["notes"]
    revision = notes.latest_revision
    return {
        "edit": reverse("wagtailadmin_pages:edit", args=[notes.pk]),
        "preview": reverse("wagtailadmin_pages:preview_on_edit", args=[notes.pk]),
        "history": reverse("wagtailadmin_pages:history", args=[notes.pk]),
        "revisions": reverse("wagtailadmin_pages:revisions_index", args=[notes.pk]),
        "revision": reverse("wagtailadmin_pages:revisions_view", args=[notes.pk, revision.pk]),
        "compare": reverse(
            "wagtailadmin_pages:revisions_compare", args=[notes.pk, "earliest", revision.pk]
        ),
        "copy": reverse("wagtailadmin_pages:copy", args=[notes.pk]),
        "closure": reverse("seminar_access:closure", args=[notes.pk]),
        "draft_edit": reverse("wagtailadmin_pages:edit", args=[world["draft"].pk]),
        "draft_preview": reverse("wagtailadmin_pages:preview_on_edit", args=[world["draft"].pk]),
        "french_edit": reverse("wagtailadmin_pages:edit", args=[world["french_notes"].pk]),
        "document_edit": reverse("wagtaildocs:edit", args=[world["document"].pk]),
        "document_usage": reverse("wagtaildocs:document_usage", args=[world["document"].pk]),
    }


ADMIN_PAGE_PATHS = [
    "edit",
    "preview",
    "history",
    "revisions",
    "revision",
    "compare",
    "copy",
    "closure",
    "draft_edit",
    "draft_preview",
    "french_edit",
    "document_edit",
    "document_usage",
]


@pytest.mark.parametrize("path", ADMIN_PAGE_PATHS)
@pytest.mark.parametrize("who", OUTSIDERS)
def test_admin_views_of_closed_material_refuse_outsiders(client, world, who, path):
    assert_nothing(login(client, world, who).get(admin_urls(world)[path]))


@pytest.mark.parametrize("who", ["public_editor", "translator", "other_member"])
def test_admin_listings_search_and_choosers_hide_closed_material(client, world, who):
    login(client, world, who)
    group_a = world["group_a"]
    for url in (
        reverse("wagtailadmin_explore", args=[group_a.pk]),
        reverse("wagtailadmin_pages:search") + "?q=MARKER",
        reverse("wagtailadmin_choose_page_child", args=[group_a.pk]),
        reverse("wagtailadmin_choose_page_search") + "?q=MARKER",
        reverse("wagtaildocs:index") + "?q=MARKER",
        reverse("wagtaildocs_chooser:choose") + "?q=MARKER",
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_home"),
    ):
        response = client.get(url)
        assert response.status_code in {200, 302, 403}, url
        assert_no_marker(response)


def test_public_editor_still_edits_the_public_working_group_page(client, world):
    response = login(client, world, "public_editor").get(
        reverse("wagtailadmin_pages:edit", args=[world["group_a"].pk])
    )
    assert response.status_code == 200


def test_rapporteur_edits_the_draft_report_of_their_group_only(client, world):
    login(client, world, "rapporteur")
    draft_edit = reverse("wagtailadmin_pages:edit", args=[world["draft"].pk])
    response = client.get(draft_edit)
    assert response.status_code == 200
    assert "MARKER-DRAFT-REC" in response.content.decode()
    other = WorkingGroupReportPageFactory(parent=world["group_b"], slug="report-b", publish=False)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[other.pk])).status_code == 404


def test_secretariat_sees_everything_in_the_admin(client, world):
    login(client, world, "secretary")
    for path in ("edit", "history", "revision", "closure"):
        assert client.get(admin_urls(world)[path]).status_code == 200, path


@pytest.mark.parametrize("who", ["public_editor", "translator", "other_member"])
def test_localize_submit_and_update_views_are_guarded(client, world, who):
    from wagtail_localize.models import TranslationSource

    login(client, world, who)
    notes = world["notes"]
    submit = reverse("wagtail_localize:submit_page_translation", args=[notes.pk])
    assert_nothing(client.get(submit))
    assert_nothing(client.post(submit, {"locales": [Locale.objects.get(language_code="fr").pk]}))
    source, _created = TranslationSource.get_or_create_from_instance(notes)
    update = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert_nothing(client.get(update))
    assert_nothing(client.get(reverse("wagtail_localize:translations_report")))


@pytest.mark.parametrize("who", ["public_editor", "translator"])
def test_localize_submit_of_a_parent_with_closed_pages_below_names_none_of_them(client, world, who):
    login(client, world, who)
    submit = reverse("wagtail_localize:submit_page_translation", args=[world["group_a"].pk])
    response = client.get(submit)
    assert_no_marker(response)
    # Everything below group A is closed or a draft: no subtree to offer (public-section
    # editors do not translate at all: the admin refuses them the form).
    assert response.status_code == (200 if who == "translator" else 302)
    assert "Include subtree" not in response.content.decode()


def test_copy_or_alias_of_closed_material_is_refused_even_for_the_secretariat(client, world):
    login(client, world, "secretary")
    url = reverse("wagtailadmin_pages:copy", args=[world["notes"].pk])
    response = client.post(
        url,
        {
            "new_title": "copy",
            "new_slug": "copy",
            "new_parent_page": world["group_b"].pk,
            "alias": "on",
            "publish_copies": "on",
        },
    )
    assert response.status_code == 302
    assert not Page.objects.filter(slug="copy").exists()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_alias_made_outside_the_admin_stays_closed(client, world, who):
    alias = world["notes"].create_alias(parent=world["group_b"], update_slug="alias-of-notes")
    assert alias.live
    assert_nothing(login(client, world, who).get(alias.url))


# Changes of access ------------------------------------------------------------------


def test_revocation_takes_effect_on_the_next_request(client, world):
    login(client, world, "member")
    assert client.get(world["notes"].url).status_code == 200
    access.revoke_role(world["secretary"], world["member"], world["group_a"], "member")
    assert_nothing(client.get(world["notes"].url))
    assert_nothing(client.get(world["document"].url))


def test_grants_and_revocations_are_logged_on_the_person(world):
    access.revoke_role(world["secretary"], world["member"], world["group_a"], "member")
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(world["member"]),
        object_id=str(world["member"].pk),
    ).order_by("timestamp")
    actions = [
        (entry.action, entry.data["role"], entry.data["working_group_id"], entry.user_id)
        for entry in entries
        if entry.action.startswith("seminar_pages.")
    ]
    group, secretary = world["group_a"].pk, world["secretary"].pk
    assert ("seminar_pages.grant_role", "member", group, secretary) in actions
    assert actions[-1] == ("seminar_pages.revoke_role", "member", group, secretary)


def test_the_group_page_history_names_no_role_holder(world):
    """Page history is read by everyone who edits the page: members are personal data."""
    access.revoke_role(world["secretary"], world["member"], world["group_a"], "member")
    entries = PageLogEntry.objects.filter(page=world["group_a"])
    assert not entries.filter(action__in=["seminar_pages.grant_role", "seminar_pages.revoke_role"])
    assert "member" not in str(list(entries.values_list("data", flat=True)))


def test_only_the_secretariat_grants_roles(client, world):
    with pytest.raises(PermissionError):
        access.grant_role(world["member"], world["other_member"], world["group_a"], "member")
    login(client, world, "public_editor")
    url = reverse("seminar_access:roles", args=[world["group_a"].pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"user": world["translator"].pk, "role": "member"})
    assert response.status_code == 404
    assert (world["translator"], "member") not in access.role_holders(world["group_a"])


def test_secretariat_grants_a_role_in_the_admin(client, world):
    login(client, world, "secretary")
    url = reverse("seminar_access:roles", args=[world["group_a"].pk])
    response = client.post(url, {"user": world["other_member"].pk, "role": "member"})
    assert response.status_code == 302
    assert (world["other_member"], "member") in access.role_holders(world["group_a"])
    response = client.post(url, {"user": "", "role": "emperor"})
    assert response.status_code == 400


def test_moving_a_page_into_a_closed_section_closes_it(client, world):
    access.close_page(world["group_b"], working_group=world["group_b"], user=world["secretary"])
    concept = PageFactory._create(
        ConceptNotePage,
        parent=world["edition"],
        title="Concept note",
        slug="concept-note",
        introduction="<p>Public.</p>",
    )
    assert client.get(concept.url).status_code == 200
    concept.move(world["group_b"], pos="last-child")
    concept.refresh_from_db()
    assert client.get(concept.url).status_code == 404


def test_moving_closed_notes_out_of_their_group_keeps_them_closed(client, world):
    notes = world["notes"]
    notes.move(world["group_b"], pos="last-child")
    notes.refresh_from_db()
    login(client, world, "other_member")
    assert_nothing(client.get(notes.url))


def test_translation_made_before_closing_is_closed_with_its_source(client, world):
    french = Locale.objects.get(language_code="fr")
    public = WorkingGroupReportPageFactory(
        parent=world["group_b"], slug="report-b", title="Group B report"
    )
    translated = public.copy_for_translation(french, copy_parents=True)
    translated.save_revision().publish()
    assert client.get(translated.url).status_code == 200
    access.close_page(public, working_group=world["group_b"], user=world["secretary"])
    assert client.get(translated.url).status_code == 404
    assert client.get(public.url).status_code == 404
    login(client, world, "other_member")
    assert client.get(translated.url).status_code == 200


def test_who_can_see_this_names_the_roles(client, world):
    entries = [(str(who), str(why)) for who, why in access.who_can_see(world["notes"])]
    assert ("member", "Member") in entries
    assert ("rapporteur", "Rapporteur") in entries
    assert not any(who == "other" for who, _why in entries)
    login(client, world, "secretary")
    response = client.get(reverse("seminar_access:closure", args=[world["notes"].pk]))
    assert "Closed-door material" in response.content.decode()


# Cost --------------------------------------------------------------------------------


def test_access_check_costs_a_bounded_number_of_queries(world, django_user_model):
    notes = world["notes"]

    def queries_for_fresh_user():
        user = django_user_model.objects.get(username="other")
        with CaptureQueriesContext(connection) as context:
            access.can_view_page(user, notes)
            list(access.visible_pages(user, Page.objects.all()))
        return len(context)

    before = queries_for_fresh_user()
    for number in range(3, 13):
        group = WorkingGroupPageFactory(parent=world["edition"], number=number)
        access.grant_role(world["secretary"], world["other_member"], group, "member")
        access.close_page(group, working_group=group)
    after = queries_for_fresh_user()
    assert before == after
    # Ten for the closed tree and the user's grants, one for the pages under embargo.
    assert after <= 11


def test_listings_filter_closed_material_in_sql(world):
    queryset = access.visible_pages(None, WorkingGroupPage.objects.all())
    assert "session-1" not in str(queryset.query)
    assert "path" in str(queryset.query).lower()


# Note-takers ---------------------------------------------------------------------------


def test_note_taker_files_notes_and_a_recording_for_their_group_only(
    client, world, django_user_model
):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    note_taker = make_user(django_user_model, "note-taker")
    access.grant_role(world["secretary"], note_taker, world["group_a"], "note_taker")
    client.force_login(note_taker)
    collection = access.private_collection(world["group_a"])

    upload = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Session 2 recording",
            "file": ContentFile(b"audio", name="session-2.mp3"),
            "collection": collection.pk,
        },
    )
    assert upload.status_code == 302
    recording = get_document_model().objects.get(title="Session 2 recording")
    assert recording.collection == collection

    data = nested_form_data(
        {
            "title": "Session 2 notes",
            "slug": "session-2",
            "session_date": "2025-11-05",
            "notes": streamfield([("paragraph", rich_text("<p>Points raised.</p>"))]),
            "recordings": streamfield([("recording", recording.pk)]),
            "action-publish": "publish",
        }
    )
    add = reverse(
        "wagtailadmin_pages:add", args=["seminar_pages", "sessionnotespage", world["group_a"].pk]
    )
    assert client.post(add, data).status_code == 302
    notes = SessionNotesPage.objects.get(slug="session-2")
    assert notes.live and access.is_closed(notes)

    add_b = reverse(
        "wagtailadmin_pages:add", args=["seminar_pages", "sessionnotespage", world["group_b"].pk]
    )
    assert client.post(add_b, data).status_code in {302, 403}
    assert not SessionNotesPage.objects.child_of(world["group_b"]).exists()

    client.force_login(world["other_member"])
    assert_nothing(client.get(notes.url))
    assert_nothing(client.get(recording.url))
    client.force_login(world["member"])
    assert client.get(notes.url).status_code == 200
    assert client.get(recording.url).status_code == 200


def test_editor_panel_marks_closed_pages_and_says_who_can_see(client, world):
    client.force_login(world["secretary"])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[world["notes"].pk]))
    html = response.content.decode()
    assert "Closed-door material (Chatham House Rule)." in html
    assert "Who can see this" in html and "member: Member" in html
    response = client.get(reverse("wagtailadmin_pages:edit", args=[world["group_b"].pk]))
    assert "Closed-door material (Chatham House Rule)." not in response.content.decode()


def test_note_taker_cannot_start_or_publish_a_report(client, world, django_user_model):
    note_taker = make_user(django_user_model, "note-taker")
    access.grant_role(world["secretary"], note_taker, world["group_b"], "note_taker")
    client.force_login(note_taker)
    add = reverse(
        "wagtailadmin_pages:add", args=["outputs", "workinggroupreportpage", world["group_b"].pk]
    )
    response = client.get(add)
    assert response.status_code in {302, 403}
    assert not world["group_b"].get_children().exists()


def test_admin_access_follows_admin_roles(world):
    rapporteur = world["rapporteur"]
    assert rapporteur.has_perm("wagtailadmin.access_admin")
    access.revoke_role(world["secretary"], rapporteur, world["group_a"], "rapporteur")
    rapporteur = type(rapporteur).objects.get(pk=rapporteur.pk)
    assert not rapporteur.has_perm("wagtailadmin.access_admin")
    assert (
        not type(rapporteur)
        .objects.get(pk=world["member"].pk)
        .has_perm("wagtailadmin.access_admin")
    )


# Paths found by review -----------------------------------------------------------------


@pytest.mark.parametrize("who", ["public_editor", "translator", "other_member"])
def test_bulk_action_confirmations_do_not_name_closed_material(client, world, who):
    login(client, world, who)
    pages = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    documents = reverse("wagtail_bulk_action", args=["wagtaildocs", "document", "delete"])
    for url in (
        f"{pages}?id={world['notes'].pk}&id={world['draft'].pk}",
        f"{pages}?id={world['french_notes'].pk}",
        f"{documents}?id={world['document'].pk}",
    ):
        response = client.get(url)
        # Without the admin, the admin's own refusal (the login page), whatever is named.
        assert response.status_code == (302 if who == "other_member" else 404), url
        assert_no_marker(response)
    # "All" lists what the user sees, no more.
    for url in (f"{pages}?id=all&childOf={world['group_a'].pk}", f"{documents}?id=all"):
        assert_no_marker(client.get(url))


@pytest.mark.parametrize("who", ["public_editor", "translator", "other_member"])
def test_explorer_and_chooser_opened_on_a_closed_page_show_nothing(client, world, who):
    login(client, world, who)
    for page in (world["notes"], world["french_notes"], world["draft"]):
        for name in ("wagtailadmin_explore", "wagtailadmin_choose_page_child"):
            assert_nothing(client.get(reverse(name, args=[page.pk])))


@pytest.mark.parametrize("who", ["public_editor", "translator"])
def test_page_types_usage_report_is_for_readers_of_all_material(client, world, who):
    login(client, world, who)
    assert_nothing(client.get(reverse("wagtailadmin_reports:page_types_usage")))


@pytest.mark.parametrize("who", ["public_editor", "secretary"])
def test_admin_api_refuses_to_copy_or_alias_closed_material(client, world, who):
    login(client, world, who)
    groups_before = WorkingGroupPage.objects.count()
    for action, page in (("copy", world["group_a"]), ("create_alias", world["notes"])):
        response = client.post(
            f"/admin/api/main/pages/{page.pk}/action/{action}/",
            {"destination_page_id": world["group_b"].pk, "recursive": True},
            content_type="application/json",
        )
        assert response.status_code in {403, 404}
    assert not SessionNotesPage.objects.child_of(world["group_b"]).exists()
    assert WorkingGroupPage.objects.count() == groups_before


def test_translation_of_a_page_moved_into_a_closed_section_is_closed(client, world):
    french = Locale.objects.get(language_code="fr")
    concept = PageFactory._create(
        ConceptNotePage,
        parent=world["edition"],
        title="Concept note",
        slug="concept-note",
        introduction="<p>Public.</p>",
    )
    translated = concept.copy_for_translation(french, copy_parents=True)
    translated.save_revision().publish()
    assert client.get(translated.url).status_code == 200
    access.close_page(world["group_b"], working_group=world["group_b"], user=world["secretary"])
    concept.move(world["group_b"], pos="last-child")
    assert client.get(translated.url).status_code == 404
    alias = (
        WorkingGroupPage.objects.get(pk=world["group_b"].pk)
        .get_children()
        .get(slug="concept-note")
        .specific.create_alias(parent=world["group_a"], update_slug="alias-of-concept")
    )
    assert client.get(alias.url).status_code == 404


def test_closure_narrowed_to_the_secretariat_shuts_out_members(client, world):
    login(client, world, "secretary")
    url = reverse("seminar_access:closure", args=[world["notes"].pk])
    assert client.post(url, {"closed": "on", "working_group": ""}).status_code == 302
    client.force_login(world["member"])
    assert_nothing(client.get(world["notes"].url))


def test_copying_a_group_with_a_published_report_gives_new_identifiers(client, world):
    report = WorkingGroupReportPageFactory(
        parent=world["group_b"],
        slug="report-b",
        recommendations=[RecommendationFactory.build(), RecommendationFactory.build()],
    )
    original = sorted(report.recommendations.values_list("identifier", flat=True))
    copy = report.copy(to=world["group_a"], update_attrs={"slug": "report-copy"}, keep_live=False)
    copied = sorted(copy.specific.recommendations.values_list("identifier", flat=True))
    assert original == ["HR23-WG2-R01", "HR23-WG2-R02"]
    assert copied == ["HR23-WG1-R02", "HR23-WG1-R03"]


def test_revocation_stops_comment_notifications(world):
    from wagtail.models import PageSubscription

    PageSubscription.objects.create(
        user=world["rapporteur"], page=world["draft"], comment_notifications=True
    )
    PageSubscription.objects.create(
        user=world["member"], page=world["notes"], comment_notifications=True
    )
    access.revoke_role(world["secretary"], world["rapporteur"], world["group_a"], "rapporteur")
    assert not PageSubscription.objects.filter(user=world["rapporteur"]).exists()
    assert PageSubscription.objects.filter(user=world["member"]).exists()


def test_who_can_see_follows_the_group_in_every_locale(world):
    french_group = WorkingGroupPage.objects.get(
        translation_key=world["group_a"].translation_key, locale__language_code="fr"
    )
    holders = [user.username for user, _role in access.role_holders(french_group)]
    assert "member" in holders


def test_admin_api_still_copies_public_pages(client, world):
    login(client, world, "secretary")
    response = client.post(
        f"/admin/api/main/pages/{world['group_b'].pk}/action/copy/",
        {"destination_page_id": world["edition"].pk, "slug": "wg-2-copy"},
        content_type="application/json",
    )
    assert response.status_code in {200, 201}, response.content
    assert WorkingGroupPage.objects.filter(slug="wg-2-copy").exists()


@pytest.mark.parametrize(
    ("view_name", "argument"),
    [("wagtailadmin_pages:edit", "group_b"), ("wagtailadmin_explore", "edition")],
)
def test_the_gate_costs_the_same_whatever_the_groups_closures_and_grants(
    rf, world, django_user_model, view_name, argument
):
    from seminar_pages import gate

    url = reverse(view_name, args=[world[argument].pk])

    def queries_of_the_gate():
        request = rf.get(url)
        request.user = django_user_model.objects.get(username="editor")
        request.resolver_match = resolve(url)
        with CaptureQueriesContext(connection) as context:
            gate.check(request, request.resolver_match.captured_kwargs)
        return len(context)

    before = queries_of_the_gate()
    for number in range(3, 13):
        group = WorkingGroupPageFactory(parent=world["edition"], number=number)
        access.grant_role(world["secretary"], world["other_member"], group, "member")
        access.close_page(group, working_group=group)
    assert queries_of_the_gate() == before
    assert before <= 12
